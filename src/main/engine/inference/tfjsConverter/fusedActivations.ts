// TF's grappler fuses "conv/matmul + BiasAdd + activation" into _FusedConv2D / _FusedMatMul.
// The fused node lists the parts in `fused_ops` and appends their extra operands after the two
// regular inputs, in that same order: BiasAdd -> bias, Prelu -> slope. Shared by conv and matmul.
import type { ConversionContext, TensorLayout } from './conversionContext';
import type { TfjsGraphNode } from './tfjsGraphModelFormat';
import { readFloatAttribute, readStringListAttribute } from './tfjsGraphModelFormat';
import type { DecodedWeight } from './tfjsWeightDecoding';
import { constantForNchwBroadcast } from './layoutMath';
import { floatAttribute } from './onnxModelWriter';

export interface FusedOperations {
  /** The bias operand, when fused_ops starts with BiasAdd. */
  bias: DecodedWeight | undefined;
  /** The activation after the bias (Relu, Relu6, Prelu, ...), if any. */
  activation: string | undefined;
  /** Operands left for the activation (the Prelu slope). */
  activationArguments: DecodedWeight[];
}

/** Reads fused_ops and the extra operands (inputs 2..) of a _FusedConv2D / _FusedMatMul node. */
export function readFusedOperations(node: TfjsGraphNode, context: ConversionContext): FusedOperations {
  const fusedOps = readStringListAttribute(node, 'fused_ops');
  const extraCount = (node.input ?? []).filter((input) => !input.startsWith('^')).length - 2;
  const extras: DecodedWeight[] = [];
  for (let index = 0; index < extraCount; index++) {
    extras.push(context.constantInput(node, 2 + index, `fused operand #${index}`));
  }
  let bias: DecodedWeight | undefined;
  let rest = fusedOps;
  if (rest[0] === 'BiasAdd') {
    bias = extras.shift();
    if (bias === undefined) context.corrupt(`node "${node.name}" fuses BiasAdd but has no bias operand`);
    rest = rest.slice(1);
  }
  if (rest.length > 1 || (rest[0] !== undefined && rest[0].startsWith('FusedBatchNorm'))) {
    context.unsupported(node, `fused_ops [${fusedOps.join(', ')}]`);
  }
  return { bias, activation: rest[0], activationArguments: extras };
}

/** Emits the fused activation after `input` and returns the activated value's ONNX name. */
export function emitFusedActivation(
  context: ConversionContext,
  node: TfjsGraphNode,
  fused: FusedOperations,
  input: string,
  layout: TensorLayout,
): string {
  const name = node.name;
  switch (fused.activation) {
    case undefined:
      return input;
    case 'Relu':
      return context.addNode('Relu', name, [input]);
    case 'Relu6':
      return context.addNode('Clip', name, [input, context.floatScalar(0), context.floatScalar(6)]);
    case 'Elu':
      return context.addNode('Elu', name, [input]);
    case 'Sigmoid':
      return context.addNode('Sigmoid', name, [input]);
    case 'Tanh':
      return context.addNode('Tanh', name, [input]);
    case 'LeakyRelu': {
      const alpha = readFloatAttribute(node, 'leakyrelu_alpha') ?? 0.2;
      return context.addNode('LeakyRelu', name, [input], [floatAttribute('alpha', alpha)]);
    }
    case 'Prelu': {
      const slope = fused.activationArguments[0];
      if (slope === undefined) return context.corrupt(`node "${name}" fuses Prelu but has no slope operand`);
      return context.addNode('PRelu', name, [input, preluSlope(context, name, slope, layout)]);
    }
    default:
      return context.unsupported(node, `fused activation "${fused.activation}"`);
  }
}

/**
 * TF.js converts PReLU(alpha) to a constant named ".../Neg" that already holds alpha (the
 * negation in its name is folded away), so the values are used as they are. Only the layout
 * changes: [1,1,C] (NHWC broadcast) becomes [C,1,1] for an NCHW input.
 */
export function preluSlope(
  context: ConversionContext,
  nameHint: string,
  slope: DecodedWeight,
  layout: TensorLayout,
): string {
  if (!(slope.data instanceof Float32Array))
    return context.corrupt(`PReLU slope of "${nameHint}" is not float32`);
  if (layout === 'tf') return context.addFloatInitializer(slope.name, slope.shape, slope.data);
  const converted = constantForNchwBroadcast(slope.data, slope.shape);
  return context.addFloatInitializer(`${slope.name}/nchw`, converted.shape, converted.data);
}
