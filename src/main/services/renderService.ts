// render.* of the contract: a queue of renders of the open project, run one at a time, with their
// state kept in the project file (renders table) so the history survives restarts and a render
// cut off by a crash shows up as failed ("interrupted") on the next open. Temporary files of
// failed renders are swept when a project is first seen.
import { randomUUID } from 'node:crypto';
import type { ServiceImplementation } from '../../shared/contracts/defineService';
import type {
  RenderJob,
  RenderProgress,
  RenderRequest,
  renderService,
} from '../../shared/contracts/renderContract';
import { Emitter, type Disposable } from '../../shared/disposable';
import { serializeError, StudioError, type SerializedError } from '../../shared/errors';
import { createBuiltInFrameProcessorRegistry } from '../engine/render/builtInFrameProcessors';
import type { EncodeStageContributor } from '../engine/render/encodeStage';
import type { FrameProcessorRegistry } from '../engine/render/frameProcessorRegistry';
import { removeRenderTemporaryFiles } from '../engine/render/renderOutputFiles';
import { prepareRender, runRender, type PreparedRender, type RenderSource } from '../engine/render/renderJob';
import { RenderRateTracker, Throttle } from '../engine/render/renderProgress';
import type { ProjectStore } from '../store/projectStore';
import type { ProjectSession } from './projectSession';
import type { GuardedRender, RenderPreflight } from './renderSafeguards';
import {
  renderJobFromRecord,
  renderSourceFromStore,
  storedRenderSettings,
  storedRenderError,
} from './renderRecords';

export interface RenderServiceOptions {
  registry?: FrameProcessorRegistry;
  /** Watermark, provenance and other steps plugged into every render's encoder. */
  encodeStage?: readonly EncodeStageContributor[];
  /**
   * Runs before a render is queued: consent and content safety on the stored effects (checkSource,
   * before resolveSource), then on the checked plan, giving the provenance encode stage (guard);
   * see renderSafeguards.ts. A refusal throws before anything is written.
   * createStudio always passes one; tests of the pipeline alone may leave it out.
   */
  preflight?: RenderPreflight;
  /**
   * Completes effects with what only the project knows (file paths, face analyses), before the plan
   * is made: e.g. lipSyncRenderSources.ts. Worker threads see no project.
   */
  resolveSource?(store: ProjectStore, source: RenderSource): Promise<RenderSource>;
  /** Answered by the model store; without one, no model counts as installed. */
  isModelInstalled?(modelId: string): Promise<boolean>;
  workerCount?: number;
  /** How often progress is written to the project file, and sent as an event. */
  progressWriteIntervalMs?: number;
  progressEventIntervalMs?: number;
}

interface QueuedRender {
  renderId: string;
  store: ProjectStore;
  prepared: PreparedRender;
  controller: AbortController;
  guarded: GuardedRender | null;
}

export class RenderServiceImpl implements ServiceImplementation<typeof renderService>, Disposable {
  private readonly progressEmitter = new Emitter<RenderProgress>();
  readonly onDidRenderProgress = this.progressEmitter.event;
  private readonly registry: FrameProcessorRegistry;
  private readonly queue: QueuedRender[] = [];
  private running: QueuedRender | null = null;
  private readonly sweptStores = new WeakSet<ProjectStore>();
  private readonly projectSubscription: Disposable;
  private disposed = false;

  constructor(
    private readonly session: ProjectSession,
    private readonly options: RenderServiceOptions = {},
  ) {
    this.registry = options.registry ?? createBuiltInFrameProcessorRegistry();
    // Renders belong to their project: switching project stops them (their rows stay as they are
    // and read as interrupted next time that project opens).
    this.projectSubscription = session.onDidChangeProject(() => {
      const current = session.store;
      for (const job of [...this.queue, ...(this.running ? [this.running] : [])]) {
        if (job.store !== current) job.controller.abort();
      }
      if (current) this.sweep(current);
    });
  }

  async start(request: RenderRequest): Promise<{ renderId: string }> {
    const store = this.session.require();
    this.sweep(store);
    const stored = renderSourceFromStore(store);
    // Consent and content safety on the effects as stored, before the project side resolves them
    // (face analysis writes to the project cache): a refusal leaves the project untouched.
    const clearance = await this.options.preflight?.checkSource({
      request,
      source: stored,
      store,
      registry: this.registry,
    });
    const source = this.options.resolveSource ? await this.options.resolveSource(store, stored) : stored;
    const prepared = await prepareRender(
      request,
      source,
      this.registry,
      this.options.isModelInstalled ?? (async () => false),
    );
    const renderId = randomUUID();
    const guarded = this.options.preflight
      ? await this.options.preflight.guard({
          renderId,
          request,
          prepared,
          source,
          store,
          registry: this.registry,
          ...(clearance ? { clearance } : {}),
        })
      : null;
    if (!store.isOpen || this.disposed) {
      await guarded?.dispose();
      throw new StudioError('CANCELLED', 'The project was closed before the render could be queued.');
    }
    store.renders.insert({
      id: renderId,
      outputPath: prepared.outputPath,
      settings: storedRenderSettings(request, prepared),
      createdAt: new Date().toISOString(),
    });
    this.queue.push({ renderId, store, prepared, controller: new AbortController(), guarded });
    this.emit(renderId, prepared, 'queued', { frame: 0, fps: 0, etaSeconds: null }, null);
    void this.pump();
    return { renderId };
  }

  async cancel({ renderId }: { renderId: string }): Promise<null> {
    if (this.running?.renderId === renderId) {
      this.running.controller.abort();
      return null;
    }
    const index = this.queue.findIndex((job) => job.renderId === renderId);
    if (index >= 0) {
      const [job] = this.queue.splice(index, 1);
      this.finish(
        job!,
        'cancelled',
        new StudioError('CANCELLED', 'The render was cancelled before it started.'),
      );
      return null;
    }
    const record = this.session.require().renders.get(renderId);
    if (!record)
      throw new StudioError('NOT_FOUND', `There is no render with id ${renderId} in this project.`);
    return null; // Already finished: nothing to stop.
  }

  async list(): Promise<RenderJob[]> {
    const store = this.session.store;
    if (!store) return [];
    this.sweep(store);
    return store.renders.list().map(renderJobFromRecord);
  }

  dispose(): void {
    this.disposed = true;
    this.projectSubscription.dispose();
    for (const job of [...this.queue, ...(this.running ? [this.running] : [])]) job.controller.abort();
    this.queue.length = 0;
    this.progressEmitter.dispose();
  }

  /** Once per project: queued rows left by a previous run are void; failed renders' temp files go. */
  private sweep(store: ProjectStore): void {
    if (this.sweptStores.has(store) || !store.isOpen) return;
    this.sweptStores.add(store);
    const active = new Set(
      [...this.queue, ...(this.running ? [this.running] : [])].map((job) => job.renderId),
    );
    store.renders.markQueuedAsCancelled('interrupted: the studio stopped before this render started');
    for (const record of store.renders.list()) {
      if (active.has(record.id) || record.status === 'done') continue;
      removeRenderTemporaryFiles(record.outputPath, record.id);
    }
  }

  private async pump(): Promise<void> {
    while (!this.running && !this.disposed) {
      const job = this.queue.shift();
      if (!job) return;
      this.running = job;
      try {
        await this.execute(job);
      } finally {
        this.running = null;
      }
    }
  }

  private async execute(job: QueuedRender): Promise<void> {
    const { prepared, renderId, store } = job;
    const totalFrames = prepared.plan.totalFrames;
    if (job.controller.signal.aborted || !store.isOpen) {
      this.finish(
        job,
        'cancelled',
        new StudioError('CANCELLED', 'The render was cancelled before it started.'),
      );
      return;
    }
    store.renders.update(renderId, { status: 'running', startedAt: new Date().toISOString(), progress: 0 });
    this.emit(renderId, prepared, 'running', { frame: 0, fps: 0, etaSeconds: null }, null);
    const rate = new RenderRateTracker(totalFrames);
    const eventThrottle = new Throttle(this.options.progressEventIntervalMs ?? 250);
    const writeThrottle = new Throttle(this.options.progressWriteIntervalMs ?? 1000);
    try {
      const outcome = await runRender({
        renderId,
        prepared,
        registry: this.registry,
        encodeStage: [...(this.options.encodeStage ?? []), ...(job.guarded?.encodeStage ?? [])],
        signal: job.controller.signal,
        workerCount: this.options.workerCount,
        onProgress: (frame) => {
          const current = rate.update(frame);
          if (writeThrottle.ready() && store.isOpen)
            store.renders.update(renderId, { progress: current.progress });
          if (eventThrottle.ready()) this.emit(renderId, prepared, 'running', current, null);
        },
      });
      const result = {
        frames: outcome.frames,
        wallMs: Math.round(outcome.wallMs),
        usedWorkers: outcome.usedWorkers,
      };
      if (store.isOpen) {
        const record = store.renders.get(renderId);
        store.renders.update(renderId, {
          status: 'done',
          progress: 1,
          finishedAt: new Date().toISOString(),
          manifest: outcome.manifest,
          settings: { ...(record?.settings as object), result },
        });
      }
      const fps = outcome.wallMs > 0 ? (outcome.frames * 1000) / outcome.wallMs : 0;
      this.emit(renderId, prepared, 'done', { frame: totalFrames, fps, etaSeconds: 0 }, null);
    } catch (error) {
      const cancelled = error instanceof StudioError && error.code === 'CANCELLED';
      this.finish(job, cancelled ? 'cancelled' : 'failed', error);
    } finally {
      await job.guarded?.dispose();
    }
  }

  private finish(job: QueuedRender, status: 'failed' | 'cancelled', error: unknown): void {
    const serialized = serializeError(error);
    void job.guarded?.dispose();
    if (job.store.isOpen) {
      job.store.renders.update(job.renderId, {
        status,
        error: storedRenderError(serialized),
        finishedAt: new Date().toISOString(),
      });
    }
    this.emit(job.renderId, job.prepared, status, { frame: 0, fps: 0, etaSeconds: null }, serialized);
  }

  private emit(
    renderId: string,
    prepared: PreparedRender,
    status: RenderProgress['status'],
    rate: { frame: number; fps: number; etaSeconds: number | null },
    error: SerializedError | null,
  ): void {
    const totalFrames = prepared.plan.totalFrames;
    this.progressEmitter.fire({
      renderId,
      status,
      progress: status === 'done' ? 1 : totalFrames > 0 ? Math.min(1, rate.frame / totalFrames) : 0,
      fps: rate.fps,
      etaSeconds: rate.etaSeconds,
      frame: rate.frame,
      totalFrames,
      outputPath: prepared.outputPath,
      error,
    });
  }
}
