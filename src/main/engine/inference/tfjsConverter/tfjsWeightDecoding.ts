// Decodes the .bin weight shards of a TF.js graph model into typed arrays.
// Layout facts (from the TF.js weights-manifest format):
// - every manifest group is one logical buffer made of its shard files concatenated in order; the
//   weights of the group follow each other in that buffer, so offsets are cumulative per group;
// - a "float16" quantization without scale/min is plain IEEE half precision (the converter's
//   --quantize_float16), while uint8/uint16 quantization is affine: value = q * scale + min.
import { StudioError } from '../../../../shared/errors';
import type { TfjsWeightEntry, TfjsWeightGroup } from './tfjsGraphModelFormat';
import { elementCount } from './layoutMath';

export interface DecodedWeight {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32';
  data: Float32Array | Int32Array;
}

function storedBytesPerElement(entry: TfjsWeightEntry): number {
  const stored = entry.quantization?.dtype ?? entry.dtype;
  switch (stored) {
    case 'float32':
    case 'int32':
      return 4;
    case 'float16':
    case 'uint16':
      return 2;
    case 'uint8':
    case 'bool':
      return 1;
  }
}

/** IEEE 754 binary16 -> number, including subnormals, infinities and NaN. */
export function halfToFloat(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 0x1f) return fraction === 0 ? sign * Infinity : NaN;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

function decodeOne(entry: TfjsWeightEntry, view: DataView, offset: number, count: number): DecodedWeight {
  const quantization = entry.quantization;
  const asInt = entry.dtype === 'int32' || entry.dtype === 'bool';
  const values = asInt ? new Int32Array(count) : new Float32Array(count);
  if (quantization === undefined) {
    for (let index = 0; index < count; index++) {
      if (entry.dtype === 'float32') values[index] = view.getFloat32(offset + index * 4, true);
      else if (entry.dtype === 'int32') values[index] = view.getInt32(offset + index * 4, true);
      else values[index] = view.getUint8(offset + index);
    }
  } else if (quantization.dtype === 'float16' && quantization.scale === undefined) {
    for (let index = 0; index < count; index++)
      values[index] = halfToFloat(view.getUint16(offset + index * 2, true));
  } else {
    if (quantization.scale === undefined || quantization.min === undefined) {
      throw new Error(`weight "${entry.name}" is ${quantization.dtype}-quantized but has no scale/min`);
    }
    const { scale, min } = quantization;
    for (let index = 0; index < count; index++) {
      const quantized =
        quantization.dtype === 'uint8'
          ? view.getUint8(offset + index)
          : view.getUint16(offset + index * 2, true);
      const value = quantized * scale + min;
      // Quantized int32 weights (e.g. shapes) must come back as exact integers.
      values[index] = asInt ? Math.round(value) : value;
    }
  }
  return { name: entry.name, shape: [...entry.shape], dtype: asInt ? 'int32' : 'float32', data: values };
}

/**
 * @param readShard returns the bytes of one shard file named in the manifest (relative path).
 * Throws MODEL_CORRUPT naming the model and shard when the bytes do not match the manifest.
 */
export function decodeWeights(
  modelId: string,
  groups: readonly TfjsWeightGroup[],
  readShard: (path: string) => Uint8Array,
): Map<string, DecodedWeight> {
  const weights = new Map<string, DecodedWeight>();
  for (const group of groups) {
    const shards = group.paths.map((path) => readShard(path));
    const groupBytes = Buffer.concat(shards);
    const view = new DataView(groupBytes.buffer, groupBytes.byteOffset, groupBytes.byteLength);
    let offset = 0;
    for (const entry of group.weights) {
      const count = elementCount(entry.shape);
      const byteLength = count * storedBytesPerElement(entry);
      if (offset + byteLength > groupBytes.byteLength) {
        throw new StudioError(
          'MODEL_CORRUPT',
          `Model "${modelId}": weight file ${group.paths.join(' + ')} is ${groupBytes.byteLength} bytes, ` +
            `but the manifest needs at least ${offset + byteLength} (weight "${entry.name}"); the file is truncated.`,
        );
      }
      weights.set(entry.name, decodeOne(entry, view, offset, count));
      offset += byteLength;
    }
    if (offset !== groupBytes.byteLength) {
      throw new StudioError(
        'MODEL_CORRUPT',
        `Model "${modelId}": weight file ${group.paths.join(' + ')} is ${groupBytes.byteLength} bytes, ` +
          `but the manifest describes ${offset}; the file does not belong to this model.json.`,
      );
    }
  }
  return weights;
}
