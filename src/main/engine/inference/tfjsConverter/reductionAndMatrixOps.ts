// Reductions (Mean, Sum, Max, Min, Prod), Softmax and the dense layers (MatMul, _FusedMatMul).
// faceres uses Mean over H,W as its global pooling, then three _FusedMatMul heads with Softmax /
// Sigmoid on top.
import type { ConversionContext, ConvertedValue, OpHandler } from './conversionContext';
import { activation } from './conversionContext';
import { emitFusedActivation, readFusedOperations } from './fusedActivations';
import type { FusedOperations } from './fusedActivations';
import { nhwcAxisToNchwAxis } from './layoutMath';
import { intAttribute, intsAttribute } from './onnxModelWriter';
import type { TfjsGraphNode } from './tfjsGraphModelFormat';
import { readBoolAttribute } from './tfjsGraphModelFormat';

type ReduceOp = 'ReduceMean' | 'ReduceSum' | 'ReduceMax' | 'ReduceMin' | 'ReduceProd';

function isNchwActivation(value: ConvertedValue): boolean {
  return value.layout === 'nchw' && value.constant === undefined;
}

/**
 * Decides whether a reduction can read the NCHW tensor directly: with keep_dims the result is
 * still 4-D NCHW; without it, the kept axes must come out in the same order as in TF (true for
 * the usual global pooling over H,W, which leaves [N,C] either way).
 */
function reductionPlan(
  input: ConvertedValue,
  axes: readonly number[],
  keepDims: boolean,
): { layout: 'nchw' | 'tf'; onnxAxes: number[]; outputLayout: 'nchw' | 'tf' } {
  const tfPlan = { layout: 'tf' as const, onnxAxes: [...axes], outputLayout: 'tf' as const };
  if (!isNchwActivation(input)) return tfPlan;
  const onnxAxes = axes.map(nhwcAxisToNchwAxis).sort((a, b) => a - b);
  if (keepDims) return { layout: 'nchw', onnxAxes, outputLayout: 'nchw' };
  const keptPositions = [0, 1, 2, 3].filter((axis) => !axes.includes(axis)).map(nhwcAxisToNchwAxis);
  const sameOrder = keptPositions.every(
    (position, index) => index === 0 || position > (keptPositions[index - 1] ?? 0),
  );
  return sameOrder ? { layout: 'nchw', onnxAxes, outputLayout: 'tf' } : tfPlan;
}

function reduction(onnxOp: ReduceOp): OpHandler {
  return (node, context) => {
    const input = context.input(node, 0);
    const rank = input.shape.length;
    const rawAxes = Array.from(context.constantInput(node, 1, 'reduction axes').data, (value) =>
      Math.round(value),
    );
    const axes = [...new Set(rawAxes.map((axis) => (axis < 0 ? axis + rank : axis)))].sort((a, b) => a - b);
    const keepDims = readBoolAttribute(node, 'keep_dims') ?? readBoolAttribute(node, 'keepDims') ?? false;
    const plan = reductionPlan(input, axes, keepDims);
    const data =
      plan.layout === 'nchw' ? context.inNchw(input, node.name) : context.inTfOrder(input, node.name);
    let output: string;
    if (onnxOp === 'ReduceSum') {
      // Opset 13 moved ReduceSum's axes to an input; the other reductions keep the attribute until opset 18.
      const axesName = context.addInt64Initializer(
        `${node.name}/axes`,
        [plan.onnxAxes.length],
        plan.onnxAxes,
      );
      output = context.addNode(
        onnxOp,
        node.name,
        [data, axesName],
        [intAttribute('keepdims', keepDims ? 1 : 0)],
      );
    } else {
      output = context.addNode(
        onnxOp,
        node.name,
        [data],
        [intsAttribute('axes', plan.onnxAxes), intAttribute('keepdims', keepDims ? 1 : 0)],
      );
    }
    const shape = keepDims
      ? input.shape.map((size, axis) => (axes.includes(axis) ? 1 : size))
      : input.shape.filter((_, axis) => !axes.includes(axis));
    context.define(node.name, activation(output, shape, plan.outputLayout, input.dtype));
  };
}

/** TF softmax always normalises the last axis, which is the channel axis of an NHWC tensor. */
function softmax(onnxOp: 'Softmax' | 'LogSoftmax'): OpHandler {
  return (node, context) => {
    const input = context.input(node, 0);
    const output = context.addNode(
      onnxOp,
      node.name,
      [context.inTfOrder(input, node.name)],
      [intAttribute('axis', -1)],
    );
    context.define(node.name, activation(output, input.shape, 'tf', input.dtype));
  };
}

function matrixMultiply(node: TfjsGraphNode, context: ConversionContext, fused: boolean): void {
  const left = context.input(node, 0);
  const right = context.input(node, 1);
  const transposeLeft = readBoolAttribute(node, 'transpose_a') ?? false;
  const transposeRight = readBoolAttribute(node, 'transpose_b') ?? false;
  if (left.shape.length !== 2 || right.shape.length !== 2) {
    context.unsupported(node, `a rank-${left.shape.length} x rank-${right.shape.length} product (only 2-D)`);
  }
  const fusedOperations: FusedOperations = fused
    ? readFusedOperations(node, context)
    : { bias: undefined, activation: undefined, activationArguments: [] };
  const inputs = [context.inTfOrder(left, `${node.name}/a`), context.inTfOrder(right, `${node.name}/b`)];
  const bias = fusedOperations.bias;
  if (bias !== undefined) {
    if (!(bias.data instanceof Float32Array)) context.unsupported(node, 'a non-float bias');
    inputs.push(context.addFloatInitializer(bias.name, bias.shape, bias.data));
  }
  // Gemm = MatMul + bias in one op, with the TF transpose flags as attributes.
  const gemmName = fusedOperations.activation === undefined ? node.name : `${node.name}/gemm`;
  const product = context.addNode('Gemm', gemmName, inputs, [
    intAttribute('transA', transposeLeft ? 1 : 0),
    intAttribute('transB', transposeRight ? 1 : 0),
  ]);
  const output = emitFusedActivation(context, node, fusedOperations, product, 'tf');
  const rows = (transposeLeft ? left.shape[1] : left.shape[0]) ?? -1;
  const columns = (transposeRight ? right.shape[0] : right.shape[1]) ?? -1;
  context.define(node.name, activation(output, [rows, columns], 'tf'));
}

export const reductionAndMatrixOpHandlers: Record<string, OpHandler> = {
  Mean: reduction('ReduceMean'),
  Sum: reduction('ReduceSum'),
  Max: reduction('ReduceMax'),
  Min: reduction('ReduceMin'),
  Prod: reduction('ReduceProd'),
  Softmax: softmax('Softmax'),
  LogSoftmax: softmax('LogSoftmax'),
  MatMul: (node, context) => matrixMultiply(node, context, false),
  _FusedMatMul: (node, context) => matrixMultiply(node, context, true),
};
