// Worker thread entry: face analysis off the host's main thread (DESIGN.md §1: per-frame work never
// runs where IPC and the UI are served). Loads the models once and answers requests one at a time;
// to cancel, the client sends the stop message: the analysis in hand stops at its next frame, the
// sessions are released and the thread exits (render/workerThreadStop.ts says why it is not
// terminated).
import { parentPort, workerData } from 'node:worker_threads';
import { serializeError, StudioError } from '../../../shared/errors';
import { InferenceSessionPool } from '../inference/sessionPool';
import { exitWorkerWhenIdle, isStopWorkerMessage, type StopWorkerMessage } from '../render/workerThreadStop';
import { FaceAnalyzer } from './faceAnalyzer';
import type { FaceWorkerData, FaceWorkerReply, FaceWorkerRequest } from './faceAnalysisWorkerProtocol';

const port = parentPort;
if (port === null) throw new Error('faceAnalysisWorker.ts runs as a worker thread only.');
const data = workerData as FaceWorkerData;
const pool = new InferenceSessionPool(data.provider === undefined ? {} : { defaultProvider: data.provider });
let analyzer: Promise<FaceAnalyzer> | undefined;
let queue: Promise<void> = Promise.resolve();
/** Aborted by the stop message: the running analysis ends at its next frame, queued ones at once. */
const stop = new AbortController();

const reply = (message: FaceWorkerReply): void => port.postMessage(message);

function loadAnalyzer(): Promise<FaceAnalyzer> {
  if (analyzer === undefined) {
    const loading = FaceAnalyzer.load({ pool, dataDir: data.dataDir });
    analyzer = loading;
    // A damaged model file is retried on the next request rather than remembered.
    loading.catch(() => {
      if (analyzer === loading) analyzer = undefined;
    });
  }
  return analyzer;
}

async function handle(request: FaceWorkerRequest): Promise<void> {
  try {
    if (stop.signal.aborted) throw new StudioError('CANCELLED', 'Face analysis was cancelled.');
    const loaded = await loadAnalyzer();
    if (request.type === 'identities') {
      reply({ id: request.id, type: 'identities', identities: loaded.modelIdentities() });
      return;
    }
    const analysis = await loaded.analyseFile(request.path, {
      settings: request.settings,
      signal: stop.signal,
      onProgress: (framesDone, framesTotal) =>
        reply({ id: request.id, type: 'progress', framesDone, framesTotal }),
    });
    reply({ id: request.id, type: 'done', analysis });
  } catch (error) {
    reply({ id: request.id, type: 'error', error: serializeError(error) });
  }
}

async function release(): Promise<void> {
  const loaded = await analyzer?.catch(() => undefined);
  loaded?.dispose();
  pool.dispose();
}

port.on('message', (request: FaceWorkerRequest | StopWorkerMessage) => {
  if (isStopWorkerMessage(request)) {
    if (!stop.signal.aborted) {
      stop.abort();
      void exitWorkerWhenIdle(queue, release);
    }
    return;
  }
  // One at a time: the models (and the CPU) are shared.
  queue = queue.then(() => handle(request));
});
