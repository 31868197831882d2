// Inference-time batch normalisation: FusedBatchNorm / V2 / V3 (what Keras BatchNormalization runs
// as). On an image it becomes ONNX BatchNormalization in NCHW, which onnxruntime folds into the
// preceding Conv; on other ranks (after a Dense layer) it is folded here into one multiply and one
// add over the last axis: y = x * scale / sqrt(variance + epsilon) + (offset - mean * that factor).
import type { ConversionContext, OpHandler } from './conversionContext';
import { activation } from './conversionContext';
import { floatAttribute } from './onnxModelWriter';
import type { TfjsGraphNode } from './tfjsGraphModelFormat';
import { readBoolAttribute, readFloatAttribute, readStringAttribute } from './tfjsGraphModelFormat';

/** TensorFlow's default epsilon for FusedBatchNorm (Keras always writes its own, 1e-3). */
const TF_DEFAULT_EPSILON = 1e-4;

function channelVector(
  node: TfjsGraphNode,
  context: ConversionContext,
  index: number,
  role: string,
): Float32Array {
  const weight = context.constantInput(node, index, role);
  if (!(weight.data instanceof Float32Array) || weight.shape.length !== 1) {
    return context.unsupported(
      node,
      `a ${role} of shape [${weight.shape.join(', ')}] and type ${weight.dtype}`,
    );
  }
  return weight.data;
}

const fusedBatchNorm: OpHandler = (node, context) => {
  const format = readStringAttribute(node, 'data_format') ?? 'NHWC';
  if (format !== 'NHWC') context.unsupported(node, `data_format ${format}`);
  if (readBoolAttribute(node, 'is_training') === true) context.unsupported(node, 'training mode');
  const input = context.input(node, 0);
  const scale = channelVector(node, context, 1, 'scale');
  const offset = channelVector(node, context, 2, 'offset');
  const mean = channelVector(node, context, 3, 'mean');
  const variance = channelVector(node, context, 4, 'variance');
  const channels = input.shape[input.shape.length - 1] ?? -1;
  if (
    [offset, mean, variance].some((vector) => vector.length !== scale.length) ||
    (channels >= 0 && channels !== scale.length)
  ) {
    context.corrupt(
      `node "${node.name}" normalises ${channels} channels with ${scale.length}-entry statistics`,
    );
  }
  const epsilon = readFloatAttribute(node, 'epsilon') ?? TF_DEFAULT_EPSILON;
  const shape = [scale.length];

  if (input.shape.length === 4) {
    const output = context.addNode(
      'BatchNormalization',
      node.name,
      [
        context.inNchw(input, node.name),
        context.addFloatInitializer(`${node.name}/scale`, shape, scale),
        context.addFloatInitializer(`${node.name}/offset`, shape, offset),
        context.addFloatInitializer(`${node.name}/mean`, shape, mean),
        context.addFloatInitializer(`${node.name}/variance`, shape, variance),
      ],
      [floatAttribute('epsilon', epsilon)],
    );
    context.define(node.name, activation(output, input.shape, 'nchw'));
    return;
  }

  const multiplier = new Float32Array(scale.length);
  const shift = new Float32Array(scale.length);
  for (let channel = 0; channel < scale.length; channel++) {
    const factor = (scale[channel] ?? 0) / Math.sqrt((variance[channel] ?? 0) + epsilon);
    multiplier[channel] = factor;
    shift[channel] = (offset[channel] ?? 0) - (mean[channel] ?? 0) * factor;
  }
  const scaled = context.addNode('Mul', `${node.name}/scaled`, [
    context.inTfOrder(input, node.name),
    context.addFloatInitializer(`${node.name}/multiplier`, shape, multiplier),
  ]);
  const output = context.addNode('Add', node.name, [
    scaled,
    context.addFloatInitializer(`${node.name}/shift`, shape, shift),
  ]);
  context.define(node.name, activation(output, input.shape, 'tf'));
};

export const normalizationOpHandlers: Record<string, OpHandler> = {
  FusedBatchNorm: fusedBatchNorm,
  FusedBatchNormV2: fusedBatchNorm,
  FusedBatchNormV3: fusedBatchNorm,
};
