// Test helper: writes small TF.js graph models (model.json text + one weight shard) in the exact
// protobuf-JSON form the TF.js converter produces, so converter tests can cover ops and corner
// cases (odd sizes, quantized weights, explicit padding) that the shipped models do not.
import type {
  TfjsAttributeValue,
  TfjsGraphNode,
  TfjsWeightEntry,
} from '../tfjsConverter/tfjsGraphModelFormat';

export const attr = {
  string: (text: string): TfjsAttributeValue => ({ s: Buffer.from(text, 'utf8').toString('base64') }),
  strings: (texts: string[]): TfjsAttributeValue => ({
    list: { s: texts.map((text) => Buffer.from(text, 'utf8').toString('base64')) },
  }),
  ints: (values: number[]): TfjsAttributeValue => ({ list: { i: values.map(String) } }),
  int: (value: number): TfjsAttributeValue => ({ i: String(value) }),
  bool: (value: boolean): TfjsAttributeValue => ({ b: value }),
  float: (value: number): TfjsAttributeValue => ({ f: value }),
  type: (type: string): TfjsAttributeValue => ({ type }),
};

/** Encodes a number as IEEE half bits (round to nearest; enough for test values). */
function floatToHalfBits(value: number): number {
  const floatView = new Float32Array(1);
  const intView = new Uint32Array(floatView.buffer);
  floatView[0] = value;
  const bits = intView[0] ?? 0;
  const sign = (bits >>> 16) & 0x8000;
  const exponent = ((bits >>> 23) & 0xff) - 127 + 15;
  const mantissa = bits & 0x7fffff;
  if (exponent <= 0) return sign; // test values never need subnormals
  if (exponent >= 31) return sign | 0x7c00;
  return sign | (exponent << 10) | Math.round(mantissa / 0x2000);
}

export class SyntheticGraphModel {
  private readonly nodes: TfjsGraphNode[] = [];
  private readonly entries: TfjsWeightEntry[] = [];
  private readonly chunks: Buffer[] = [];
  private seed = 12345;

  /** Deterministic pseudo-random values in [-1, 1). */
  random(count: number): number[] {
    return Array.from({ length: count }, () => {
      this.seed = (this.seed * 1103515245 + 12345) % 2147483648;
      return (this.seed / 2147483648) * 2 - 1;
    });
  }

  placeholder(name: string, shape: number[]): string {
    this.nodes.push({
      name,
      op: 'Placeholder',
      attr: {
        dtype: attr.type('DT_FLOAT'),
        shape: { shape: { dim: shape.map((size) => ({ size: String(size) })) } } as TfjsAttributeValue,
      },
    });
    return name;
  }

  private constNode(name: string, dtype: 'DT_FLOAT' | 'DT_INT32'): void {
    this.nodes.push({ name, op: 'Const', attr: { dtype: attr.type(dtype) } });
  }

  /** A float constant stored as float32, IEEE half ("float16") or affine uint8. */
  floats(
    name: string,
    shape: number[],
    values: number[],
    storage: 'float32' | 'float16' | 'uint8' = 'float32',
  ): string {
    this.constNode(name, 'DT_FLOAT');
    if (storage === 'float32') {
      this.entries.push({ name, shape, dtype: 'float32' });
      this.chunks.push(Buffer.from(Float32Array.from(values).buffer));
    } else if (storage === 'float16') {
      this.entries.push({
        name,
        shape,
        dtype: 'float32',
        quantization: { dtype: 'float16', original_dtype: 'float32' },
      });
      this.chunks.push(Buffer.from(Uint16Array.from(values, floatToHalfBits).buffer));
    } else {
      const min = Math.min(...values);
      const scale = (Math.max(...values) - min) / 255 || 1;
      this.entries.push({ name, shape, dtype: 'float32', quantization: { dtype: 'uint8', scale, min } });
      this.chunks.push(Buffer.from(Uint8Array.from(values, (value) => Math.round((value - min) / scale))));
    }
    return name;
  }

  ints(name: string, shape: number[], values: number[]): string {
    this.constNode(name, 'DT_INT32');
    this.entries.push({ name, shape, dtype: 'int32' });
    this.chunks.push(Buffer.from(Int32Array.from(values).buffer));
    return name;
  }

  op(
    name: string,
    op: string,
    inputs: string[],
    attributes: Record<string, TfjsAttributeValue> = {},
  ): string {
    this.nodes.push({ name, op, input: inputs, attr: { T: attr.type('DT_FLOAT'), ...attributes } });
    return name;
  }

  /** model.json text (outputs declared in a signature) and the weight shard "weights.bin". */
  build(
    inputs: string[],
    outputs: string[],
  ): { modelJsonText: string; weights: Uint8Array; outputs: string[] } {
    const tensor = (name: string) => [name, { name: `${name}:0`, dtype: 'DT_FLOAT' }];
    const model = {
      format: 'graph-model',
      generatedBy: 'doppel-studio tests',
      convertedBy: 'doppel-studio tests',
      modelTopology: { node: this.nodes, library: {}, versions: {} },
      weightsManifest: [{ paths: ['weights.bin'], weights: this.entries }],
      signature: {
        inputs: Object.fromEntries(inputs.map(tensor)),
        outputs: Object.fromEntries(outputs.map(tensor)),
      },
    };
    return { modelJsonText: JSON.stringify(model), weights: Buffer.concat(this.chunks), outputs };
  }
}
