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
import type { Rational } from '../../../shared/time';
import type { EffectParamFieldInput } from '../../../shared/timeline/effectParamFields';

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
  /**
   * The render's constant output rate (its frames come from ffmpeg's fps filter); absent for a
   * single preview frame. Processors that look source frames up by time need it (analysisFrameIndex.ts).
   */
  outputFrameRate?: Rational;
  /** 0-based index of the worker thread, e.g. to spread sessions over devices. */
  workerIndex: number;
}

/** What `prepare` returns: the per-worker state for one (processor, params) pair. */
export interface PreparedFrameProcessor {
  /** Returns nothing when it changed `frame.data` in place, or a new buffer of the same size. */
  processFrame(frame: ProcessorFrame, info: FrameInfo): void | Uint8Array | Promise<void | Uint8Array>;
  dispose(): void | Promise<void>;
}

/**
 * Declared by processors that synthesise a face or a mouth (face swap, lip sync). Before a render
 * with such an effect starts, the content safety gate checks the clip's media (the target) and the
 * sources (the media of the identities the effect uses, plus `sourceAssetIdsOf`), and the render's
 * C2PA manifest records the operation with the processor's models.
 */
export interface SynthesisDeclaration<Params = unknown> {
  /** The operation's kind in the C2PA manifest, e.g. "faceSwap", "lipSync". */
  operation: string;
  /** One plain sentence for the manifest, e.g. "Face replaced with a consented face identity." */
  description: string;
  /** Assets the effect synthesises from besides its identities' own sources (a source photo). */
  sourceAssetIdsOf?(params: Params): readonly string[];
}

export interface FrameProcessor<Params = unknown> {
  /** Stable id, stored as the effect's kind: never rename one. */
  readonly id: string;
  readonly displayName: string;
  readonly requiredModels: readonly RequiredModel[];
  /**
   * Models only some params need (the face swap's neural engine, an optional enhancer): checked
   * before a render like `requiredModels` and cited, with their licences, in its C2PA manifest.
   */
  requiredModelsOf?(params: Params): readonly RequiredModel[];
  /**
   * Face and voice identities the effect's params use (a face swap's source face, a lip sync's
   * voice): the render refuses to start until each has a consent record, and its C2PA manifest
   * cites them. Omit when the effect uses no identity.
   */
  identityIdsOf?(params: Params): readonly string[];
  /**
   * How the inspector edits the params (sliders, lists, identity and audio pickers), in display
   * order; omit to get the generic editor. Reaches the renderer as the effect kind's `fields`.
   */
  readonly paramFields?: readonly EffectParamFieldInput[];
  /** Present on effects that synthesise (see SynthesisDeclaration); omit for plain edits. */
  readonly synthesis?: SynthesisDeclaration<Params>;
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

/** Every model an effect with these params runs: the processor's own and its params' (requiredModelsOf). */
export function modelsUsedBy<Params>(processor: FrameProcessor<Params>, params: Params): RequiredModel[] {
  return [...processor.requiredModels, ...(processor.requiredModelsOf?.(params) ?? [])];
}
