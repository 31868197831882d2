// A pool of onnxruntime sessions shared by everything that runs models: one session per
// (model, file sha256, execution provider), ref-counted — acquire() hands out a lease, the session
// is released when its last lease is. Sessions are only created from bytes whose sha256 matched
// the expected value, on the best provider available, falling back to CPU with the reason kept
// on the lease and in stats() so the UI can show what ran and why.
import * as ort from 'onnxruntime-node';
import type { Disposable } from '../../../shared/disposable';
import { StudioError } from '../../../shared/errors';
import type {
  ExecutionProviderChoice,
  ExecutionProviderName,
  ExecutionProviderStatus,
} from './executionProviders';
import { detectExecutionProviders, planExecutionProviders } from './executionProviders';
import { readFileWithSha256, sameSha256 } from './fileHashing';
import type { RunTimingStats } from './runTimings';
import { DEFAULT_RUN_TIMING_WINDOW, RunTimingWindow } from './runTimings';
import type { ExpectedSignature, SessionValueMetadata } from './sessionSignature';
import { assertSignatureMatches } from './sessionSignature';
import { encodeProviderProbeModel } from './tfjsConverter/onnxModelWriter';

/** Plain tensors, so code outside engine/inference never needs onnxruntime types. */
export type TensorData = Float32Array | Int32Array | BigInt64Array | Uint8Array;

export interface TensorInput {
  data: TensorData;
  dims: readonly number[];
}

export interface TensorOutput {
  readonly data: unknown;
  readonly dims: readonly number[];
  /** onnxruntime element type, e.g. "float32". */
  readonly type: string;
}

function elementTypeOf(data: TensorData): 'float32' | 'int32' | 'int64' | 'uint8' {
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof Int32Array) return 'int32';
  if (data instanceof BigInt64Array) return 'int64';
  return 'uint8';
}

export interface SessionRequest {
  modelId: string;
  modelPath: string;
  /** The session is only created if the file's sha256 equals this. */
  expectedSha256: string;
  /** Overrides the pool's per-model override and default. */
  provider?: ExecutionProviderChoice;
  /** When given, the session's inputs/outputs must match (names, types, shapes). */
  signature?: ExpectedSignature;
}

export interface SessionLease extends Disposable {
  readonly modelId: string;
  /** The provider the session actually runs on. */
  readonly provider: ExecutionProviderName;
  readonly requestedProvider: ExecutionProviderChoice;
  /** Why the session does not run on the requested (or best) provider; undefined if it does. */
  readonly fallbackReason: string | undefined;
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  /** What the model declares for each input/output (name, element type, shape), in order. */
  readonly inputMetadata: readonly SessionValueMetadata[];
  readonly outputMetadata: readonly SessionValueMetadata[];
  /** Runs the model; each run's duration is recorded in the session's timing window. */
  run(feeds: Readonly<Record<string, TensorInput>>): Promise<Record<string, TensorOutput>>;
  /** Same as dispose(); safe to call twice. */
  release(): void;
}

export interface SessionStats {
  modelId: string;
  sha256: string;
  provider: ExecutionProviderName;
  requestedProvider: ExecutionProviderChoice;
  fallbackReason: string | undefined;
  refCount: number;
  createMs: number;
  runs: RunTimingStats;
}

export interface InferenceSessionPoolOptions {
  /** How many recent run durations each session keeps (default 100). */
  runTimingWindow?: number;
  /** Provider availability; defaults to detecting this machine. */
  providerStatuses?: () => ExecutionProviderStatus[];
  /** Used when neither the request nor a per-model override names a provider (default 'auto'). */
  defaultProvider?: ExecutionProviderChoice;
  intraOpNumThreads?: number;
}

interface PoolEntry {
  key: string;
  modelId: string;
  sha256: string;
  provider: ExecutionProviderName;
  requestedProvider: ExecutionProviderChoice;
  fallbackReason: string | undefined;
  session: ort.InferenceSession;
  refCount: number;
  createMs: number;
  timings: RunTimingWindow;
}

type ProbeResult = { ok: true } | { ok: false; reason: string };

/** An entry plus why this particular request did not get its first-choice provider. */
interface CreatedEntry {
  entry: PoolEntry;
  fallbackReason: string | undefined;
}

function messageOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  let line = text.split('\n').find((candidate) => candidate.trim() !== '') ?? text;
  // ORT messages start with a source location and a failed check ("/onnxruntime_src/...cc:136
  // fn() cond was false. Failed to get a WebGPU adapter: ..."); users need the part after it.
  const check = / was false\. (.+)$/.exec(line);
  if (check?.[1] !== undefined) line = check[1];
  line = line.replace(/^\S+\.(?:cc|cpp|h):\d+ /, '');
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

export class InferenceSessionPool implements Disposable {
  private readonly entries = new Map<string, PoolEntry>();
  private readonly pending = new Map<string, Promise<CreatedEntry>>();
  /** Where a (model, sha, choice) landed last time, so repeat acquires skip failed providers. */
  private readonly landed = new Map<
    string,
    { provider: ExecutionProviderName; fallbackReason: string | undefined }
  >();
  private readonly probes = new Map<ExecutionProviderName, Promise<ProbeResult>>();
  private readonly overrides = new Map<string, ExecutionProviderChoice>();
  private statusesCache: ExecutionProviderStatus[] | undefined;
  private disposed = false;

  constructor(private readonly options: InferenceSessionPoolOptions = {}) {}

  /** Static availability (without trying to start providers). */
  providerStatuses(): ExecutionProviderStatus[] {
    this.statusesCache ??= (this.options.providerStatuses ?? detectExecutionProviders)();
    return this.statusesCache;
  }

  /** Availability after actually starting each available provider once (for the models panel). */
  async probedProviderStatuses(): Promise<ExecutionProviderStatus[]> {
    return Promise.all(
      this.providerStatuses().map(async (status) => {
        if (!status.available || status.name === 'cpu') return status;
        const probe = await this.probe(status.name);
        return probe.ok ? status : { ...status, available: false, reason: probe.reason };
      }),
    );
  }

  /** Per-model provider override chosen by the user; undefined clears it. */
  setProviderOverride(modelId: string, provider: ExecutionProviderChoice | undefined): void {
    if (provider === undefined) this.overrides.delete(modelId);
    else this.overrides.set(modelId, provider);
  }

  providerOverride(modelId: string): ExecutionProviderChoice | undefined {
    return this.overrides.get(modelId);
  }

  async acquire(request: SessionRequest): Promise<SessionLease> {
    this.assertOpen();
    const choice =
      request.provider ?? this.overrides.get(request.modelId) ?? this.options.defaultProvider ?? 'auto';
    const sha256 = request.expectedSha256.toLowerCase();
    const choiceKey = `${request.modelId}\0${sha256}\0${choice}`;
    const landed = this.landed.get(choiceKey);
    let entry = landed && this.entries.get(this.entryKey(request.modelId, sha256, landed.provider));
    if (entry === undefined) {
      let creation = this.pending.get(choiceKey);
      if (creation === undefined) {
        creation = this.createEntry(request, sha256, choice);
        this.pending.set(choiceKey, creation);
        creation.finally(() => this.pending.delete(choiceKey)).catch(() => undefined);
      }
      const created = await creation;
      entry = created.entry;
      this.landed.set(choiceKey, { provider: entry.provider, fallbackReason: created.fallbackReason });
    }
    if (request.signature !== undefined) this.checkSignature(entry, request.signature);
    this.assertOpen();
    entry.refCount += 1;
    const fallbackReason = this.landed.get(choiceKey)?.fallbackReason;
    return this.lease(entry, choice, fallbackReason);
  }

  stats(): SessionStats[] {
    return [...this.entries.values()].map((entry) => ({
      modelId: entry.modelId,
      sha256: entry.sha256,
      provider: entry.provider,
      requestedProvider: entry.requestedProvider,
      fallbackReason: entry.fallbackReason,
      refCount: entry.refCount,
      createMs: entry.createMs,
      runs: entry.timings.stats(),
    }));
  }

  /** Releases every session, leased or not; later acquires fail. */
  dispose(): void {
    this.disposed = true;
    for (const entry of this.entries.values()) void entry.session.release().catch(() => undefined);
    this.entries.clear();
  }

  private assertOpen(): void {
    if (this.disposed) throw new StudioError('CANCELLED', 'The inference session pool has been disposed.');
  }

  private entryKey(modelId: string, sha256: string, provider: ExecutionProviderName): string {
    return `${modelId}\0${sha256}\0${provider}`;
  }

  private checkSignature(entry: PoolEntry, signature: ExpectedSignature): void {
    assertSignatureMatches(entry.modelId, signature, {
      inputs: entry.session.inputMetadata,
      outputs: entry.session.outputMetadata,
    });
  }

  /** Starts a provider once with a one-node model: tells "no GPU here" apart from "this model fails". */
  private probe(provider: ExecutionProviderName): Promise<ProbeResult> {
    let result = this.probes.get(provider);
    if (result === undefined) {
      result = (async (): Promise<ProbeResult> => {
        try {
          const session = await ort.InferenceSession.create(encodeProviderProbeModel(), {
            executionProviders: [provider],
            logSeverityLevel: 4,
          });
          await session.release();
          return { ok: true };
        } catch (error) {
          return { ok: false, reason: `${provider} could not start (${messageOf(error)})` };
        }
      })();
      this.probes.set(provider, result);
    }
    return result;
  }

  private async readVerified(request: SessionRequest, sha256: string): Promise<Buffer> {
    let file: { bytes: Buffer; sha256: string };
    try {
      file = await readFileWithSha256(request.modelPath);
    } catch (error) {
      throw new StudioError(
        'FILE_NOT_FOUND',
        `Model "${request.modelId}": cannot read ${request.modelPath} (${messageOf(error)}).`,
        { cause: error },
      );
    }
    if (!sameSha256(file.sha256, sha256)) {
      throw new StudioError(
        'MODEL_HASH_MISMATCH',
        `Model "${request.modelId}": ${request.modelPath} has sha256 ${file.sha256}, expected ${sha256}; ` +
          'the file is damaged or is not the expected model.',
      );
    }
    return file.bytes;
  }

  private async createEntry(
    request: SessionRequest,
    sha256: string,
    choice: ExecutionProviderChoice,
  ): Promise<CreatedEntry> {
    const { modelId } = request;
    const bytes = await this.readVerified(request, sha256);
    const plan = planExecutionProviders(this.providerStatuses(), choice);
    const failures = plan.skipped.map((skip) => `${skip.name}: ${skip.reason}`);
    let lastError: unknown;
    const reasonFor = (provider: ExecutionProviderName): string | undefined =>
      failures.length === 0 ? undefined : `running on ${provider} because ${failures.join('; ')}`;
    for (const provider of plan.candidates) {
      const existing = this.entries.get(this.entryKey(modelId, sha256, provider));
      if (existing !== undefined) return { entry: existing, fallbackReason: reasonFor(provider) };
      if (provider !== 'cpu') {
        const probe = await this.probe(provider);
        if (!probe.ok) {
          failures.push(probe.reason);
          continue;
        }
      }
      const started = performance.now();
      let session: ort.InferenceSession;
      try {
        session = await ort.InferenceSession.create(bytes, {
          executionProviders: [provider],
          graphOptimizationLevel: 'all',
          logSeverityLevel: 3,
          ...(this.options.intraOpNumThreads === undefined
            ? {}
            : { intraOpNumThreads: this.options.intraOpNumThreads }),
        });
      } catch (error) {
        lastError = error;
        failures.push(`${provider}: session creation failed (${messageOf(error)})`);
        continue;
      }
      const fallbackReason = reasonFor(provider);
      const entry: PoolEntry = {
        key: this.entryKey(modelId, sha256, provider),
        modelId,
        sha256,
        provider,
        requestedProvider: choice,
        fallbackReason,
        session,
        refCount: 0,
        createMs: performance.now() - started,
        timings: new RunTimingWindow(this.options.runTimingWindow ?? DEFAULT_RUN_TIMING_WINDOW),
      };
      if (request.signature !== undefined) {
        try {
          this.checkSignature(entry, request.signature);
        } catch (error) {
          await session.release().catch(() => undefined);
          throw error;
        }
      }
      if (this.disposed) {
        await session.release().catch(() => undefined);
        this.assertOpen();
      }
      // Another choice (e.g. 'auto' and 'cpu' at once) may have created the same session meanwhile.
      const raced = this.entries.get(entry.key);
      if (raced !== undefined) {
        await session.release().catch(() => undefined);
        return { entry: raced, fallbackReason };
      }
      this.entries.set(entry.key, entry);
      return { entry, fallbackReason };
    }
    throw new StudioError(
      'MODEL_CORRUPT',
      `Model "${modelId}": onnxruntime cannot load ${request.modelPath} (${messageOf(lastError)}).`,
      { cause: lastError },
    );
  }

  private lease(
    entry: PoolEntry,
    choice: ExecutionProviderChoice,
    fallbackReason: string | undefined,
  ): SessionLease {
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      entry.refCount -= 1;
      if (entry.refCount === 0 && this.entries.get(entry.key) === entry) {
        this.entries.delete(entry.key);
        void entry.session.release().catch(() => undefined);
      }
    };
    return {
      modelId: entry.modelId,
      provider: entry.provider,
      requestedProvider: choice,
      fallbackReason,
      inputNames: entry.session.inputNames,
      outputNames: entry.session.outputNames,
      inputMetadata: entry.session.inputMetadata,
      outputMetadata: entry.session.outputMetadata,
      run: async (feeds) => {
        if (released)
          throw new StudioError('CANCELLED', `Model "${entry.modelId}": the session lease was released.`);
        const ortFeeds: Record<string, ort.Tensor> = {};
        for (const [name, tensor] of Object.entries(feeds)) {
          ortFeeds[name] = new ort.Tensor(elementTypeOf(tensor.data), tensor.data, tensor.dims);
        }
        const started = performance.now();
        let result: ort.InferenceSession.ReturnType;
        try {
          result = await entry.session.run(ortFeeds);
        } catch (error) {
          throw new StudioError(
            'INVALID_ARGUMENT',
            `Model "${entry.modelId}": run failed (${messageOf(error)}).`,
            {
              cause: error,
            },
          );
        }
        entry.timings.record(performance.now() - started);
        return result;
      },
      release,
      dispose: release,
    };
  }
}
