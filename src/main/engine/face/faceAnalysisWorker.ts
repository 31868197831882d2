// Worker thread entry: face analysis off the host's main thread (DESIGN.md §1: per-frame work never
// runs where IPC and the UI are served). Loads the models once and answers requests one at a time;
// the client terminates the thread to cancel.
import { parentPort, workerData } from 'node:worker_threads';
import { serializeError } from '../../../shared/errors';
import { InferenceSessionPool } from '../inference/sessionPool';
import { FaceAnalyzer } from './faceAnalyzer';
import type { FaceWorkerData, FaceWorkerReply, FaceWorkerRequest } from './faceAnalysisWorkerProtocol';

const port = parentPort;
if (port === null) throw new Error('faceAnalysisWorker.ts runs as a worker thread only.');
const data = workerData as FaceWorkerData;
const pool = new InferenceSessionPool(data.provider === undefined ? {} : { defaultProvider: data.provider });
let analyzer: Promise<FaceAnalyzer> | undefined;
let queue: Promise<void> = Promise.resolve();

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
    const loaded = await loadAnalyzer();
    if (request.type === 'identities') {
      reply({ id: request.id, type: 'identities', identities: loaded.modelIdentities() });
      return;
    }
    const analysis = await loaded.analyseFile(request.path, {
      settings: request.settings,
      onProgress: (framesDone, framesTotal) =>
        reply({ id: request.id, type: 'progress', framesDone, framesTotal }),
    });
    reply({ id: request.id, type: 'done', analysis });
  } catch (error) {
    reply({ id: request.id, type: 'error', error: serializeError(error) });
  }
}

port.on('message', (request: FaceWorkerRequest) => {
  // One at a time: the models (and the CPU) are shared.
  queue = queue.then(() => handle(request));
});
