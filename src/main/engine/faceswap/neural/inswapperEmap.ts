// inswapper's emap: the 512 x 512 matrix that projects an ArcFace embedding into the swapper's
// latent space. It is not an input: InsightFace and FaceFusion take the LAST initializer of the
// model's graph (ModelProto field 7 = graph, GraphProto field 5 = initializer). onnxruntime does not
// expose initializers, so the .onnx protobuf is walked here once — skipping every other field
// without decoding it, so a 554 MB model costs one read — and the matrix is cached beside the
// model as `<file>.emap-<sha256 prefix>.bin` (float32 little-endian, row-major), keyed by the
// model's sha256 so a different file never reuses it.
import { readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import onnxProto from 'onnx-proto';
import { StudioError } from '../../../../shared/errors';

const { onnx: messages } = onnxProto;

export const EMAP_SIZE = 512;
const EMAP_BYTES = EMAP_SIZE * EMAP_SIZE * 4;
const MODEL_GRAPH_FIELD = 7;
const GRAPH_INITIALIZER_FIELD = 5;
const FLOAT = 1;
const FLOAT16 = 10;

function readVarint(bytes: Uint8Array, offset: number): { value: number; next: number } {
  let value = 0;
  let multiplier = 1;
  let position = offset;
  for (;;) {
    if (position >= bytes.length) throw new RangeError('truncated varint');
    const byte = bytes[position++]!;
    value += (byte & 0x7f) * multiplier;
    if ((byte & 0x80) === 0) return { value, next: position };
    multiplier *= 128;
    if (multiplier > 2 ** 63) throw new RangeError('varint too long');
  }
}

/** [start, end) of each occurrence of a length-delimited field inside bytes[from, to). */
function fieldRanges(bytes: Uint8Array, from: number, to: number, field: number): [number, number][] {
  const ranges: [number, number][] = [];
  let position = from;
  while (position < to) {
    const key = readVarint(bytes, position);
    position = key.next;
    const wireType = key.value % 8;
    const number = Math.floor(key.value / 8);
    if (wireType === 0) position = readVarint(bytes, position).next;
    else if (wireType === 1) position += 8;
    else if (wireType === 5) position += 4;
    else if (wireType === 2) {
      const length = readVarint(bytes, position);
      const start = length.next;
      const end = start + length.value;
      if (end > to) throw new RangeError('a field runs past the end of its message');
      if (number === field) ranges.push([start, end]);
      position = end;
    } else throw new RangeError(`unsupported protobuf wire type ${wireType}`);
  }
  if (position !== to) throw new RangeError('a field runs past the end of its message');
  return ranges;
}

function halfToFloat(half: number): number {
  const sign = half & 0x8000 ? -1 : 1;
  const exponent = (half >> 10) & 0x1f;
  const fraction = half & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 31) return fraction === 0 ? sign * Infinity : NaN;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

/** The last graph initializer of an ONNX model, as a 512 x 512 float32 matrix. */
export function extractEmap(modelBytes: Uint8Array, modelName: string): Float32Array {
  const fail = (problem: string) =>
    new StudioError('MODEL_CORRUPT', `Cannot read the emap of ${modelName}: ${problem}.`);
  let tensorBytes: Uint8Array;
  try {
    const [graph] = fieldRanges(modelBytes, 0, modelBytes.length, MODEL_GRAPH_FIELD);
    if (graph === undefined) throw fail('the file has no graph');
    const initializers = fieldRanges(modelBytes, graph[0], graph[1], GRAPH_INITIALIZER_FIELD);
    const last = initializers.at(-1);
    if (last === undefined) throw fail('its graph has no initializers');
    tensorBytes = modelBytes.subarray(last[0], last[1]);
  } catch (error) {
    if (error instanceof StudioError) throw error;
    throw fail(`it is not a readable ONNX protobuf (${(error as Error).message})`);
  }
  const tensor = messages.TensorProto.decode(tensorBytes);
  const dims = tensor.dims.map(Number);
  if (dims.length !== 2 || dims[0] !== EMAP_SIZE || dims[1] !== EMAP_SIZE) {
    throw fail(`its last initializer "${tensor.name}" is [${dims.join(',')}], not [512,512]`);
  }
  if (tensor.dataLocation === messages.TensorProto.DataLocation.EXTERNAL) {
    throw fail('its last initializer is stored in an external data file, which is not supported');
  }
  const count = EMAP_SIZE * EMAP_SIZE;
  const emap = new Float32Array(count);
  const raw = tensor.rawData;
  if (tensor.dataType === FLOAT) {
    if (raw.length === count * 4) {
      const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
      for (let index = 0; index < count; index++) emap[index] = view.getFloat32(index * 4, true);
    } else if (tensor.floatData.length === count) emap.set(tensor.floatData);
    else throw fail('its last initializer holds the wrong number of values');
  } else if (tensor.dataType === FLOAT16) {
    if (raw.length === count * 2) {
      const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
      for (let index = 0; index < count; index++) emap[index] = halfToFloat(view.getUint16(index * 2, true));
    } else if (tensor.int32Data.length === count) {
      // ONNX keeps float16 bit patterns in int32_data when raw_data is not used.
      for (let index = 0; index < count; index++)
        emap[index] = halfToFloat(tensor.int32Data[index]! & 0xffff);
    } else throw fail('its last initializer holds the wrong number of values');
  } else {
    throw fail(`its last initializer has element type ${tensor.dataType}, not float32 or float16`);
  }
  return emap;
}

export function emapCachePath(modelPath: string, modelSha256: string): string {
  return `${modelPath}.emap-${modelSha256.slice(0, 16)}.bin`;
}

/**
 * The emap of the model at `modelPath` whose verified sha256 is `modelSha256`: from the cache when
 * present, else extracted from the model and cached. `modelBytes` avoids a second read when the
 * caller already holds them.
 */
export async function loadInswapperEmap(
  modelPath: string,
  modelSha256: string,
  modelBytes?: Uint8Array,
): Promise<{ emap: Float32Array; fromCache: boolean }> {
  const cachePath = emapCachePath(modelPath, modelSha256);
  try {
    if ((await stat(cachePath)).size === EMAP_BYTES) {
      const bytes = await readFile(cachePath);
      const emap = new Float32Array(EMAP_SIZE * EMAP_SIZE);
      for (let index = 0; index < emap.length; index++) emap[index] = bytes.readFloatLE(index * 4);
      return { emap, fromCache: true };
    }
  } catch {
    // No usable cache: extract below.
  }
  const emap = extractEmap(modelBytes ?? (await readFile(modelPath)), modelPath);
  const bytes = Buffer.alloc(EMAP_BYTES);
  for (let index = 0; index < emap.length; index++) bytes.writeFloatLE(emap[index]!, index * 4);
  const temporary = `${cachePath}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, bytes);
    await rename(temporary, cachePath);
  } catch {
    // A read-only models folder only costs a re-extraction next time.
    await rm(temporary, { force: true }).catch(() => undefined);
  }
  return { emap, fromCache: false };
}

/** latent = normalize((e/‖e‖)·emap), InsightFace's form (row vector times matrix). */
export function inswapperLatent(embedding: ArrayLike<number>, emap: Float32Array): Float32Array {
  let norm = 0;
  for (let index = 0; index < EMAP_SIZE; index++) norm += embedding[index]! ** 2;
  norm = Math.sqrt(norm) || 1;
  const latent = new Float32Array(EMAP_SIZE);
  for (let row = 0; row < EMAP_SIZE; row++) {
    const value = embedding[row]! / norm;
    if (value === 0) continue;
    const offset = row * EMAP_SIZE;
    for (let column = 0; column < EMAP_SIZE; column++) latent[column]! += value * emap[offset + column]!;
  }
  let latentNorm = 0;
  for (let column = 0; column < EMAP_SIZE; column++) latentNorm += latent[column]! ** 2;
  latentNorm = Math.sqrt(latentNorm) || 1;
  for (let column = 0; column < EMAP_SIZE; column++) latent[column]! /= latentNorm;
  return latent;
}
