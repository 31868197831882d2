// Convolution and pooling: Conv2D, _FusedConv2D, DepthwiseConv2dNative (+ fused), MaxPool, AvgPool.
// All of them compute in NCHW, the layout ONNX defines them in; the input is transposed once (the
// graph input) and stays NCHW from layer to layer.
import type { ConversionContext, OpHandler } from './conversionContext';
import { activation } from './conversionContext';
import { emitFusedActivation, readFusedOperations } from './fusedActivations';
import type { FusedOperations } from './fusedActivations';
import { explicitPadding, samePadding, transposeData } from './layoutMath';
import type { SpatialPadding } from './layoutMath';
import { intAttribute, intsAttribute } from './onnxModelWriter';
import type { TfjsGraphNode } from './tfjsGraphModelFormat';
import { readIntListAttribute, readStringAttribute } from './tfjsGraphModelFormat';

interface SpatialWindow {
  kernel: [number, number];
  strides: [number, number];
  dilations: [number, number];
}

/** Reads a 4-entry NHWC attribute list ([1, h, w, 1]) and returns [h, w]. */
function spatialPair(node: TfjsGraphNode, context: ConversionContext, name: string): [number, number] {
  const values = readIntListAttribute(node, name) ?? [1, 1, 1, 1];
  if (values.length === 1) return [values[0] ?? 1, values[0] ?? 1];
  if (values.length !== 4 || values[0] !== 1 || values[3] !== 1) {
    context.unsupported(node, `${name} [${values.join(', ')}] on batch or channel axes`);
  }
  return [values[1] ?? 1, values[2] ?? 1];
}

function requireNhwc(node: TfjsGraphNode, context: ConversionContext): void {
  const format = readStringAttribute(node, 'data_format') ?? 'NHWC';
  if (format !== 'NHWC') context.unsupported(node, `data_format ${format}`);
}

/** Explicit ONNX pads [top, left, bottom, right] and the output size for SAME / VALID / EXPLICIT. */
function paddingFor(
  node: TfjsGraphNode,
  context: ConversionContext,
  inputShape: readonly number[],
  window: SpatialWindow,
): { pads: number[]; outputHeight: number; outputWidth: number } {
  const padding = readStringAttribute(node, 'padding') ?? 'VALID';
  const axes = [0, 1] as const;
  const perAxis = axes.map((axis): SpatialPadding => {
    const size = inputShape[1 + axis] ?? -1;
    const kernel = window.kernel[axis];
    const stride = window.strides[axis];
    const dilation = window.dilations[axis];
    if (size < 0) {
      if (padding === 'VALID') return { begin: 0, end: 0, outputSize: -1 };
      context.unsupported(node, `${padding} padding on an input of unknown spatial size`);
    }
    if (padding === 'SAME') return samePadding(size, kernel, stride, dilation);
    if (padding === 'VALID') return explicitPadding(size, kernel, stride, dilation, 0, 0);
    if (padding === 'EXPLICIT') {
      // explicit_paddings is [n0, n1, h0, h1, w0, w1, c0, c1] in NHWC.
      const explicit = readIntListAttribute(node, 'explicit_paddings') ?? [];
      const begin = explicit[2 + axis * 2] ?? 0;
      const end = explicit[3 + axis * 2] ?? 0;
      return explicitPadding(size, kernel, stride, dilation, begin, end);
    }
    return context.unsupported(node, `padding "${padding}"`);
  });
  const [height, width] = perAxis as [SpatialPadding, SpatialPadding];
  return {
    pads: [height.begin, width.begin, height.end, width.end],
    outputHeight: height.outputSize,
    outputWidth: width.outputSize,
  };
}

function convolution(
  node: TfjsGraphNode,
  context: ConversionContext,
  depthwise: boolean,
  fused: boolean,
): void {
  requireNhwc(node, context);
  const input = context.input(node, 0);
  if (input.shape.length !== 4)
    context.corrupt(`node "${node.name}" convolves a rank-${input.shape.length} input`);
  const filter = context.constantInput(node, 1, 'filter');
  if (!(filter.data instanceof Float32Array) || filter.shape.length !== 4) {
    context.unsupported(node, `filter of shape [${filter.shape.join(', ')}] and type ${filter.dtype}`);
  }
  const [kernelHeight = 1, kernelWidth = 1, filterInputChannels = 1, filterOutputs = 1] = filter.shape;
  const window: SpatialWindow = {
    kernel: [kernelHeight, kernelWidth],
    strides: spatialPair(node, context, 'strides'),
    dilations: spatialPair(node, context, 'dilations'),
  };
  const { pads, outputHeight, outputWidth } = paddingFor(node, context, input.shape, window);

  let weights: Float32Array;
  let weightShape: number[];
  let group: number;
  let outputChannels: number;
  if (depthwise) {
    // [kh,kw,C,M] -> [C,M,kh,kw], whose flat order is exactly [C*M,1,kh,kw]: output channel c*M+m.
    weights = transposeData(filter.data, filter.shape, [2, 3, 0, 1]);
    outputChannels = filterInputChannels * filterOutputs;
    weightShape = [outputChannels, 1, kernelHeight, kernelWidth];
    group = filterInputChannels;
  } else {
    // [kh,kw,Cin,Cout] -> [Cout,Cin,kh,kw]. A filter with fewer input channels than the input is
    // a grouped convolution.
    weights = transposeData(filter.data, filter.shape, [3, 2, 0, 1]);
    outputChannels = filterOutputs;
    weightShape = [filterOutputs, filterInputChannels, kernelHeight, kernelWidth];
    const inputChannels = input.shape[3] ?? -1;
    group = inputChannels > 0 ? inputChannels / filterInputChannels : 1;
    if (!Number.isInteger(group)) context.corrupt(`node "${node.name}" has ${inputChannels} input channels`);
  }

  const fusedOperations: FusedOperations = fused
    ? readFusedOperations(node, context)
    : { bias: undefined, activation: undefined, activationArguments: [] };
  const convInputs = [
    context.inNchw(input, node.name),
    context.addFloatInitializer(`${filter.name}/oihw`, weightShape, weights),
  ];
  const bias = fusedOperations.bias;
  if (bias !== undefined) {
    if (!(bias.data instanceof Float32Array)) context.unsupported(node, 'a non-float bias');
    convInputs.push(context.addFloatInitializer(bias.name, bias.shape, bias.data));
  }
  const convName = fusedOperations.activation === undefined ? node.name : `${node.name}/conv`;
  const convolved = context.addNode('Conv', convName, convInputs, [
    intsAttribute('kernel_shape', [kernelHeight, kernelWidth]),
    intsAttribute('strides', window.strides),
    intsAttribute('dilations', window.dilations),
    intsAttribute('pads', pads),
    intAttribute('group', group),
  ]);
  const output = emitFusedActivation(context, node, fusedOperations, convolved, 'nchw');
  const batch = input.shape[0] ?? -1;
  context.define(node.name, activation(output, [batch, outputHeight, outputWidth, outputChannels], 'nchw'));
}

function pooling(node: TfjsGraphNode, context: ConversionContext, kind: 'MaxPool' | 'AveragePool'): void {
  requireNhwc(node, context);
  const input = context.input(node, 0);
  if (input.shape.length !== 4)
    context.corrupt(`node "${node.name}" pools a rank-${input.shape.length} input`);
  const window: SpatialWindow = {
    kernel: spatialPair(node, context, 'ksize'),
    strides: spatialPair(node, context, 'strides'),
    dilations: [1, 1],
  };
  const { pads, outputHeight, outputWidth } = paddingFor(node, context, input.shape, window);
  const attributes = [
    intsAttribute('kernel_shape', window.kernel),
    intsAttribute('strides', window.strides),
    intsAttribute('pads', pads),
  ];
  // TF's SAME average pooling divides by the number of real (unpadded) pixels.
  if (kind === 'AveragePool') attributes.push(intAttribute('count_include_pad', 0));
  const output = context.addNode(kind, node.name, [context.inNchw(input, node.name)], attributes);
  const shape = [input.shape[0] ?? -1, outputHeight, outputWidth, input.shape[3] ?? -1];
  context.define(node.name, activation(output, shape, 'nchw'));
}

export const convolutionOpHandlers: Record<string, OpHandler> = {
  Conv2D: (node, context) => convolution(node, context, false, false),
  _FusedConv2D: (node, context) => convolution(node, context, false, true),
  DepthwiseConv2dNative: (node, context) => convolution(node, context, true, false),
  FusedDepthwiseConv2dNative: (node, context) => convolution(node, context, true, true),
  MaxPool: (node, context) => pooling(node, context, 'MaxPool'),
  AvgPool: (node, context) => pooling(node, context, 'AveragePool'),
};
