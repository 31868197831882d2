// Test/bench only: runs the original TF.js graph models on tfjs-backend-wasm, the reference the
// converted ONNX models are compared against. @tensorflow/* are devDependencies, so nothing in the
// app may import this file.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

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
