// One translator per Keras layer type: the TF ops the layer runs at inference time, with the shape
// bookkeeping (NHWC, batch -1) that Flatten and the declared outputs need. Each returns the
// layer's output tensor; the caller names it after the layer.
import type { GraphBuilder, Tensor } from './kerasGraphBuilder';
import { attributes } from './kerasGraphBuilder';
import type { LayerConfigReader } from './kerasLayersModelFormat';
import { explicitPadding, samePadding } from './layoutMath';

const activationOps: Record<string, string | null> = {
  linear: null,
  relu: 'Relu',
  relu6: 'Relu6',
  sigmoid: 'Sigmoid',
  tanh: 'Tanh',
  softmax: 'Softmax',
  elu: 'Elu',
  selu: 'Selu',
  softplus: 'Softplus',
};

/** Translates one layer; returns its output (the caller aliases it to the layer's name). */
export type LayerTranslator = (layer: LayerConfigReader, inputs: Tensor[], graph: GraphBuilder) => Tensor;

function requireWeight(
  layer: LayerConfigReader,
  graph: GraphBuilder,
  suffix: string,
): { name: string; shape: readonly number[] } {
  const name = `${layer.layer.name}/${suffix}`;
  const shape = graph.weightShapes.get(name);
  if (shape === undefined) return layer.corrupt(`has no weight "${name}" in the weights manifest`);
  return { name, shape };
}

function single(layer: LayerConfigReader, inputs: Tensor[], rank?: number): Tensor {
  const input = inputs[0];
  if (input === undefined || inputs.length !== 1)
    return layer.corrupt(`takes ${inputs.length} inputs, expected 1`);
  if (rank !== undefined && input.shape.length !== rank) {
    return layer.unsupported(`a rank-${input.shape.length} input (expected rank ${rank})`);
  }
  return input;
}

/** Output size of one spatial axis, as TF computes it for SAME / VALID. */
function spatialSize(
  size: number,
  kernel: number,
  stride: number,
  dilation: number,
  padding: 'SAME' | 'VALID',
): number {
  if (size < 0) return -1;
  return padding === 'SAME'
    ? samePadding(size, kernel, stride, dilation).outputSize
    : explicitPadding(size, kernel, stride, dilation, 0, 0).outputSize;
}

function activate(layer: LayerConfigReader, graph: GraphBuilder, tensor: Tensor, activation: string): Tensor {
  const op = activationOps[activation];
  if (op === undefined) return layer.unsupported(`activation "${activation}"`);
  if (op === null) return tensor;
  return { name: graph.emit(graph.scoped(layer.layer.name, op), op, [tensor.name]), shape: tensor.shape };
}

function withBias(layer: LayerConfigReader, graph: GraphBuilder, tensor: Tensor): Tensor {
  if (!layer.boolean('use_bias', true)) return tensor;
  const bias = requireWeight(layer, graph, 'bias');
  const name = graph.emit(graph.scoped(layer.layer.name, 'BiasAdd'), 'BiasAdd', [tensor.name, bias.name], {
    data_format: attributes.string('NHWC'),
  });
  return { name, shape: tensor.shape };
}

function convolution(depthwise: boolean): LayerTranslator {
  return (layer, inputs, graph) => {
    layer.requireChannelsLast();
    const input = single(layer, inputs, 4);
    const kernel = requireWeight(layer, graph, depthwise ? 'depthwise_kernel' : 'kernel');
    const [kernelHeight = 1, kernelWidth = 1, , filterOutputs = 1] = kernel.shape;
    const strides = layer.pair('strides', [1, 1]);
    const dilations = layer.pair('dilation_rate', [1, 1]);
    const padding = layer.tfPadding();
    if ((layer.optionalNumber('groups') ?? 1) !== 1) layer.unsupported('grouped convolution');
    const channels = depthwise ? (input.shape[3] ?? -1) * filterOutputs : filterOutputs;
    const shape = [
      input.shape[0] ?? -1,
      spatialSize(input.shape[1] ?? -1, kernelHeight, strides[0], dilations[0], padding),
      spatialSize(input.shape[2] ?? -1, kernelWidth, strides[1], dilations[1], padding),
      channels,
    ];
    const op = depthwise ? 'DepthwiseConv2dNative' : 'Conv2D';
    const name = graph.emit(graph.scoped(layer.layer.name, op), op, [input.name, kernel.name], {
      strides: attributes.ints([1, ...strides, 1]),
      dilations: attributes.ints([1, ...dilations, 1]),
      padding: attributes.string(padding),
      data_format: attributes.string('NHWC'),
    });
    return activate(
      layer,
      graph,
      withBias(layer, graph, { name, shape }),
      layer.string('activation', 'linear'),
    );
  };
}

const batchNormalization: LayerTranslator = (layer, inputs, graph) => {
  const input = single(layer, inputs);
  const rank = input.shape.length;
  const rawAxis = layer.raw('axis');
  const axis = Array.isArray(rawAxis) && rawAxis.length === 1 ? rawAxis[0] : rawAxis;
  if (axis !== -1 && axis !== rank - 1)
    layer.unsupported(`normalising axis ${JSON.stringify(rawAxis)} (only the last)`);
  const channels = input.shape[rank - 1] ?? -1;
  const scope = layer.layer.name;
  // Keras leaves gamma out when scale=false and beta when center=false: they are 1 and 0.
  const gamma = layer.boolean('scale', true)
    ? requireWeight(layer, graph, 'gamma').name
    : graph.constant(`${scope}/gamma_ones`, [channels], new Array<number>(channels).fill(1), 'float32');
  const beta = layer.boolean('center', true)
    ? requireWeight(layer, graph, 'beta').name
    : graph.constant(`${scope}/beta_zeros`, [channels], new Array<number>(channels).fill(0), 'float32');
  const mean = requireWeight(layer, graph, 'moving_mean').name;
  const variance = requireWeight(layer, graph, 'moving_variance').name;
  const name = graph.emit(
    graph.scoped(scope, 'FusedBatchNormV3'),
    'FusedBatchNormV3',
    [input.name, gamma, beta, mean, variance],
    {
      epsilon: attributes.float(layer.number('epsilon', 1e-3)),
      data_format: attributes.string('NHWC'),
      is_training: attributes.bool(false),
    },
  );
  return { name, shape: input.shape };
};

const relu: LayerTranslator = (layer, inputs, graph) => {
  const input = single(layer, inputs);
  if ((layer.optionalNumber('negative_slope') ?? 0) !== 0 || (layer.optionalNumber('threshold') ?? 0) !== 0) {
    layer.unsupported('a leaky or thresholded ReLU');
  }
  const maxValue = layer.optionalNumber('max_value');
  const scope = layer.layer.name;
  if (maxValue === 6)
    return { name: graph.emit(graph.scoped(scope, 'Relu6'), 'Relu6', [input.name]), shape: input.shape };
  const rectified = graph.emit(graph.scoped(scope, 'Relu'), 'Relu', [input.name]);
  if (maxValue === undefined) return { name: rectified, shape: input.shape };
  const limit = graph.constant(`${scope}/max_value`, [], [maxValue], 'float32');
  return {
    name: graph.emit(graph.scoped(scope, 'Minimum'), 'Minimum', [rectified, limit]),
    shape: input.shape,
  };
};

function pooling(op: 'MaxPool' | 'AvgPool'): LayerTranslator {
  return (layer, inputs, graph) => {
    layer.requireChannelsLast();
    const input = single(layer, inputs, 4);
    const size = layer.pair('pool_size', [2, 2]);
    const strides = layer.raw('strides') === null ? size : layer.pair('strides', size);
    const padding = layer.tfPadding();
    const name = graph.emit(graph.scoped(layer.layer.name, op), op, [input.name], {
      ksize: attributes.ints([1, ...size, 1]),
      strides: attributes.ints([1, ...strides, 1]),
      padding: attributes.string(padding),
      data_format: attributes.string('NHWC'),
    });
    const shape = [
      input.shape[0] ?? -1,
      spatialSize(input.shape[1] ?? -1, size[0], strides[0], 1, padding),
      spatialSize(input.shape[2] ?? -1, size[1], strides[1], 1, padding),
      input.shape[3] ?? -1,
    ];
    return { name, shape };
  };
}

const zeroPadding: LayerTranslator = (layer, inputs, graph) => {
  layer.requireChannelsLast();
  const input = single(layer, inputs, 4);
  const [[top, bottom], [left, right]] = layer.padding2d();
  const scope = layer.layer.name;
  const paddings = graph.constant(
    `${scope}/paddings`,
    [4, 2],
    [0, 0, top, bottom, left, right, 0, 0],
    'int32',
  );
  const name = graph.emit(graph.scoped(scope, 'Pad'), 'Pad', [input.name, paddings]);
  const grow = (size: number | undefined, extra: number): number =>
    size === undefined || size < 0 ? -1 : size + extra;
  const shape = [
    input.shape[0] ?? -1,
    grow(input.shape[1], top + bottom),
    grow(input.shape[2], left + right),
    input.shape[3] ?? -1,
  ];
  return { name, shape };
};

const add: LayerTranslator = (layer, inputs, graph) => {
  const [first, ...rest] = inputs;
  if (first === undefined || rest.length === 0) return layer.corrupt('adds fewer than two tensors');
  let sum = first;
  for (const next of rest) {
    sum = {
      name: graph.emit(graph.scoped(layer.layer.name, 'AddV2'), 'AddV2', [sum.name, next.name]),
      shape: sum.shape,
    };
  }
  return sum;
};

const concatenate: LayerTranslator = (layer, inputs, graph) => {
  const first = inputs[0];
  if (first === undefined) return layer.corrupt('concatenates nothing');
  const rank = first.shape.length;
  const rawAxis = layer.number('axis', -1);
  const axis = rawAxis < 0 ? rawAxis + rank : rawAxis;
  const scope = layer.layer.name;
  const axisName = graph.constant(`${scope}/axis`, [], [axis], 'int32');
  const name = graph.emit(
    graph.scoped(scope, 'ConcatV2'),
    'ConcatV2',
    [...inputs.map((input) => input.name), axisName],
    {
      N: { i: String(inputs.length) },
    },
  );
  const sizes = inputs.map((input) => input.shape[axis] ?? -1);
  const shape = [...first.shape];
  shape[axis] = sizes.some((size) => size < 0) ? -1 : sizes.reduce((total, size) => total + size, 0);
  return { name, shape };
};

const flatten: LayerTranslator = (layer, inputs, graph) => {
  layer.requireChannelsLast();
  const input = single(layer, inputs);
  const features = input.shape.slice(1);
  if (features.some((size) => size < 0)) layer.unsupported('flattening a tensor of unknown size');
  const count = features.reduce((total, size) => total * size, 1);
  const scope = layer.layer.name;
  const shapeName = graph.constant(`${scope}/shape`, [2], [-1, count], 'int32');
  return {
    name: graph.emit(graph.scoped(scope, 'Reshape'), 'Reshape', [input.name, shapeName]),
    shape: [input.shape[0] ?? -1, count],
  };
};

const globalAveragePooling: LayerTranslator = (layer, inputs, graph) => {
  layer.requireChannelsLast();
  const input = single(layer, inputs, 4);
  const scope = layer.layer.name;
  const axes = graph.constant(`${scope}/axes`, [2], [1, 2], 'int32');
  const name = graph.emit(graph.scoped(scope, 'Mean'), 'Mean', [input.name, axes], {
    keep_dims: attributes.bool(false),
  });
  return { name, shape: [input.shape[0] ?? -1, input.shape[3] ?? -1] };
};

const dense: LayerTranslator = (layer, inputs, graph) => {
  const input = single(layer, inputs, 2);
  const kernel = requireWeight(layer, graph, 'kernel');
  const name = graph.emit(graph.scoped(layer.layer.name, 'MatMul'), 'MatMul', [input.name, kernel.name], {
    transpose_a: attributes.bool(false),
    transpose_b: attributes.bool(false),
  });
  const shape = [input.shape[0] ?? -1, kernel.shape[1] ?? -1];
  return activate(
    layer,
    graph,
    withBias(layer, graph, { name, shape }),
    layer.string('activation', 'linear'),
  );
};

const activationLayer: LayerTranslator = (layer, inputs, graph) =>
  activate(layer, graph, single(layer, inputs), layer.string('activation'));

/** Inference-time no-ops: dropout only acts while training. */
const passThrough: LayerTranslator = (layer, inputs) => single(layer, inputs);

export const layerTranslators: Record<string, LayerTranslator> = {
  Conv2D: convolution(false),
  DepthwiseConv2D: convolution(true),
  BatchNormalization: batchNormalization,
  ReLU: relu,
  Activation: activationLayer,
  MaxPooling2D: pooling('MaxPool'),
  AveragePooling2D: pooling('AvgPool'),
  GlobalAveragePooling2D: globalAveragePooling,
  ZeroPadding2D: zeroPadding,
  Add: add,
  Concatenate: concatenate,
  Flatten: flatten,
  Dense: dense,
  Dropout: passThrough,
  SpatialDropout2D: passThrough,
  GaussianNoise: passThrough,
  GaussianDropout: passThrough,
};
