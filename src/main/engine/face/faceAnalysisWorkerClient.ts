// Runs face analysis in a worker thread (faceAnalysisWorker.ts) and hands back the same results as
// FaceAnalyzer: the models load once per client, progress comes back per frame, errors keep their
// StudioError code. The thread is started on first use; dispose() cancels whatever it was doing
// and stops it (after the frame in hand: render/workerThreadStop.ts says why); stop() also waits.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';
import type { Disposable } from '../../../shared/disposable';
import { deserializeError, StudioError } from '../../../shared/errors';
import { startFrameWorkerThread, type FrameWorkerEntry } from '../render/frameWorkerEntry';
import { stopWorkerThread } from '../render/workerThreadStop';
import type { FaceAnalysis, FaceAnalysisSettings } from './faceAnalysisResult';
import type { FaceWorkerData, FaceWorkerReply, FaceWorkerRequest } from './faceAnalysisWorkerProtocol';

export const FACE_WORKER_BASENAME = 'faceAnalysisWorker';

/** The worker beside this module (from source) or the built entry out/main/faceAnalysisWorker.js. */
export function locateFaceAnalysisWorker(moduleUrl: string = import.meta.url): FrameWorkerEntry {
  const modulePath = fileURLToPath(moduleUrl);
  const folder = dirname(modulePath);
  if (modulePath.endsWith('.ts'))
    return { kind: 'typescript', path: join(folder, `${FACE_WORKER_BASENAME}.ts`) };
  const candidates = [folder, dirname(folder)].map((candidate) =>
    join(candidate, `${FACE_WORKER_BASENAME}.js`),
  );
  const found = candidates.find((candidate) => existsSync(candidate));
  if (found === undefined) {
    throw new StudioError(
      'INTERNAL',
      `The face analysis worker is missing (looked for ${candidates.join(' and ')}); rebuild the studio.`,
    );
  }
  return { kind: 'javascript', path: found };
}

interface Pending {
  resolve: (reply: FaceWorkerReply) => void;
  reject: (error: unknown) => void;
  onProgress?: (framesDone: number, framesTotal: number) => void;
}

export class FaceAnalysisWorkerClient implements Disposable {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private disposed = false;
  private stopped: Promise<number | null> = Promise.resolve(null);

  constructor(private readonly data: FaceWorkerData) {}

  async modelIdentities(): Promise<string[]> {
    const reply = await this.request({ id: this.nextId++, type: 'identities' });
    if (reply.type !== 'identities')
      throw new StudioError('INTERNAL', `Face worker answered "${reply.type}".`);
    return reply.identities;
  }

  async analyseFile(
    path: string,
    settings: FaceAnalysisSettings,
    onProgress?: (framesDone: number, framesTotal: number) => void,
  ): Promise<FaceAnalysis> {
    const reply = await this.request({ id: this.nextId++, type: 'analyse', path, settings }, onProgress);
    if (reply.type !== 'done') throw new StudioError('INTERNAL', `Face worker answered "${reply.type}".`);
    return reply.analysis;
  }

  private request(message: FaceWorkerRequest, onProgress?: Pending['onProgress']): Promise<FaceWorkerReply> {
    if (this.disposed)
      return Promise.reject(new StudioError('CANCELLED', 'The face analysis worker has been stopped.'));
    const worker = this.ensureWorker();
    return new Promise((resolve, reject) => {
      this.pending.set(message.id, { resolve, reject, ...(onProgress === undefined ? {} : { onProgress }) });
      worker.postMessage(message);
    });
  }

  private ensureWorker(): Worker {
    if (this.worker !== undefined) return this.worker;
    const worker = startFrameWorkerThread(locateFaceAnalysisWorker(), this.data);
    worker.on('message', (reply: FaceWorkerReply) => {
      const pending = this.pending.get(reply.id);
      if (pending === undefined) return;
      if (reply.type === 'progress') {
        pending.onProgress?.(reply.framesDone, reply.framesTotal);
        return;
      }
      this.pending.delete(reply.id);
      if (reply.type === 'error') pending.reject(deserializeError(reply.error));
      else pending.resolve(reply);
    });
    const failAll = (error: unknown): void => {
      this.worker = undefined;
      for (const pending of this.pending.values()) pending.reject(error);
      this.pending.clear();
    };
    worker.on('error', (error) =>
      failAll(
        new StudioError('INTERNAL', `The face analysis worker failed: ${error.message}`, { cause: error }),
      ),
    );
    worker.on('exit', (code) => {
      // After dispose() this.worker is already unset and the requests already failed CANCELLED.
      if (this.worker === worker) {
        failAll(new StudioError('INTERNAL', `The face analysis worker stopped (exit code ${code}).`));
      }
    });
    this.worker = worker;
    return worker;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    const worker = this.worker;
    this.worker = undefined;
    for (const pending of this.pending.values())
      pending.reject(new StudioError('CANCELLED', 'Face analysis was cancelled.'));
    this.pending.clear();
    if (worker !== undefined) this.stopped = stopWorkerThread(worker);
  }

  /** dispose(), resolved once the thread has exited, with its exit code (0: it stopped itself). */
  stop(): Promise<number | null> {
    this.dispose();
    return this.stopped;
  }
}
