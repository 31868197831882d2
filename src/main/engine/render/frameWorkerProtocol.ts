// Messages between the render pipeline and its frame processor worker threads. Frames travel as
// transferred ArrayBuffers (moved, not copied) and come back the same way, so the pipeline can
// recycle them.
import type { Rational } from '../../../shared/time';
import type { SerializedError } from '../../../shared/errors';
import type { FrameInfo, ProcessorPixelFormat } from './frameProcessor';

export interface ProcessorChainStep {
  processorId: string;
  params: unknown;
}

export type FrameWorkerRequest =
  | {
      type: 'prepare';
      requestId: number;
      chainKey: string;
      steps: ProcessorChainStep[];
      width: number;
      height: number;
      pixelFormat: ProcessorPixelFormat;
      outputFrameRate?: Rational;
    }
  | { type: 'frame'; requestId: number; chainKey: string; buffer: ArrayBuffer; info: FrameInfo }
  | { type: 'dispose'; requestId: number };

export type FrameWorkerReply =
  | { type: 'done'; requestId: number; buffer: ArrayBuffer | null }
  | { type: 'failed'; requestId: number; error: SerializedError; buffer: ArrayBuffer | null };

export interface FrameWorkerData {
  workerIndex: number;
}
