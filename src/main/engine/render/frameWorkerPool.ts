// A fixed set of frame processor worker threads. Each frame goes to the worker with the fewest
// frames outstanding; the caller (orderedFrameProcessing.ts) puts results back in order and bounds
// how many frames are in flight. A worker that dies fails its outstanding frames with its error.
import type { Rational } from '../../../shared/time';
import { cpus } from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { Disposable } from '../../../shared/disposable';
import { deserializeError, StudioError } from '../../../shared/errors';
import type { FrameInfo, ProcessorPixelFormat } from './frameProcessor';
import {
  locateFrameProcessorWorker,
  startFrameWorkerThread,
  type FrameWorkerEntry,
} from './frameWorkerEntry';
import type {
  FrameWorkerData,
  FrameWorkerReply,
  FrameWorkerRequest,
  ProcessorChainStep,
} from './frameWorkerProtocol';
import { stopWorkerThread } from './workerThreadStop';

interface Pending {
  resolve(buffer: ArrayBuffer | null): void;
  reject(error: Error): void;
}

interface PoolWorker {
  thread: Worker;
  pending: Map<number, Pending>;
  failure: Error | null;
}

/** One worker per core: the ffmpeg children share the cores, but processors are the slow part. */
export function defaultFrameWorkerCount(): number {
  return Math.max(1, Math.min(8, cpus().length));
}

export class FrameWorkerPool implements Disposable {
  private readonly workers: PoolWorker[];
  private nextRequestId = 1;
  private closed = false;
  private stopped: Promise<(number | null)[]> | null = null;

  constructor(
    size: number = defaultFrameWorkerCount(),
    entry: FrameWorkerEntry = locateFrameProcessorWorker(),
  ) {
    if (!Number.isInteger(size) || size < 1) {
      throw new StudioError(
        'INVALID_ARGUMENT',
        `A frame worker pool needs at least one worker, got ${size}.`,
      );
    }
    this.workers = Array.from({ length: size }, (_, workerIndex) => {
      const data: FrameWorkerData = { workerIndex };
      const worker: PoolWorker = {
        thread: startFrameWorkerThread(entry, data),
        pending: new Map(),
        failure: null,
      };
      worker.thread.on('message', (reply: FrameWorkerReply) => this.settle(worker, reply));
      worker.thread.on('error', (error) => this.fail(worker, error));
      worker.thread.on('exit', (code) =>
        this.fail(
          worker,
          new StudioError('INTERNAL', `Frame worker ${workerIndex} stopped (exit code ${code}).`),
        ),
      );
      return worker;
    });
  }

  get size(): number {
    return this.workers.length;
  }

  /** Prepares a processor chain in the first `workerCount` workers (each keeps it until close). */
  async prepare(
    chainKey: string,
    steps: ProcessorChainStep[],
    frame: { width: number; height: number; pixelFormat: ProcessorPixelFormat; outputFrameRate?: Rational },
    workerCount: number = this.workers.length,
  ): Promise<void> {
    await Promise.all(
      this.workers
        .slice(0, workerCount)
        .map((worker) =>
          this.request(worker, (requestId) => ({ type: 'prepare', requestId, chainKey, steps, ...frame })),
        ),
    );
  }

  /**
   * Runs one frame through a prepared chain on the least busy of the first `workerCount` workers.
   * The buffer is transferred (unusable here until the promise gives it back).
   */
  async process(
    chainKey: string,
    buffer: ArrayBuffer,
    info: FrameInfo,
    workerCount: number = this.workers.length,
  ): Promise<ArrayBuffer> {
    const candidates = this.workers.slice(0, Math.max(1, workerCount));
    let chosen = candidates[0]!;
    for (const worker of candidates) if (worker.pending.size < chosen.pending.size) chosen = worker;
    const result = await this.request(
      chosen,
      (requestId) => ({ type: 'frame', requestId, chainKey, buffer, info }),
      [buffer],
    );
    if (!result) throw new StudioError('INTERNAL', 'A frame worker answered a frame without its buffer.');
    return result;
  }

  /** Lets every processor dispose its resources (reporting a failure to), then stops the threads. */
  async close(): Promise<void> {
    if (this.closed) {
      await this.stop();
      return;
    }
    try {
      await Promise.all(
        this.workers
          .filter((worker) => !worker.failure)
          .map((worker) => this.request(worker, (requestId) => ({ type: 'dispose', requestId }))),
      );
    } finally {
      await this.stop();
    }
  }

  /**
   * Cancel: outstanding frames fail with CANCELLED now; each thread finishes the frame in hand,
   * disposes its processors and exits (workerThreadStop.ts says why it is not terminated).
   */
  dispose(): void {
    if (this.closed) return;
    this.closed = true;
    for (const worker of this.workers) {
      this.fail(worker, new StudioError('CANCELLED', 'The frame workers were stopped.'));
    }
    this.stopped = Promise.all(this.workers.map((worker) => stopWorkerThread(worker.thread)));
  }

  /** dispose(), resolved once every thread has exited, with their exit codes (0: stopped itself). */
  stop(): Promise<(number | null)[]> {
    this.dispose();
    return this.stopped ?? Promise.resolve([]);
  }

  private request(
    worker: PoolWorker,
    build: (requestId: number) => FrameWorkerRequest,
    transfer: ArrayBuffer[] = [],
  ): Promise<ArrayBuffer | null> {
    if (worker.failure) return Promise.reject(worker.failure);
    if (this.closed) return Promise.reject(new StudioError('CANCELLED', 'The frame workers were stopped.'));
    const requestId = this.nextRequestId++;
    return new Promise((resolve, reject) => {
      worker.pending.set(requestId, { resolve, reject });
      worker.thread.postMessage(build(requestId), transfer);
    });
  }

  private settle(worker: PoolWorker, reply: FrameWorkerReply): void {
    const pending = worker.pending.get(reply.requestId);
    if (!pending) return;
    worker.pending.delete(reply.requestId);
    if (reply.type === 'done') pending.resolve(reply.buffer);
    else pending.reject(deserializeError(reply.error));
  }

  private fail(worker: PoolWorker, error: Error): void {
    worker.failure ??= error;
    for (const pending of worker.pending.values()) pending.reject(worker.failure);
    worker.pending.clear();
  }
}
