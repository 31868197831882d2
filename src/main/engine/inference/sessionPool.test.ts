// The session pool with real onnxruntime sessions on small models this test writes itself:
// ref counting, provider fallback with a reason, overrides, timings and the bad-model errors.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { StudioError } from '../../../shared/errors';
import type { ExecutionProviderStatus } from './executionProviders';
import { sha256OfBytes } from './fileHashing';
import type { ManifestTensor } from './modelManifest';
import { InferenceSessionPool } from './sessionPool';
import { encodeOnnxModel, nodeProto, valueInfo } from './tfjsConverter/onnxModelWriter';

/** y = relu(x) on float32[batch, 4]. */
function reluModel(): Uint8Array {
  return encodeOnnxModel({
    graphName: 'relu',
    nodes: [nodeProto('Relu', 'relu', ['x'], ['y'])],
    initializers: [],
    inputs: [valueInfo('x', 'float32', ['batch', 4])],
    outputs: [valueInfo('y', 'float32', ['batch', 4])],
    docString: 'test',
    producerVersion: 'test',
    metadata: {},
  });
}

const reluSignature: { inputs: ManifestTensor[]; outputs: ManifestTensor[] } = {
  inputs: [{ name: 'x', dtype: 'float32', shape: ['batch', 4], layout: 'NC', description: 'in' }],
  outputs: [{ name: 'y', dtype: 'float32', shape: ['batch', 4], layout: 'NC', description: 'out' }],
};

async function expectStudioError(promise: Promise<unknown>, code: string, pattern: RegExp): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(StudioError);
  expect((error as StudioError).code).toBe(code);
  expect((error as StudioError).message).toMatch(pattern);
}

describe('InferenceSessionPool', () => {
  let folder: string;
  let modelPath: string;
  let modelSha256: string;
  const pools: InferenceSessionPool[] = [];
  const newPool = (...args: ConstructorParameters<typeof InferenceSessionPool>) => {
    const pool = new InferenceSessionPool(...args);
    pools.push(pool);
    return pool;
  };

  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'doppel-pool-'));
    const bytes = reluModel();
    modelPath = join(folder, 'relu.onnx');
    writeFileSync(modelPath, bytes);
    modelSha256 = sha256OfBytes(bytes);
  });
  afterEach(() => {
    while (pools.length > 0) pools.pop()?.dispose();
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('shares one session per model and provider and frees it with the last lease', async () => {
    const pool = newPool({ defaultProvider: 'cpu' });
    const request = { modelId: 'relu', modelPath, expectedSha256: modelSha256 };
    const [first, second] = await Promise.all([pool.acquire(request), pool.acquire(request)]);
    expect(pool.stats()).toHaveLength(1);
    expect(pool.stats()[0]?.refCount).toBe(2);
    expect(first.provider).toBe('cpu');

    const output = await first.run({ x: { data: Float32Array.of(-1, 2, -3, 4), dims: [1, 4] } });
    expect(Array.from(output.y?.data as Float32Array)).toEqual([0, 2, 0, 4]);

    first.release();
    first.release(); // a second release of the same lease must not count twice
    expect(pool.stats()[0]?.refCount).toBe(1);
    await expect(first.run({ x: { data: new Float32Array(4), dims: [1, 4] } })).rejects.toThrow(/released/);

    await expectStudioError(
      second.run({ x: { data: new Float32Array(3), dims: [1, 3] } }),
      'INVALID_ARGUMENT',
      /Model "relu": run failed \(.*\)/,
    );

    const third = await pool.acquire(request);
    expect(pool.stats()).toHaveLength(1);
    expect(pool.stats()[0]?.refCount).toBe(2);
    second.dispose();
    third.dispose();
    expect(pool.stats()).toHaveLength(0);
  });

  it('keeps the last N run durations per session', async () => {
    const pool = newPool({ defaultProvider: 'cpu', runTimingWindow: 3 });
    const lease = await pool.acquire({ modelId: 'relu', modelPath, expectedSha256: modelSha256 });
    for (let run = 0; run < 5; run++) await lease.run({ x: { data: new Float32Array(8), dims: [2, 4] } });
    const runs = pool.stats()[0]?.runs;
    expect(runs?.totalRuns).toBe(5);
    expect(runs?.windowRuns).toBe(3);
    expect(runs?.medianMs).toBeGreaterThanOrEqual(0);
    expect(runs?.p95Ms).toBeGreaterThanOrEqual(runs?.medianMs ?? 0);
    lease.release();
  });

  it('falls back to cpu with the reason when webgpu cannot start (no GPU here)', async () => {
    const pool = newPool();
    const lease = await pool.acquire({
      modelId: 'relu',
      modelPath,
      expectedSha256: modelSha256,
      provider: 'webgpu',
    });
    expect(lease.requestedProvider).toBe('webgpu');
    if (lease.provider === 'webgpu') {
      // A machine with a usable GPU adapter: nothing to fall back from.
      expect(lease.fallbackReason).toBeUndefined();
    } else {
      expect(lease.provider).toBe('cpu');
      expect(lease.fallbackReason).toMatch(/running on cpu because webgpu/);
      expect(pool.stats()[0]?.fallbackReason).toMatch(/webgpu/);
    }
    lease.release();
  });

  it('falls back to cpu when the requested provider is not installed, saying why', async () => {
    const statuses: ExecutionProviderStatus[] = [
      { name: 'cuda', available: false, reason: 'the cuda provider library is not installed' },
      { name: 'cpu', available: true, reason: undefined },
    ];
    const pool = newPool({ providerStatuses: () => statuses });
    pool.setProviderOverride('relu', 'cuda');
    expect(pool.providerOverride('relu')).toBe('cuda');
    const lease = await pool.acquire({ modelId: 'relu', modelPath, expectedSha256: modelSha256 });
    expect(lease.requestedProvider).toBe('cuda');
    expect(lease.provider).toBe('cpu');
    expect(lease.fallbackReason).toBe(
      'running on cpu because cuda: the cuda provider library is not installed',
    );
    // The override is per model: the same file under another id uses the default choice.
    const other = await pool.acquire({ modelId: 'relu-2', modelPath, expectedSha256: modelSha256 });
    expect(other.requestedProvider).toBe('auto');
    lease.release();
    other.release();
  });

  it('refuses a file whose sha256 differs from the expected one', async () => {
    const pool = newPool({ defaultProvider: 'cpu' });
    const wrong = '0'.repeat(64);
    await expectStudioError(
      pool.acquire({ modelId: 'relu', modelPath, expectedSha256: wrong }),
      'MODEL_HASH_MISMATCH',
      /Model "relu": .*relu\.onnx has sha256 [0-9a-f]{64}, expected 0{64}/,
    );
    expect(pool.stats()).toHaveLength(0);
  });

  it('reports a corrupt model file that hashes correctly but cannot be loaded', async () => {
    const pool = newPool({ defaultProvider: 'cpu' });
    const garbage = Buffer.from('this is not an onnx model at all');
    const path = join(folder, 'garbage.onnx');
    writeFileSync(path, garbage);
    await expectStudioError(
      pool.acquire({ modelId: 'garbage', modelPath: path, expectedSha256: sha256OfBytes(garbage) }),
      'MODEL_CORRUPT',
      /Model "garbage": onnxruntime cannot load .*garbage\.onnx/,
    );
  });

  it('reports a missing model file', async () => {
    const pool = newPool({ defaultProvider: 'cpu' });
    await expectStudioError(
      pool.acquire({ modelId: 'missing', modelPath: join(folder, 'nope.onnx'), expectedSha256: modelSha256 }),
      'FILE_NOT_FOUND',
      /Model "missing": cannot read .*nope\.onnx/,
    );
  });

  it('checks the session against the manifest signature and names what differs', async () => {
    const pool = newPool({ defaultProvider: 'cpu' });
    const request = { modelId: 'relu', modelPath, expectedSha256: modelSha256 };
    const good = await pool.acquire({ ...request, signature: reluSignature });
    good.release();

    const renamed = {
      inputs: reluSignature.inputs,
      outputs: [{ ...reluSignature.outputs[0], name: 'scores' } as ManifestTensor],
    };
    await expectStudioError(
      pool.acquire({ ...request, signature: renamed }),
      'MODEL_SIGNATURE_MISMATCH',
      /Model "relu" does not match its manifest: output "scores" is missing \(the model has "y"\); the model has an unexpected output "y"/,
    );
    const reshaped = {
      inputs: [{ ...reluSignature.inputs[0], shape: ['batch', 8] } as ManifestTensor],
      outputs: [{ ...reluSignature.outputs[0], dtype: 'int64' } as ManifestTensor],
    };
    await expectStudioError(
      pool.acquire({ ...request, signature: reshaped }),
      'MODEL_SIGNATURE_MISMATCH',
      /input "x" has shape \[batch,4\], the manifest says \[batch,8\]; output "y" is float32, the manifest says int64/,
    );
    expect(pool.stats()).toHaveLength(0);
  });

  it('refuses new leases after dispose', async () => {
    const pool = new InferenceSessionPool({ defaultProvider: 'cpu' });
    const lease = await pool.acquire({ modelId: 'relu', modelPath, expectedSha256: modelSha256 });
    pool.dispose();
    expect(pool.stats()).toHaveLength(0);
    lease.release();
    await expectStudioError(
      pool.acquire({ modelId: 'relu', modelPath, expectedSha256: modelSha256 }),
      'CANCELLED',
      /disposed/,
    );
  });
});
