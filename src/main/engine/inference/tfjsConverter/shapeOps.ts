// Ops that move or regroup elements: Reshape, Squeeze, ConcatV2, Pad / PadV2 / MirrorPad.
// Reshape and Squeeze are defined on TF's (NHWC) element order, so their input is brought back to
// that order first; Concat and Pad can stay NCHW by remapping their axis / pad entries instead.
import type { ConversionContext, ConvertedValue, OpHandler } from './conversionContext';
import { activation } from './conversionContext';
import { elementCount, isFullyKnown, nhwcAxisToNchwAxis, nhwcToNchwPermutation } from './layoutMath';
import { intAttribute, stringAttribute } from './onnxModelWriter';
import type { TfjsGraphNode } from './tfjsGraphModelFormat';
import { dataInputs, readIntListAttribute, readStringAttribute } from './tfjsGraphModelFormat';

const ONNX_INT64 = 7;

function isNchwActivation(value: ConvertedValue): boolean {
  return value.layout === 'nchw' && value.constant === undefined;
}

function constantIntegers(
  context: ConversionContext,
  node: TfjsGraphNode,
  index: number,
  role: string,
): number[] {
  return Array.from(context.constantInput(node, index, role).data, (value) => Math.round(value));
}

const reshape: OpHandler = (node, context) => {
  const input = context.input(node, 0);
  const shapeInput = context.input(node, 1);
  const data = context.withTfElementOrder(input, node.name);
  let shapeName: string;
  let outputShape: number[];
  if (shapeInput.constant !== undefined) {
    const target = Array.from(shapeInput.constant.data, (value) => Math.round(value));
    // ONNX reads 0 as "copy this dimension from the input", TF as a real zero-size axis, so a 0
    // must never reach the ONNX shape; TF's -1 ("infer") means the same in both.
    if (target.includes(0)) context.unsupported(node, `shape [${target.join(', ')}] has a zero-size axis`);
    if (target.filter((value) => value === -1).length > 1)
      context.corrupt(`node "${node.name}" has two -1 axes`);
    outputShape = [...target];
    const unknownAxis = outputShape.indexOf(-1);
    if (unknownAxis >= 0 && isFullyKnown(input.shape)) {
      outputShape[unknownAxis] = elementCount(input.shape) / -elementCount(outputShape);
    }
    // TF shape tensors are int32; ONNX Reshape takes int64.
    shapeName = context.addInt64Initializer(`${node.name}/shape`, [target.length], target);
  } else {
    const cast = context.addNode(
      'Cast',
      `${node.name}/shape_int64`,
      [context.inTfOrder(shapeInput, node.name)],
      [intAttribute('to', ONNX_INT64)],
    );
    shapeName = cast;
    outputShape = new Array<number>(shapeInput.shape[0] ?? 0).fill(-1);
  }
  const output = context.addNode('Reshape', node.name, [data, shapeName]);
  context.define(node.name, activation(output, outputShape, 'tf', input.dtype));
};

const squeeze: OpHandler = (node, context) => {
  const input = context.input(node, 0);
  const rank = input.shape.length;
  const requested = readIntListAttribute(node, 'squeeze_dims') ?? readIntListAttribute(node, 'axis') ?? [];
  let axes = requested.map((axis) => (axis < 0 ? axis + rank : axis));
  if (axes.length === 0) {
    if (!isFullyKnown(input.shape)) context.unsupported(node, 'squeezing every axis of a dynamic shape');
    axes = input.shape.flatMap((dimension, axis) => (dimension === 1 ? [axis] : []));
  }
  const axesName = context.addInt64Initializer(`${node.name}/axes`, [axes.length], axes);
  const output = context.addNode('Squeeze', node.name, [context.inTfOrder(input, node.name), axesName]);
  const shape = input.shape.filter((_, axis) => !axes.includes(axis));
  context.define(node.name, activation(output, shape, 'tf', input.dtype));
};

const concat: OpHandler = (node, context) => {
  const count = dataInputs(node).length - 1;
  const tensors = Array.from({ length: count }, (_, index) => context.input(node, index));
  const first = tensors[0];
  if (first === undefined) return context.corrupt(`node "${node.name}" concatenates nothing`);
  const rank = first.shape.length;
  const [rawAxis = 0] = constantIntegers(context, node, count, 'axis');
  const axis = rawAxis < 0 ? rawAxis + rank : rawAxis;
  const nchw =
    rank === 4 &&
    tensors.some(isNchwActivation) &&
    tensors.every(
      (value) => value.shape.length === 4 && (value.layout === 'nchw' || value.constant !== undefined),
    );
  const inputs = tensors.map((value, index) =>
    nchw
      ? context.inNchw(value, `${node.name}/input${index}`)
      : context.inTfOrder(value, `${node.name}/input${index}`),
  );
  const onnxAxis = nchw ? nhwcAxisToNchwAxis(axis) : axis;
  const output = context.addNode('Concat', node.name, inputs, [intAttribute('axis', onnxAxis)]);
  const shape = [...first.shape];
  const sizes = tensors.map((value) => value.shape[axis] ?? -1);
  shape[axis] = sizes.some((size) => size < 0) ? -1 : sizes.reduce((sum, size) => sum + size, 0);
  context.define(node.name, activation(output, shape, nchw ? 'nchw' : 'tf', first.dtype));
};

function pad(kind: 'Pad' | 'PadV2' | 'MirrorPad'): OpHandler {
  return (node, context) => {
    const input = context.input(node, 0);
    const rank = input.shape.length;
    const flat = constantIntegers(context, node, 1, 'paddings');
    if (flat.length !== rank * 2)
      context.corrupt(`node "${node.name}" has ${flat.length / 2} pad pairs for rank ${rank}`);
    const pairs = Array.from(
      { length: rank },
      (_, axis) => [flat[axis * 2] ?? 0, flat[axis * 2 + 1] ?? 0] as const,
    );
    // The residual branches pad the channel axis (NHWC axis 3); in NCHW that is axis 1, so the
    // pad pairs are reordered with the layout permutation rather than transposing the tensor.
    const nchw = isNchwActivation(input);
    const order: readonly number[] = nchw ? nhwcToNchwPermutation : input.shape.map((_, axis) => axis);
    const pads = [
      ...order.map((axis) => pairs[axis]?.[0] ?? 0),
      ...order.map((axis) => pairs[axis]?.[1] ?? 0),
    ];
    const inputs = [
      nchw ? context.inNchw(input, node.name) : context.inTfOrder(input, node.name),
      context.addInt64Initializer(`${node.name}/pads`, [pads.length], pads),
    ];
    const attributes = [];
    if (kind === 'PadV2') {
      const [fill = 0] = Array.from(context.constantInput(node, 2, 'constant value').data);
      if (fill !== 0) inputs.push(context.floatScalar(fill));
    } else if (kind === 'MirrorPad') {
      const mode = readStringAttribute(node, 'mode') ?? 'REFLECT';
      // ONNX "reflect" excludes the edge like TF REFLECT; TF SYMMETRIC (edge repeated) has no ONNX twin.
      if (mode !== 'REFLECT') context.unsupported(node, `mode ${mode}`);
      attributes.push(stringAttribute('mode', 'reflect'));
    }
    const output = context.addNode('Pad', node.name, inputs, attributes);
    const shape = input.shape.map((size, axis) =>
      size < 0 ? -1 : size + (pairs[axis]?.[0] ?? 0) + (pairs[axis]?.[1] ?? 0),
    );
    context.define(node.name, activation(output, shape, nchw ? 'nchw' : 'tf', input.dtype));
  };
}

export const shapeOpHandlers: Record<string, OpHandler> = {
  Reshape: reshape,
  Squeeze: squeeze,
  ConcatV2: concat,
  Pad: pad('Pad'),
  PadV2: pad('PadV2'),
  MirrorPad: pad('MirrorPad'),
};
