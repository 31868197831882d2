// Face model benchmark: per embedded model, the median milliseconds per run (batch 1) of the
// converted ONNX model on onnxruntime (best provider, and CPU on one thread) against the original
// TF.js graph model on tfjs-backend-wasm (single-threaded under Node), and the ratio.
// Then the face pipeline on 720p video (bench/faceAnalysisBench.ts). Wired into `npm run bench -- faces`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  acquireEmbeddedModelSession,
  locateEmbeddedModelSource,
} from '../src/main/engine/inference/embeddedModels';
import type { EmbeddedModelManifest } from '../src/main/engine/inference/modelManifest';
import { runFaceAnalysisBench } from './faceAnalysisBench';
import {
  findEmbeddedManifestDirectory,
  loadEmbeddedModelManifests,
} from '../src/main/engine/inference/modelManifest';
import type { SessionLease } from '../src/main/engine/inference/sessionPool';
import { InferenceSessionPool } from '../src/main/engine/inference/sessionPool';
import type { ModelInput } from '../src/main/engine/inference/testSupport/faceModelInputs';
import { faceModelInput, missingMediaReason } from '../src/main/engine/inference/testSupport/faceModelInputs';
import {
  loadTfjsGraphModel,
  runTfjsGraphModel,
} from '../src/main/engine/inference/testSupport/tfjsReference';

export interface FaceModelBenchResult {
  modelId: string;
  /** Provider the ORT session ran on (and why not a better one, if it fell back). */
  provider: string;
  fallbackReason: string | undefined;
  ortMedianMs: number;
  ortSingleThreadMedianMs: number;
  tfjsWasmMedianMs: number;
  /** tfjsWasmMedianMs / ortMedianMs: how many times faster onnxruntime is. */
  speedup: number;
}

const FACE_MODEL_TASKS: ReadonlySet<string> = new Set([
  'face-detection',
  'face-landmarks',
  'iris-landmarks',
  'face-description',
]);
const WARMUP_RUNS = 5;
const TIMED_RUNS = 40;
const TIME_BUDGET_MS = 4000;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** Warm up, then time runs until TIMED_RUNS or the time budget is used. */
async function timeRuns(run: () => Promise<void> | void): Promise<number> {
  for (let index = 0; index < WARMUP_RUNS; index++) await run();
  const durations: number[] = [];
  const started = performance.now();
  while (
    durations.length < TIMED_RUNS &&
    (durations.length < 5 || performance.now() - started < TIME_BUDGET_MS)
  ) {
    const before = performance.now();
    await run();
    durations.push(performance.now() - before);
  }
  return median(durations);
}

/** Real face pixels when the shared media is there; otherwise deterministic noise of the same shape. */
async function benchInput(manifest: EmbeddedModelManifest): Promise<ModelInput> {
  if (missingMediaReason() === undefined) return faceModelInput(manifest.id);
  const shape = (manifest.inputs[0]?.shape ?? []).map((dimension) =>
    typeof dimension === 'number' && dimension > 0 ? dimension : 1,
  );
  const data = new Float32Array(shape.reduce((product, size) => product * size, 1));
  for (let index = 0; index < data.length; index++) data[index] = Math.sin(index * 0.37) * 0.5 + 0.5;
  return { data, shape };
}

async function timeOrt(lease: SessionLease, inputName: string, input: ModelInput): Promise<number> {
  const feeds = { [inputName]: { data: input.data, dims: input.shape } };
  return timeRuns(async () => {
    await lease.run(feeds);
  });
}

export async function runFaceModelsBench(): Promise<FaceModelBenchResult[]> {
  const manifestDirectory = findEmbeddedManifestDirectory();
  if (manifestDirectory === undefined) throw new Error('models/embedded not found');
  // Only the face models: models/embedded also holds other families (content classifiers).
  const manifests = (await loadEmbeddedModelManifests(manifestDirectory)).filter((manifest) =>
    FACE_MODEL_TASKS.has(manifest.task),
  );
  const dataDir = process.env.DOPPEL_HOME ?? mkdtempSync(join(tmpdir(), 'doppel-bench-'));
  const pool = new InferenceSessionPool();
  const singleThreadPool = new InferenceSessionPool({ defaultProvider: 'cpu', intraOpNumThreads: 1 });
  const results: FaceModelBenchResult[] = [];
  const mediaNote = missingMediaReason();
  console.log(
    `face models: median ms per run, batch 1${mediaNote ? ` (synthetic input: ${mediaNote})` : ''}`,
  );
  try {
    for (const manifest of manifests) {
      const input = await benchInput(manifest);
      const inputName = manifest.inputs[0]?.name ?? '';
      const lease = await acquireEmbeddedModelSession(pool, { dataDir, manifest });
      const singleThread = await acquireEmbeddedModelSession(singleThreadPool, { dataDir, manifest });
      const ortMedianMs = await timeOrt(lease, inputName, input);
      const ortSingleThreadMedianMs = await timeOrt(singleThread, inputName, input);
      const tfjsModel = await loadTfjsGraphModel(locateEmbeddedModelSource(manifest).modelJsonPath);
      const outputNames = manifest.outputs.map((output) => output.name);
      const tfjsWasmMedianMs = await timeRuns(() => {
        runTfjsGraphModel(tfjsModel, input.data, input.shape, outputNames);
      });
      tfjsModel.dispose();
      results.push({
        modelId: manifest.id,
        provider: lease.provider,
        fallbackReason: lease.fallbackReason,
        ortMedianMs,
        ortSingleThreadMedianMs,
        tfjsWasmMedianMs,
        speedup: tfjsWasmMedianMs / ortMedianMs,
      });
      lease.release();
      singleThread.release();
    }
  } finally {
    pool.dispose();
    singleThreadPool.dispose();
  }
  const header = ['model', 'ORT', 'ORT 1 thread', 'TF.js wasm', 'TF.js/ORT'];
  const rows = results.map((result) => [
    result.modelId,
    `${result.ortMedianMs.toFixed(2)} (${result.provider})`,
    result.ortSingleThreadMedianMs.toFixed(2),
    result.tfjsWasmMedianMs.toFixed(2),
    `${result.speedup.toFixed(1)}x`,
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  for (const row of [header, ...rows]) {
    console.log(
      row
        .map((cell, column) =>
          column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0),
        )
        .join('  '),
    );
  }
  const fallback = results.find((result) => result.fallbackReason !== undefined)?.fallbackReason;
  if (fallback !== undefined) console.log(`provider: ${fallback}`);
  try {
    // The whole face pipeline on 720p video, with the models converted above.
    await runFaceAnalysisBench(dataDir);
  } finally {
    if (process.env.DOPPEL_HOME === undefined) rmSync(dataDir, { recursive: true, force: true });
  }
  return results;
}
