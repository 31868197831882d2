// Converter coverage beyond the shipped models: a synthetic TF.js graph with odd spatial sizes,
// stride-2 SAME convs, quantized weights (float16 and uint8), depthwise with a multiplier,
// channel padding, pooling, reductions, Squeeze/Reshape/Concat, dense layers and MirrorPad,
// compared against TF.js itself. Also the converter's error messages.
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { StudioError } from '../../../../shared/errors';
import { attr, SyntheticGraphModel } from '../testSupport/syntheticGraphModel';
import { initTfjsWasmBackend } from '../testSupport/tfjsReference';
import { convertTfjsGraphModel } from './convertTfjsGraphModel';
import * as tf from '@tensorflow/tfjs';
import onnxProto from 'onnx-proto';

const dilations = attr.ints([1, 1, 1, 1]);
const same = { padding: attr.string('SAME'), data_format: attr.string('NHWC'), dilations };
const valid = { padding: attr.string('VALID'), data_format: attr.string('NHWC'), dilations };
const stride = (step: number) => ({ strides: attr.ints([1, step, step, 1]) });

function buildCoverageGraph() {
  const graph = new SyntheticGraphModel();
  const x = graph.placeholder('x', [-1, 7, 9, 3]);
  const w1 = graph.floats(
    'w1',
    [3, 3, 3, 4],
    graph.random(108).map((v) => Math.round(v * 16) / 16),
    'float16',
  );
  const b1 = graph.floats('b1', [4], graph.random(4));
  const conv = graph.op('conv', '_FusedConv2D', [x, w1, b1], {
    ...same,
    ...stride(2),
    fused_ops: attr.strings(['BiasAdd', 'Relu6']),
    num_args: attr.int(1),
  });
  const wd = graph.floats('wd', [3, 3, 4, 2], graph.random(72), 'uint8');
  const depthwise = graph.op('depthwise', 'DepthwiseConv2dNative', [conv, wd], { ...same, ...stride(1) });
  const prelu = graph.op('prelu', 'Prelu', [depthwise, graph.floats('alpha', [1, 1, 8], graph.random(8))]);
  const avg = graph.op('avg', 'AvgPool', [prelu], { ...same, ...stride(2), ksize: attr.ints([1, 2, 2, 1]) });
  const mean = graph.op('mean', 'Mean', [avg, graph.ints('mean_axes', [2], [1, 2])], {
    keep_dims: attr.bool(true),
  });
  const squeezed = graph.op('squeezed', 'Squeeze', [mean], { squeeze_dims: attr.ints([1, 2]) });
  const dense = graph.op('dense', 'MatMul', [squeezed, graph.floats('wm', [5, 8], graph.random(40))], {
    transpose_b: attr.bool(true),
  });
  graph.op('out_softmax', 'Softmax', [dense]);
  graph.op(
    'out_dense',
    '_FusedMatMul',
    [squeezed, graph.floats('wf', [8, 3], graph.random(24)), graph.floats('bf', [3], graph.random(3))],
    {
      fused_ops: attr.strings(['BiasAdd', 'Relu']),
      num_args: attr.int(1),
      transpose_a: attr.bool(false),
      transpose_b: attr.bool(false),
    },
  );
  const padded = graph.op('padded', 'Pad', [avg, graph.ints('pads', [4, 2], [0, 0, 0, 0, 0, 0, 2, 2])]);
  graph.op('out_reshape', 'Reshape', [padded, graph.ints('shape', [2], [-1, 72])]);
  const joined = graph.op('joined', 'ConcatV2', [avg, padded, graph.ints('axis', [], [3])]);
  graph.op('out_concat', 'Sigmoid', [joined]);
  const mirrored = graph.op(
    'mirrored',
    'MirrorPad',
    [x, graph.ints('mirror', [4, 2], [0, 0, 1, 1, 2, 2, 0, 0])],
    {
      mode: attr.string('REFLECT'),
    },
  );
  const plain = graph.op('plain', 'Conv2D', [mirrored, graph.floats('w2', [3, 3, 3, 2], graph.random(54))], {
    ...valid,
    ...stride(1),
  });
  const shifted = graph.op('shifted', 'Sub', [plain, graph.floats('quarter', [], [0.25])]);
  const scaled = graph.op('scaled', 'Mul', [shifted, graph.floats('channel_scale', [2], [2, -3])]);
  const pooled = graph.op('pooled', 'MaxPool', [scaled], {
    ...same,
    ...stride(2),
    ksize: attr.ints([1, 3, 3, 1]),
  });
  const capped = graph.op('capped', 'Minimum', [pooled, graph.floats('half', [], [0.5])]);
  graph.op('out_clipped', 'Maximum', [capped, graph.floats('minus_half', [], [-0.5])]);
  graph.op('out_relu6', 'Relu6', [scaled]);
  // Relu -> Minimum -> Maximum folds into one Clip; a Relu that is also an output must stay.
  const rectified = graph.op('rectified', 'Relu', [scaled]);
  const ceiling = graph.op('ceiling', 'Minimum', [graph.floats('point3', [], [0.3]), rectified]);
  graph.op('out_folded', 'Maximum', [ceiling, graph.floats('minus_one', [], [-1])]);
  const kept = graph.op('out_kept_relu', 'Relu', [shifted]);
  graph.op('out_not_folded', 'Minimum', [kept, graph.floats('tenth', [], [0.1])]);
  return graph.build(
    ['x'],
    [
      'out_softmax',
      'out_dense',
      'out_reshape',
      'out_concat',
      'out_clipped',
      'out_relu6',
      'out_folded',
      'out_kept_relu',
      'out_not_folded',
    ],
  );
}

function convertSynthetic(model: { modelJsonText: string; weights: Uint8Array }) {
  return convertTfjsGraphModel({
    modelId: 'synthetic',
    modelJsonText: model.modelJsonText,
    readWeightShard: () => model.weights,
  });
}

async function expectStudioError(run: () => unknown, code: string, pattern: RegExp): Promise<void> {
  let caught: unknown;
  try {
    await run();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(StudioError);
  expect((caught as StudioError).code).toBe(code);
  expect((caught as StudioError).message).toMatch(pattern);
}

describe('TF.js graph -> ONNX converter on a synthetic graph', () => {
  beforeAll(async () => {
    await initTfjsWasmBackend();
  });

  it('matches TF.js on every output', async () => {
    const model = buildCoverageGraph();
    const converted = convertSynthetic(model);
    expect(converted.inputs).toEqual([{ name: 'x', dtype: 'float32', shape: ['batch', 7, 9, 3] }]);
    // The Relu/Minimum/Maximum chain became a single Clip; nothing unused was written.
    const decoded = onnxProto.onnx.ModelProto.decode(converted.bytes);
    const nodes = decoded.graph?.node ?? [];
    const producerOf = (name: string) => nodes.find((node) => (node.output ?? []).includes(name));
    // Outputs are NCHW inside and get a Transpose back to NHWC: look through it.
    const computedBy = (name: string) => {
      const node = producerOf(name);
      return node?.opType === 'Transpose' ? producerOf(node.input?.[0] ?? '') : node;
    };
    expect(computedBy('out_folded')?.opType).toBe('Clip');
    expect(producerOf('ceiling')).toBeUndefined();
    expect(producerOf('rectified')).toBeUndefined();
    expect(computedBy('out_kept_relu')?.opType).toBe('Relu');
    expect(converted.outputs.find((output) => output.name === 'out_concat')?.shape).toEqual([
      'batch',
      2,
      3,
      20,
    ]);

    const session = await ort.InferenceSession.create(converted.bytes);
    const input = new SyntheticGraphModel().random(2 * 7 * 9 * 3);
    const results = await session.run({
      x: new ort.Tensor('float32', Float32Array.from(input), [2, 7, 9, 3]),
    });
    await session.release();

    const parsed = JSON.parse(model.modelJsonText) as {
      modelTopology: object;
      weightsManifest: { weights: [] }[];
    };
    const weightData = model.weights.buffer.slice(
      model.weights.byteOffset,
      model.weights.byteOffset + model.weights.byteLength,
    ) as ArrayBuffer;
    const tfjsModel = await tf.loadGraphModel(
      tf.io.fromMemory({
        modelTopology: parsed.modelTopology,
        weightSpecs: parsed.weightsManifest.flatMap((group) => group.weights),
        weightData,
      }),
    );
    const reference = tfjsModel.execute(tf.tensor(input, [2, 7, 9, 3]), model.outputs) as tf.Tensor[];
    model.outputs.forEach((name, index) => {
      const expected = reference[index];
      const actual = results[name];
      expect(actual?.dims, name).toEqual(expected?.shape);
      const want = Float32Array.from(expected?.dataSync() ?? []);
      const got = actual?.data as Float32Array;
      let maxDifference = 0;
      want.forEach((value, at) => {
        maxDifference = Math.max(maxDifference, Math.abs(value - (got[at] ?? Number.NaN)));
      });
      expect(maxDifference, name).toBeLessThan(1e-5);
    });
    tfjsModel.dispose();
  });

  it('is deterministic: the same source gives the same bytes', () => {
    const first = convertSynthetic(buildCoverageGraph());
    const second = convertSynthetic(buildCoverageGraph());
    expect(Buffer.from(first.bytes).equals(Buffer.from(second.bytes))).toBe(true);
  });

  it('names the op and the node it cannot convert', async () => {
    const graph = new SyntheticGraphModel();
    graph.op('special/erf', 'Erf', [graph.placeholder('x', [1, 4])]);
    const model = graph.build(['x'], ['special/erf']);
    await expectStudioError(
      () => convertSynthetic(model),
      'UNSUPPORTED_OP',
      /^Model "synthetic": TensorFlow op "Erf" \(node "special\/erf"\) is not supported by the converter\.$/,
    );
  });

  it('names unsupported variants of supported ops', async () => {
    const graph = new SyntheticGraphModel();
    const x = graph.placeholder('x', [1, 3, 4, 4]);
    graph.op('nchw_conv', 'Conv2D', [x, graph.floats('w', [1, 1, 3, 2], graph.random(6))], {
      padding: attr.string('VALID'),
      data_format: attr.string('NCHW'),
    });
    await expectStudioError(
      () => convertSynthetic(graph.build(['x'], ['nchw_conv'])),
      'UNSUPPORTED_OP',
      /op "Conv2D" \(node "nchw_conv"\) is not supported: data_format NCHW/,
    );
  });

  it('reports truncated and oversized weight files as corrupt', async () => {
    const model = buildCoverageGraph();
    const truncated = { ...model, weights: model.weights.subarray(0, model.weights.length - 10) };
    await expectStudioError(
      () => convertSynthetic(truncated),
      'MODEL_CORRUPT',
      /weights\.bin is \d+ bytes.*truncated/,
    );
    const oversized = { ...model, weights: Buffer.concat([model.weights, Buffer.alloc(4)]) };
    await expectStudioError(
      () => convertSynthetic(oversized),
      'MODEL_CORRUPT',
      /does not belong to this model\.json/,
    );
  });

  it('reports a model.json that is not JSON or not a graph model as corrupt', async () => {
    await expectStudioError(
      () =>
        convertSynthetic({ modelJsonText: '{"format": "graph-model", "modelTop', weights: new Uint8Array() }),
      'MODEL_CORRUPT',
      /Model "synthetic": model\.json is not valid JSON/,
    );
    await expectStudioError(
      () => convertSynthetic({ modelJsonText: '{"format": "layers-model"}', weights: new Uint8Array() }),
      'MODEL_CORRUPT',
      /model\.json is not a TF\.js graph model \(modelTopology/,
    );
  });

  it('reports a node that reads a tensor nobody produces', async () => {
    const graph = new SyntheticGraphModel();
    graph.op('relu', 'Relu', ['ghost']);
    graph.placeholder('x', [1]);
    await expectStudioError(
      () => convertSynthetic(graph.build(['x'], ['relu'])),
      'MODEL_CORRUPT',
      /node "relu" reads "ghost", which no earlier node produces/,
    );
  });
});
