// The state of one conversion: the ONNX nodes and initializers emitted so far, and for every TF
// tensor the ONNX value that holds it plus its layout. 4-D activations live in NCHW inside the
// ONNX graph (what Conv/Pool want) while TF describes them in NHWC; `layout` records which one a
// value uses so Transposes are only added where an op really needs the other order.
import { StudioError } from '../../../../shared/errors';
import type { AttributeProto, NodeProto, OnnxElementType, TensorProto } from './onnxModelWriter';
import { float32Tensor, int32Tensor, int64Tensor, intsAttribute, nodeProto } from './onnxModelWriter';
import type { TfjsGraphNode } from './tfjsGraphModelFormat';
import { dataInputs, parseTensorReference } from './tfjsGraphModelFormat';
import type { DecodedWeight } from './tfjsWeightDecoding';
import {
  nchwToNhwcPermutation,
  nhwcToNchwPermutation,
  permuteShape,
  transposeData,
  transposeMovesData,
} from './layoutMath';

/** 'nchw': a 4-D TF (NHWC) tensor stored as NCHW. 'tf': stored in the TF axis order. */
export type TensorLayout = 'nchw' | 'tf';

export interface ConvertedValue {
  /** ONNX value name; constants get one lazily, only if some op reads them unchanged. */
  onnxName: string | undefined;
  /** Shape in TF terms (NHWC for 4-D), -1 where unknown (the batch of dynamic models). */
  shape: number[];
  layout: TensorLayout;
  dtype: OnnxElementType;
  constant: DecodedWeight | undefined;
  /**
   * Set when the value is clip(source, low, high) (Relu, Relu6, Clip). Lets a following
   * Minimum/Maximum by a scalar fold into one Clip — faceres spells ReLU6 as Relu -> Minimum(6) ->
   * Maximum(0), three passes over memory that onnxruntime would not fuse with the Conv.
   */
  clip?: { source: string; low: number; high: number };
}

export class ConversionContext {
  readonly nodes: NodeProto[] = [];
  readonly initializers: TensorProto[] = [];
  private readonly usedNames = new Set<string>();
  private readonly values = new Map<string, ConvertedValue>();
  private readonly tfOrderNames = new Map<ConvertedValue, string>();
  private readonly nchwNames = new Map<ConvertedValue, string>();
  private readonly scalarNames = new Map<number, string>();

  private consumerCounts = new Map<string, number>();

  constructor(readonly modelId: string) {}

  /** How many nodes (or graph outputs) read each TF value; set once before conversion. */
  setConsumerCounts(counts: Map<string, number>): void {
    this.consumerCounts = counts;
  }

  consumerCount(tfName: string): number {
    return this.consumerCounts.get(tfName) ?? 0;
  }

  /** ONNX names must be unique across values and initializers; TF names are reused where free. */
  uniqueName(base: string): string {
    let name = base;
    for (let suffix = 1; this.usedNames.has(name); suffix++) name = `${base}_${suffix}`;
    this.usedNames.add(name);
    return name;
  }

  /** Adds a single-output node and returns the name of its output. */
  addNode(
    opType: string,
    nameHint: string,
    inputs: readonly string[],
    attributes: readonly AttributeProto[] = [],
  ): string {
    const output = this.uniqueName(nameHint);
    this.nodes.push(nodeProto(opType, output, inputs, [output], attributes));
    return output;
  }

  addFloatInitializer(nameHint: string, shape: readonly number[], data: Float32Array): string {
    const name = this.uniqueName(nameHint);
    this.initializers.push(float32Tensor(name, shape, data));
    return name;
  }

  /** Scalar float constants (Clip bounds and the like), shared by every node that needs the value. */
  floatScalar(value: number): string {
    const cached = this.scalarNames.get(value);
    if (cached !== undefined) return cached;
    const name = this.addFloatInitializer(`scalar_${value}`, [], Float32Array.of(value));
    this.scalarNames.set(value, name);
    return name;
  }

  addInt64Initializer(nameHint: string, shape: readonly number[], values: readonly number[]): string {
    const name = this.uniqueName(nameHint);
    this.initializers.push(int64Tensor(name, shape, values));
    return name;
  }

  define(tfName: string, value: ConvertedValue): void {
    this.values.set(tfName, value);
  }

  lookup(tfName: string): ConvertedValue | undefined {
    return this.values.get(tfName);
  }

  input(node: TfjsGraphNode, index: number): ConvertedValue {
    const reference = dataInputs(node)[index];
    if (reference === undefined) {
      this.corrupt(`node "${node.name}" (${node.op}) has no input #${index}`);
    }
    const { nodeName, outputIndex } = parseTensorReference(reference);
    const value = this.values.get(nodeName);
    if (value === undefined || outputIndex !== 0) {
      this.corrupt(`node "${node.name}" reads "${reference}", which no earlier node produces`);
    }
    return value;
  }

  /** The TF node name behind input #index (for consumer counts). */
  inputNodeName(node: TfjsGraphNode, index: number): string {
    return parseTensorReference(dataInputs(node)[index] ?? '').nodeName;
  }

  constantInput(node: TfjsGraphNode, index: number, role: string): DecodedWeight {
    const value = this.input(node, index);
    if (value.constant === undefined)
      this.unsupported(node, `its ${role} is computed at run time, not a constant`);
    return value.constant;
  }

  unsupported(node: TfjsGraphNode, detail?: string): never {
    const why = detail === undefined ? 'is not supported by the converter' : `is not supported: ${detail}`;
    throw new StudioError(
      'UNSUPPORTED_OP',
      `Model "${this.modelId}": TensorFlow op "${node.op}" (node "${node.name}") ${why}.`,
    );
  }

  corrupt(detail: string): never {
    throw new StudioError('MODEL_CORRUPT', `Model "${this.modelId}": ${detail}.`);
  }

  /** The value in TF axis order, adding one (cached) NCHW -> NHWC Transpose if needed. */
  inTfOrder(value: ConvertedValue, nameHint: string): string {
    const cached = this.tfOrderNames.get(value);
    if (cached !== undefined) return cached;
    let name: string;
    if (value.constant !== undefined) {
      name = this.materializeConstant(value, nameHint);
    } else if (value.layout === 'tf') {
      name = value.onnxName ?? this.corrupt(`value "${nameHint}" has no ONNX name`);
    } else {
      name = this.addNode(
        'Transpose',
        `${nameHint}/to_nhwc`,
        [value.onnxName ?? ''],
        [intsAttribute('perm', nchwToNhwcPermutation)],
      );
    }
    this.tfOrderNames.set(value, name);
    return name;
  }

  /**
   * The value with its elements in TF (row-major NHWC) order, for ops that only look at the flat
   * element order (Reshape). Skips the Transpose when it would not move any data, e.g. [N,C,1,1].
   */
  withTfElementOrder(value: ConvertedValue, nameHint: string): string {
    if (value.layout === 'nchw' && value.constant === undefined && value.onnxName !== undefined) {
      const nchwShape = permuteShape(value.shape, nhwcToNchwPermutation);
      if (!transposeMovesData(nchwShape, nchwToNhwcPermutation)) return value.onnxName;
    }
    return this.inTfOrder(value, nameHint);
  }

  /** The 4-D value in NCHW, adding one (cached) NHWC -> NCHW Transpose if needed. */
  inNchw(value: ConvertedValue, nameHint: string): string {
    if (value.shape.length !== 4)
      this.corrupt(`value "${nameHint}" is rank ${value.shape.length}, expected 4`);
    if (value.layout === 'nchw' && value.constant === undefined && value.onnxName !== undefined) {
      return value.onnxName;
    }
    const cached = this.nchwNames.get(value);
    if (cached !== undefined) return cached;
    let name: string;
    if (value.constant !== undefined) {
      const { data, shape } = value.constant;
      const moved = transposeData(data, shape, nhwcToNchwPermutation);
      name = this.addConstantData(`${nameHint}/nchw`, permuteShape(shape, nhwcToNchwPermutation), moved);
    } else {
      name = this.addNode(
        'Transpose',
        `${nameHint}/to_nchw`,
        [this.inTfOrder(value, nameHint)],
        [intsAttribute('perm', nhwcToNchwPermutation)],
      );
    }
    this.nchwNames.set(value, name);
    return name;
  }

  addConstantData(nameHint: string, shape: readonly number[], data: Float32Array | Int32Array): string {
    if (data instanceof Float32Array) return this.addFloatInitializer(nameHint, shape, data);
    const name = this.uniqueName(nameHint);
    this.initializers.push(int32Tensor(name, shape, data));
    return name;
  }

  private materializeConstant(value: ConvertedValue, nameHint: string): string {
    const constant = value.constant;
    if (constant === undefined) return this.corrupt(`value "${nameHint}" is not a constant`);
    return this.addConstantData(constant.name, constant.shape, constant.data);
  }
}

/** A fresh activation value produced by a node. */
export function activation(
  onnxName: string,
  shape: readonly number[],
  layout: TensorLayout,
  dtype: OnnxElementType = 'float32',
): ConvertedValue {
  return { onnxName, shape: [...shape], layout, dtype, constant: undefined };
}

/** Handlers add ONNX nodes for one TF node and define its output value. */
export type OpHandler = (node: TfjsGraphNode, context: ConversionContext) => void;
