// The graph the Keras translation writes: TF.js graph-model nodes (protobuf-JSON attributes, as
// the TF.js converter writes them), one Const node per stored weight, and the small constants the
// translation itself needs, packed into one extra weight shard. Names are checked for clashes.
import { StudioError } from '../../../../shared/errors';
import type { TfjsAttributeValue, TfjsGraphNode, TfjsWeightEntry } from './tfjsGraphModelFormat';

export interface Tensor {
  name: string;
  /** NHWC for images; -1 for the batch. */
  shape: number[];
}

const base64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');
export const attributes = {
  string: (text: string): TfjsAttributeValue => ({ s: base64(text) }),
  ints: (values: readonly number[]): TfjsAttributeValue => ({ list: { i: values.map(String) } }),
  float: (value: number): TfjsAttributeValue => ({ f: value }),
  bool: (value: boolean): TfjsAttributeValue => ({ b: value }),
  type: (type: string): TfjsAttributeValue => ({ type }),
};

export class GraphBuilder {
  readonly nodes: TfjsGraphNode[] = [];
  readonly constantEntries: TfjsWeightEntry[] = [];
  private readonly constantChunks: Buffer[] = [];
  private readonly names = new Set<string>();

  constructor(
    readonly modelId: string,
    readonly weightShapes: ReadonlyMap<string, readonly number[]>,
    weightTypes: ReadonlyMap<string, string>,
  ) {
    // Every stored weight is a Const node of the same name, as in graph models.
    for (const [name, dtype] of weightTypes) {
      this.claim(name);
      this.nodes.push({
        name,
        op: 'Const',
        attr: { dtype: attributes.type(dtype === 'int32' ? 'DT_INT32' : 'DT_FLOAT') },
      });
    }
  }

  private claim(name: string): string {
    if (this.names.has(name)) {
      throw new StudioError('MODEL_CORRUPT', `Model "${this.modelId}": two tensors are named "${name}".`);
    }
    this.names.add(name);
    return name;
  }

  /** A fresh name under the layer's scope ("conv1/BiasAdd", "conv1/BiasAdd_1", ...). */
  scoped(layer: string, op: string): string {
    let name = `${layer}/${op}`;
    for (let suffix = 1; this.names.has(name); suffix++) name = `${layer}/${op}_${suffix}`;
    return name;
  }

  emit(
    name: string,
    op: string,
    inputs: readonly string[],
    attr: Record<string, TfjsAttributeValue> = {},
  ): string {
    this.nodes.push({
      name: this.claim(name),
      op,
      input: [...inputs],
      attr: { T: attributes.type('DT_FLOAT'), ...attr },
    });
    return name;
  }

  constant(
    name: string,
    shape: readonly number[],
    values: readonly number[],
    dtype: 'int32' | 'float32',
  ): string {
    this.claim(name);
    this.nodes.push({
      name,
      op: 'Const',
      attr: { dtype: attributes.type(dtype === 'int32' ? 'DT_INT32' : 'DT_FLOAT') },
    });
    this.constantEntries.push({ name, shape: [...shape], dtype });
    const data = dtype === 'int32' ? Int32Array.from(values) : Float32Array.from(values);
    this.constantChunks.push(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
    return name;
  }

  constantsShard(): Uint8Array {
    return new Uint8Array(Buffer.concat(this.constantChunks));
  }
}
