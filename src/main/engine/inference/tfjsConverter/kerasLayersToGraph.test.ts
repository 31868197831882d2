// The Keras layers translation beyond what the NSFWJS models use: a functional model built and
// saved by TF.js itself (so the model.json is exactly what tfjs-layers writes) with every layer
// type and option the translation knows — odd sizes, SAME/VALID, strides, ZeroPadding2D,
// BatchNormalization without scale or centre (and on a dense output), ReLU with a cap other than
// 6, depthwise with a multiplier and bias, pooling with SAME padding, a three-way Add, Concatenate,
// GlobalAveragePooling2D, Flatten, Dense — converted to ONNX and compared with TF.js predict().
import * as ort from 'onnxruntime-node';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { StudioError } from '../../../../shared/errors';
import { initTfjsWasmBackend } from '../testSupport/tfjsReference';
import { convertTfjsGraphModel } from './convertTfjsGraphModel';
import { KERAS_CONSTANTS_SHARD, translateKerasLayersModel } from './kerasLayersToGraph';

interface SavedLayersModel {
  modelJson: Record<string, unknown>;
  weightData: Uint8Array;
}

async function saveToMemory(model: tf.LayersModel): Promise<SavedLayersModel> {
  let saved: SavedLayersModel | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const data = artifacts.weightData;
      const bytes =
        data instanceof ArrayBuffer
          ? new Uint8Array(data)
          : new Uint8Array(Buffer.concat((data ?? []).map((part) => new Uint8Array(part))));
      saved = {
        modelJson: {
          modelTopology: artifacts.modelTopology,
          weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs ?? [] }],
        },
        weightData: bytes,
      };
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (saved === undefined) throw new Error('the model was not saved');
  return saved;
}

/** Gives every weight non-trivial values (BatchNorm statistics positive) so no layer is an identity. */
function randomiseWeights(model: tf.LayersModel): void {
  let seed = 7;
  const next = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  for (const layer of model.layers) {
    const values = layer.getWeights().map((weight, index) => {
      const name = layer.weights[index]?.originalName ?? '';
      const size = weight.size;
      const data = Float32Array.from({ length: size }, () =>
        /moving_variance/.test(name) ? 0.5 + next() : /gamma/.test(name) ? 0.5 + next() : next() * 2 - 1,
      );
      return tf.tensor(data, weight.shape);
    });
    if (values.length > 0) layer.setWeights(values);
  }
}

function buildCoverageModel(): tf.LayersModel {
  const input = tf.input({ shape: [13, 11, 3], name: 'image' });
  const padded = tf.layers
    .zeroPadding2d({
      padding: [
        [1, 0],
        [2, 1],
      ],
      name: 'pad',
    })
    .apply(input) as tf.SymbolicTensor;
  const conv = tf.layers
    .conv2d({ filters: 6, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', name: 'conv' })
    .apply(padded) as tf.SymbolicTensor;
  const normalised = tf.layers
    .batchNormalization({ scale: false, name: 'bn_noscale' })
    .apply(conv) as tf.SymbolicTensor;
  const capped = tf.layers.reLU({ maxValue: 3, name: 'relu3' }).apply(normalised) as tf.SymbolicTensor;
  const depthwise = tf.layers
    .depthwiseConv2d({
      kernelSize: [3, 2],
      depthMultiplier: 2,
      padding: 'valid',
      useBias: true,
      name: 'depthwise',
    })
    .apply(capped) as tf.SymbolicTensor;
  const centred = tf.layers
    .batchNormalization({ center: false, name: 'bn_nocenter' })
    .apply(depthwise) as tf.SymbolicTensor;
  const six = tf.layers.reLU({ maxValue: 6, name: 'relu6' }).apply(centred) as tf.SymbolicTensor;
  const pointwise = tf.layers
    .conv2d({ filters: 12, kernelSize: 1, useBias: false, name: 'pointwise' })
    .apply(six) as tf.SymbolicTensor;
  const tanh = tf.layers
    .activation({ activation: 'tanh', name: 'tanh' })
    .apply(pointwise) as tf.SymbolicTensor;
  const sum = tf.layers.add({ name: 'sum3' }).apply([pointwise, tanh, centred]) as tf.SymbolicTensor;
  const averaged = tf.layers
    .averagePooling2d({ poolSize: 3, strides: 2, padding: 'same', name: 'avg_same' })
    .apply(sum) as tf.SymbolicTensor;
  const maxed = tf.layers
    .maxPooling2d({ poolSize: 2, strides: 1, padding: 'same', name: 'max_same' })
    .apply(sum) as tf.SymbolicTensor;
  const maxedSmall = tf.layers
    .averagePooling2d({ poolSize: 3, strides: 2, padding: 'same', name: 'avg_same_2' })
    .apply(maxed) as tf.SymbolicTensor;
  const joined = tf.layers
    .concatenate({ axis: -1, name: 'joined' })
    .apply([averaged, maxedSmall]) as tf.SymbolicTensor;
  const flat = tf.layers.flatten({ name: 'flat' }).apply(joined) as tf.SymbolicTensor;
  const pooled = tf.layers.globalAveragePooling2d({ name: 'gap' }).apply(joined) as tf.SymbolicTensor;
  const dense = tf.layers
    .dense({ units: 7, activation: 'sigmoid', name: 'dense' })
    .apply(flat) as tf.SymbolicTensor;
  const denseNorm = tf.layers.batchNormalization({ name: 'bn_dense' }).apply(dense) as tf.SymbolicTensor;
  const dropped = tf.layers.dropout({ rate: 0.5, name: 'dropout' }).apply(denseNorm) as tf.SymbolicTensor;
  const head = tf.layers.concatenate({ name: 'head_in' }).apply([dropped, pooled]) as tf.SymbolicTensor;
  const output = tf.layers
    .dense({ units: 5, activation: 'softmax', name: 'probabilities' })
    .apply(head) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: [output, sum], name: 'coverage' });
}

describe('Keras layers models: translated to a graph, converted, compared with TF.js', () => {
  let saved: SavedLayersModel;
  let model: tf.LayersModel;

  beforeAll(async () => {
    await initTfjsWasmBackend();
    model = buildCoverageModel();
    randomiseWeights(model);
    saved = await saveToMemory(model);
  });

  it('matches TF.js predict() on every output', async () => {
    const translated = translateKerasLayersModel('coverage', saved.modelJson);
    expect(translated.inputNames).toEqual(['image']);
    expect(translated.outputNames).toEqual(['probabilities', 'sum3']);
    const converted = convertTfjsGraphModel({
      modelId: 'coverage',
      modelJsonText: JSON.stringify(translated.graphModel),
      readWeightShard: (path) =>
        path === KERAS_CONSTANTS_SHARD ? translated.constantsShard : saved.weightData,
    });
    expect(converted.outputs.map((output) => output.shape)).toEqual([
      ['batch', 5],
      ['batch', 5, 6, 12],
    ]);
    const session = await ort.InferenceSession.create(converted.bytes, { executionProviders: ['cpu'] });
    const batch = 2;
    const input = Float32Array.from({ length: batch * 13 * 11 * 3 }, (_, index) => Math.sin(index * 0.37));
    const result = await session.run({ image: new ort.Tensor('float32', input, [batch, 13, 11, 3]) });
    const expected = model.predict(tf.tensor(input, [batch, 13, 11, 3])) as tf.Tensor[];
    for (const [index, name] of ['probabilities', 'sum3'].entries()) {
      const actual = result[name]?.data as Float32Array;
      const reference = expected[index]?.dataSync() as Float32Array;
      expect(actual.length, name).toBe(reference.length);
      let maxAbsolute = 0;
      reference.forEach(
        (value, position) =>
          (maxAbsolute = Math.max(maxAbsolute, Math.abs(value - (actual[position] ?? NaN)))),
      );
      expect(maxAbsolute, `${name} max |ort - tfjs|`).toBeLessThan(1e-5);
    }
    await session.release();
  });

  it('names the layer and the reason for what it cannot translate', () => {
    // The Keras form (config wrapped in model_config), as nsfwjs ships it.
    const json = structuredClone({
      ...saved.modelJson,
      modelTopology: { model_config: saved.modelJson.modelTopology },
    }) as {
      modelTopology: {
        model_config: {
          config: { layers: { class_name: string; name: string; config: Record<string, unknown> }[] };
        };
      };
    };
    const layers = json.modelTopology.model_config.config.layers;
    const relu = layers.find((layer) => layer.name === 'relu3');
    if (relu === undefined) throw new Error('relu3 missing');
    relu.config.negative_slope = 0.1;
    expect(() => translateKerasLayersModel('coverage', json)).toThrow(
      /Model "coverage": Keras layer "relu3" \(ReLU\) is not supported: a leaky or thresholded ReLU/,
    );
    relu.class_name = 'Conv2DTranspose';
    const error = (() => {
      try {
        translateKerasLayersModel('coverage', json);
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(StudioError);
    expect((error as StudioError).code).toBe('UNSUPPORTED_OP');
    expect((error as StudioError).message).toMatch(
      /"relu3" \(Conv2DTranspose\) is not supported: the converter does not know this layer type/,
    );
  });
});
