// Entry of a frame processor worker thread (built as out/main/frameProcessorWorker.js; run from
// source through tsx, see frameWorkerEntry.ts). Prepares processor chains on request, then runs
// frames through them one message at a time, in the order they arrive.
import { parentPort, workerData } from 'node:worker_threads';
import { serializeError, StudioError } from '../../../shared/errors';
import { createBuiltInFrameProcessorRegistry } from './builtInFrameProcessors';
import type { PreparedFrameProcessor, ProcessorPixelFormat } from './frameProcessor';
import type { FrameWorkerData, FrameWorkerReply, FrameWorkerRequest } from './frameWorkerProtocol';
import { exitWorkerWhenIdle, isStopWorkerMessage, type StopWorkerMessage } from './workerThreadStop';

interface PreparedChain {
  width: number;
  height: number;
  pixelFormat: ProcessorPixelFormat;
  steps: PreparedFrameProcessor[];
}

const port = parentPort;
if (!port) throw new Error('frameProcessorWorker must run in a worker thread.');
const { workerIndex } = workerData as FrameWorkerData;
const registry = createBuiltInFrameProcessorRegistry();
const chains = new Map<string, PreparedChain>();

function reply(message: FrameWorkerReply): void {
  port!.postMessage(message, message.buffer ? [message.buffer] : []);
}

async function prepare(request: Extract<FrameWorkerRequest, { type: 'prepare' }>): Promise<void> {
  if (chains.has(request.chainKey)) return;
  const steps: PreparedFrameProcessor[] = [];
  try {
    for (const step of request.steps) {
      const processor = registry.require(step.processorId);
      const params = processor.parseParams(step.params);
      steps.push(
        await processor.prepare(params, {
          width: request.width,
          height: request.height,
          pixelFormat: request.pixelFormat,
          ...(request.outputFrameRate === undefined ? {} : { outputFrameRate: request.outputFrameRate }),
          workerIndex,
        }),
      );
    }
  } catch (error) {
    for (const step of steps) await step.dispose();
    throw error;
  }
  chains.set(request.chainKey, {
    width: request.width,
    height: request.height,
    pixelFormat: request.pixelFormat,
    steps,
  });
}

async function processFrame(request: Extract<FrameWorkerRequest, { type: 'frame' }>): Promise<ArrayBuffer> {
  const chain = chains.get(request.chainKey);
  if (!chain)
    throw new StudioError(
      'INTERNAL',
      `Frame worker ${workerIndex}: chain ${request.chainKey} was never prepared.`,
    );
  const data = new Uint8Array(request.buffer);
  const frame = { width: chain.width, height: chain.height, pixelFormat: chain.pixelFormat, data };
  for (const step of chain.steps) {
    const result = await step.processFrame(frame, request.info);
    if (result && result !== data) {
      if (result.byteLength !== data.byteLength) {
        throw new StudioError(
          'INTERNAL',
          `A frame processor returned ${result.byteLength} bytes for a ${data.byteLength}-byte frame.`,
        );
      }
      data.set(result);
    }
  }
  return request.buffer;
}

async function disposeAll(): Promise<void> {
  const all = [...chains.values()].flatMap((chain) => chain.steps);
  chains.clear();
  for (const step of all) await step.dispose();
}

/** Set by the host's stop message: what is still queued is answered CANCELLED, not run. */
let stopping = false;

async function handle(request: FrameWorkerRequest): Promise<void> {
  try {
    if (stopping) throw new StudioError('CANCELLED', 'The frame workers were stopped.');
    if (request.type === 'prepare') await prepare(request);
    else if (request.type === 'dispose') await disposeAll();
    const buffer = request.type === 'frame' ? await processFrame(request) : null;
    reply({ type: 'done', requestId: request.requestId, buffer });
  } catch (error) {
    const buffer = request.type === 'frame' && request.buffer.byteLength > 0 ? request.buffer : null;
    reply({ type: 'failed', requestId: request.requestId, error: serializeError(error), buffer });
  }
}

// One message at a time: processors that keep state across frames see them in order. A stop
// message is seen at once; the thread exits after the frame in hand (workerThreadStop.ts says why).
let queue = Promise.resolve();
port.on('message', (request: FrameWorkerRequest | StopWorkerMessage) => {
  if (isStopWorkerMessage(request)) {
    if (!stopping) {
      stopping = true;
      void exitWorkerWhenIdle(queue, disposeAll);
    }
    return;
  }
  queue = queue.then(() => handle(request));
});
