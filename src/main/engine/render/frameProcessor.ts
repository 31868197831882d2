// The frame processor contract (as FaceFusion's processor modules: id, required models, pre-check,
// prepare, process frame, dispose). An effect on a clip names a processor by its id (`effects.kind`)
// and carries its params. The render pipeline:
//   1. on the main side, before any work: `parseParams` then `preCheck` for every effect in the plan
//      (models installed? params sensible?) - a failure stops the render before it starts;
//   2. in each worker thread, once per distinct (processor, params) of the render: `prepare`
//      (load ONNX sessions, build lookup tables...);
//   3. per frame, in a worker: `processFrame` on a frame in the first pixel format (of those the
//      processor accepts) that every processor of the clip's chain accepts, in place or returning a
//      new buffer. YUV 4:2:0 is what the decoder and encoder use, so a processor that can work on it
//      (a watermark, a pass-through) spares two colour conversions per frame;
//   4. at the end (or on cancel), in each worker: `dispose` on every prepared instance.
// A processor that has nothing to do on a frame (no face found, say) leaves it unchanged.
// Processors are created by factories in builtInFrameProcessors.ts, which both the main side and
// the workers import: add new processors there.

/**
 * rgb24: packed R,G,B bytes, row-major, `width * 3` bytes per row, no padding.
 * yuv420p: planar, no padding: Y (`width * height` bytes), then U and V
 * (`width/2 * height/2` bytes each); BT.709 limited range as the encoder tags it.
 */
export type ProcessorPixelFormat = 'rgb24' | 'yuv420p';

export interface ProcessorFrame {
  readonly width: number;
  readonly height: number;
  readonly pixelFormat: ProcessorPixelFormat;
  /** The frame's bytes in `pixelFormat`. May be modified in place. */
  readonly data: Uint8Array;
}

export interface FrameInfo {
  /** Index of the frame in the render's output (0 = first frame rendered). */
  outputFrame: number;
  /** Timeline time of the frame. */
  timelineUs: number;
  /** Time in the source asset, for processors that look at neighbouring frames or tracks. */
  sourceUs: number | null;
  clipId: string;
  assetId: string;
}

export interface RequiredModel {
  /** Id in the model manifests (models/*.json). */
  id: string;
  /** What it is used for, for the "install these models" message. */
  purpose: string;
}

export interface ProcessorPreCheckContext {
  effectId: string;
  clipId: string;
  /** Whether a model is installed and verified; answered by the model store. */
  isModelInstalled(modelId: string): Promise<boolean>;
}

export interface ProcessorPrepareContext {
  width: number;
  height: number;
  pixelFormat: ProcessorPixelFormat;
  /** 0-based index of the worker thread, e.g. to spread sessions over devices. */
  workerIndex: number;
}

/** What `prepare` returns: the per-worker state for one (processor, params) pair. */
export interface PreparedFrameProcessor {
  /** Returns nothing when it changed `frame.data` in place, or a new buffer of the same size. */
  processFrame(frame: ProcessorFrame, info: FrameInfo): void | Uint8Array | Promise<void | Uint8Array>;
  dispose(): void | Promise<void>;
}

export interface FrameProcessor<Params = unknown> {
  /** Stable id, stored as the effect's kind: never rename one. */
  readonly id: string;
  readonly displayName: string;
  readonly requiredModels: readonly RequiredModel[];
  /**
   * Frames of one clip must go through one instance in order (a face tracker, a temporal filter).
   * Such segments run on a single worker; others are spread over all workers.
   */
  readonly needsFramesInOrder: boolean;
  /** The frame formats it can work on, preferred first. */
  readonly pixelFormats: readonly ProcessorPixelFormat[];
  /** Validates an effect's stored params; throws INVALID_ARGUMENT naming the problem. */
  parseParams(raw: unknown): Params;
  /** Main side, before the render starts: throws a StudioError a user can act on. */
  preCheck(params: Params, context: ProcessorPreCheckContext): Promise<void>;
  /** In a worker thread. */
  prepare(params: Params, context: ProcessorPrepareContext): Promise<PreparedFrameProcessor>;
}

export type FrameProcessorFactory = () => FrameProcessor;
