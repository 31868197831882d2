// Element-wise ops: binary arithmetic with broadcasting, activations, PReLU and Identity.
// They work in whatever layout their input already has, so a residual block stays NCHW end to end;
// only constants are rewritten (a per-channel [C] becomes [C,1,1]) to broadcast the TF way.
import type { ConversionContext, ConvertedValue, OpHandler } from './conversionContext';
import { activation } from './conversionContext';
import { preluSlope } from './fusedActivations';
import { broadcastShapes, constantForNchwBroadcast } from './layoutMath';
import { floatAttribute } from './onnxModelWriter';
import type { TfjsGraphNode } from './tfjsGraphModelFormat';
import { readFloatAttribute } from './tfjsGraphModelFormat';

function isNchwActivation(value: ConvertedValue): boolean {
  return value.layout === 'nchw' && value.constant === undefined;
}

/** The operand's ONNX name in the layout the op runs in. */
function operandIn(
  context: ConversionContext,
  value: ConvertedValue,
  layout: 'nchw' | 'tf',
  nameHint: string,
): string {
  if (layout === 'tf') return context.inTfOrder(value, nameHint);
  const constant = value.constant;
  if (constant === undefined) return context.inNchw(value, nameHint);
  // Scalars broadcast the same way in any layout.
  if (constant.shape.length === 0) return context.inTfOrder(value, nameHint);
  const converted = constantForNchwBroadcast(constant.data, constant.shape);
  return context.addConstantData(`${constant.name}/nchw`, converted.shape, converted.data);
}

/** The value of a one-element constant (scalar or all-ones shape), else undefined. */
function scalarValue(value: ConvertedValue): number | undefined {
  const constant = value.constant;
  if (constant === undefined || constant.data.length !== 1) return undefined;
  return constant.data[0];
}

/** Clip(source, low, high); infinite bounds are left out (ONNX optional inputs). */
function emitClip(
  context: ConversionContext,
  name: string,
  source: string,
  low: number,
  high: number,
): string {
  const inputs = [source, low === -Infinity ? '' : context.floatScalar(low)];
  if (high !== Infinity) inputs.push(context.floatScalar(high));
  return context.addNode('Clip', name, inputs);
}

/**
 * Minimum/Maximum by a scalar right after a Relu/Clip (read nowhere else) becomes one Clip of
 * the Relu's input. min(clip(x,lo,hi), c) = clip(x, lo, min(hi,c)) when c >= lo, and
 * max(clip(x,lo,hi), c) = clip(x, max(lo,c), hi) when c <= hi. Returns false if it does not apply.
 */
function foldIntoClip(node: TfjsGraphNode, context: ConversionContext, kind: 'Min' | 'Max'): boolean {
  for (const [valueIndex, scalarIndex] of [
    [0, 1],
    [1, 0],
  ] as const) {
    const value = context.input(node, valueIndex);
    const scalar = scalarValue(context.input(node, scalarIndex));
    const clip = value.clip;
    if (
      scalar === undefined ||
      Number.isNaN(scalar) ||
      clip === undefined ||
      value.shape.length < context.input(node, scalarIndex).shape.length
    ) {
      continue;
    }
    if (context.consumerCount(context.inputNodeName(node, valueIndex)) !== 1) continue;
    if (kind === 'Min' ? scalar < clip.low : scalar > clip.high) continue;
    const low = kind === 'Max' ? Math.max(clip.low, scalar) : clip.low;
    const high = kind === 'Min' ? Math.min(clip.high, scalar) : clip.high;
    const output = emitClip(context, node.name, clip.source, low, high);
    context.define(node.name, {
      ...activation(output, value.shape, value.layout),
      clip: { source: clip.source, low, high },
    });
    return true;
  }
  return false;
}

function binary(onnxOp: string): OpHandler {
  return (node, context) => {
    if ((onnxOp === 'Min' || onnxOp === 'Max') && foldIntoClip(node, context, onnxOp)) return;
    const left = context.input(node, 0);
    const right = context.input(node, 1);
    let shape: number[];
    try {
      shape = broadcastShapes(left.shape, right.shape);
    } catch (error) {
      return context.corrupt(`node "${node.name}": ${String(error)}`);
    }
    // Stay in NCHW when an NCHW activation is involved and every other activation is 4-D too;
    // a lower-rank activation broadcasts against NHWC axes, so then fall back to TF order.
    const operands = [left, right];
    const nchw =
      shape.length === 4 &&
      operands.some(isNchwActivation) &&
      operands.every((value) => value.constant !== undefined || value.shape.length === 4) &&
      operands.every((value) => value.constant === undefined || value.constant.shape.length <= 4);
    const layout = nchw ? 'nchw' : 'tf';
    const inputs = operands.map((value, index) =>
      operandIn(context, value, layout, `${node.name}/operand${index}`),
    );
    const output = context.addNode(onnxOp, node.name, inputs);
    context.define(node.name, activation(output, shape, layout, left.dtype));
  };
}

/** The single input in its current layout (constants are read in TF order). */
function unaryInput(
  node: TfjsGraphNode,
  context: ConversionContext,
): { name: string; value: ConvertedValue } {
  const value = context.input(node, 0);
  if (isNchwActivation(value)) return { name: context.inNchw(value, node.name), value };
  return { name: context.inTfOrder(value, node.name), value: { ...value, layout: 'tf' } };
}

function unary(
  onnxOp: string,
  attributes: (node: TfjsGraphNode) => ReturnType<typeof floatAttribute>[] = () => [],
) {
  return (node: TfjsGraphNode, context: ConversionContext): void => {
    const { name, value } = unaryInput(node, context);
    const output = context.addNode(onnxOp, node.name, [name], attributes(node));
    context.define(node.name, activation(output, value.shape, value.layout, value.dtype));
  };
}

function clipActivation(low: number, high: number): OpHandler {
  return (node, context) => {
    const { name, value } = unaryInput(node, context);
    const output =
      low === 0 && high === Infinity
        ? context.addNode('Relu', node.name, [name])
        : emitClip(context, node.name, name, low, high);
    context.define(node.name, {
      ...activation(output, value.shape, value.layout),
      clip: { source: name, low, high },
    });
  };
}

/** rsqrt(x) = 1 / sqrt(x); ONNX has no single op for it. */
const rsqrt: OpHandler = (node, context) => {
  const { name, value } = unaryInput(node, context);
  const root = context.addNode('Sqrt', `${node.name}/sqrt`, [name]);
  const output = context.addNode('Reciprocal', node.name, [root]);
  context.define(node.name, activation(output, value.shape, value.layout));
};

const square: OpHandler = (node, context) => {
  const { name, value } = unaryInput(node, context);
  const output = context.addNode('Mul', node.name, [name, name]);
  context.define(node.name, activation(output, value.shape, value.layout));
};

const prelu: OpHandler = (node, context) => {
  const { name, value } = unaryInput(node, context);
  const slope = context.constantInput(node, 1, 'alpha');
  const output = context.addNode('PRelu', node.name, [
    name,
    preluSlope(context, node.name, slope, value.layout),
  ]);
  context.define(node.name, activation(output, value.shape, value.layout));
};

/** Identity-like ops add no node: the TF name simply refers to the same ONNX value. */
const passThrough: OpHandler = (node, context) => {
  context.define(node.name, context.input(node, 0));
};

export const elementwiseOpHandlers: Record<string, OpHandler> = {
  Add: binary('Add'),
  AddV2: binary('Add'),
  BiasAdd: binary('Add'),
  Sub: binary('Sub'),
  Mul: binary('Mul'),
  RealDiv: binary('Div'),
  Div: binary('Div'),
  Maximum: binary('Max'),
  Minimum: binary('Min'),
  Pow: binary('Pow'),
  Relu: clipActivation(0, Infinity),
  Relu6: clipActivation(0, 6),
  Elu: unary('Elu'),
  Selu: unary('Selu'),
  LeakyRelu: unary('LeakyRelu', (node) => [
    floatAttribute('alpha', readFloatAttribute(node, 'alpha') ?? 0.2),
  ]),
  Sigmoid: unary('Sigmoid'),
  Tanh: unary('Tanh'),
  Softplus: unary('Softplus'),
  Exp: unary('Exp'),
  Log: unary('Log'),
  Sqrt: unary('Sqrt'),
  Rsqrt: rsqrt,
  Square: square,
  Abs: unary('Abs'),
  Neg: unary('Neg'),
  Floor: unary('Floor'),
  Ceil: unary('Ceil'),
  Reciprocal: unary('Reciprocal'),
  Prelu: prelu,
  Identity: passThrough,
  StopGradient: passThrough,
  Snapshot: passThrough,
};
