// The small interface between the face-swap effect (the `faceSwap` frame processor, which finds
// and tracks faces) and the engines that replace one face: "classical" (mesh warp, offline) and
// "inswapper" (neural, from the faceswap-inswapper model pack). The processor builds one swapper
// per source face in `prepare` and calls it for every tracked target face of every frame.
// (Minimal version written with the inswapper engine; the face-swap effect may grow it.)
import type { Disposable } from '../../../shared/disposable';
import type { RgbFrame } from '../face/rgbFrame';
import type { InferenceSessionPool } from '../inference/sessionPool';
import type { RequiredModel } from '../render/frameProcessor';

export type FaceSwapEngineId = 'classical' | 'inswapper';

/** 468 x (x, y, z) of the MediaPipe face mesh, in the picture's pixels (pixel centres at +0.5). */
export type FaceMeshPoints = ArrayLike<number>;

export interface FaceSwapSourceFace {
  /** The picture the source face is taken from (RGB24). */
  picture: RgbFrame;
  landmarks: FaceMeshPoints;
}

export interface FaceSwapper extends Disposable {
  /** Replaces the face whose mesh is `targetMesh` (frame pixels) in `frame`, in place. */
  swapFace(frame: RgbFrame, targetMesh: FaceMeshPoints): void | Promise<void>;
}

export interface FaceSwapEngineContext {
  /** The user data folder (installed model packs live in <dataDir>/models). */
  dataDir: string;
  /** Sessions are leased from here (one pool per worker thread). */
  pool: InferenceSessionPool;
}

export interface FaceSwapEngine<Settings = unknown> {
  readonly id: FaceSwapEngineId;
  readonly displayName: string;
  /** Pack models the engine needs with these settings (checked before a render starts). */
  requiredModels(settings: Settings): readonly RequiredModel[];
  createSwapper(
    source: FaceSwapSourceFace,
    settings: Settings,
    context: FaceSwapEngineContext,
  ): Promise<FaceSwapper>;
}
