// Test/bench only: runs the original TF.js graph models on tfjs-backend-wasm, the reference the
// converted ONNX models are compared against. @tensorflow/* are devDependencies, so nothing in the
// app may import this file.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import type { TfjsModelSourceKind } from '../tfjsConverter/tfjsModelSource';
import { readTfjsModelSource } from '../tfjsConverter/tfjsModelSource';

let backendReady: Promise<void> | undefined;

/** Selects the wasm backend once per process (the .wasm files are read from node_modules). */
export function initTfjsWasmBackend(): Promise<void> {
  backendReady ??= (async () => {
    const require = createRequire(import.meta.url);
    const wasmFolder = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
    setWasmPaths(`${wasmFolder}/`);
    const ok = await tf.setBackend('wasm');
    if (!ok) throw new Error('tfjs wasm backend failed to initialise');
    await tf.ready();
  })();
  return backendReady;
}

interface WeightsManifestJson {
  weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
  modelTopology: object;
}

export async function loadTfjsGraphModel(modelJsonPath: string): Promise<tf.GraphModel> {
  await initTfjsWasmBackend();
  const json = JSON.parse(await readFile(modelJsonPath, 'utf8')) as WeightsManifestJson;
  const shards = await Promise.all(
    json.weightsManifest.flatMap((group) =>
      group.paths.map((path) => readFile(join(dirname(modelJsonPath), path))),
    ),
  );
  const bytes = Buffer.concat(shards);
  const weightData = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  return tf.loadGraphModel(
    tf.io.fromMemory({
      modelTopology: json.modelTopology,
      weightSpecs: json.weightsManifest.flatMap((group) => group.weights),
      weightData,
    }),
  );
}

/** Runs the model on one NHWC float32 input and returns each named output's data. */
export function runTfjsGraphModel(
  model: tf.GraphModel,
  input: Float32Array,
  shape: readonly number[],
  outputNames: readonly string[],
): Map<string, Float32Array> {
  const tensor = tf.tensor(input, [...shape], 'float32');
  const raw = model.execute(tensor, [...outputNames]);
  const outputs = Array.isArray(raw) ? raw : [raw];
  const result = new Map(
    outputNames.map((name, index) => [name, outputs[index]?.dataSync() as Float32Array]),
  );
  tf.dispose([tensor, ...outputs]);
  return result;
}

/** A model loaded as TF.js itself loads it (graph or Keras layers model, any packaging). */
export interface TfjsReferenceModel {
  /** Runs the model on one NHWC float32 batch and returns its (single) output. */
  predict(input: Float32Array, shape: readonly number[]): Float32Array;
  dispose(): void;
}

/**
 * Loads the original model from its source files with tf.loadLayersModel / tf.loadGraphModel,
 * the way nsfwjs does, so the reference shares nothing with the converter but the file reading.
 */
export async function loadTfjsReferenceModel(
  modelPath: string,
  kind: TfjsModelSourceKind,
): Promise<TfjsReferenceModel> {
  await initTfjsWasmBackend();
  const source = await readTfjsModelSource('reference', modelPath, kind);
  const artifacts = source.artifacts();
  const weightData = artifacts.weightData.slice().buffer;
  const handler = tf.io.fromMemory({
    modelTopology: artifacts.modelJson.modelTopology as object,
    weightSpecs: artifacts.weightGroups.flatMap((group) => group.weights) as tf.io.WeightsManifestEntry[],
    weightData,
  });
  const model: tf.GraphModel | tf.LayersModel =
    kind.format === 'tfjs-layers-model'
      ? await tf.loadLayersModel(handler)
      : await tf.loadGraphModel(handler);
  return {
    predict: (input, shape) =>
      tf.tidy(() => {
        const output = model.predict(tf.tensor(input, [...shape], 'float32'));
        const first = Array.isArray(output) ? output[0] : output;
        if (first === undefined || !(first instanceof tf.Tensor))
          throw new Error('the model returned no tensor');
        return first.dataSync() as Float32Array;
      }),
    dispose: () => model.dispose(),
  };
}
