// One face track of a cached face analysis, as meshes per source frame: what the lip-sync engines
// read. Frames the analysis skipped (every N) are interpolated between the analysed frames around
// them; frames where the track has no face (the face left the picture, or was lost) have no mesh,
// and the engines pass them through untouched. Meshes are in the analysed picture's pixels;
// `toFramePixels` maps them onto the render's frames, which are the same picture fitted (scaled
// and letterboxed) into the output size.
import { StudioError } from '../../../shared/errors';
import type { FaceAnalysis } from '../face/faceAnalysisResult';
import type { TrackMesh } from './referenceFrames';

export interface FrameFit {
  scale: number;
  offsetX: number;
  offsetY: number;
}

export class TrackMeshes {
  private readonly byFrame = new Map<number, Float32Array>();
  private readonly analysedFrames: number[];

  constructor(
    readonly trackId: number,
    frames: readonly { index: number; mesh: Float32Array }[],
    /** Analysed frames are this far apart (FaceAnalysisSettings.every). */
    private readonly every: number,
  ) {
    for (const frame of frames) this.byFrame.set(frame.index, frame.mesh);
    this.analysedFrames = [...this.byFrame.keys()].sort((a, b) => a - b);
  }

  get count(): number {
    return this.analysedFrames.length;
  }

  entries(): TrackMesh[] {
    return this.analysedFrames.map((frameIndex) => ({ frameIndex, mesh: this.byFrame.get(frameIndex)! }));
  }

  /** The mesh at a source frame: analysed, interpolated between analysed neighbours, or undefined. */
  meshAt(frameIndex: number): Float32Array | undefined {
    const exact = this.byFrame.get(frameIndex);
    if (exact !== undefined || this.every <= 1) return exact;
    const before = frameIndex - (frameIndex % this.every);
    const after = before + this.every;
    const first = this.byFrame.get(before);
    const second = this.byFrame.get(after);
    if (first === undefined || second === undefined) return undefined;
    const t = (frameIndex - before) / this.every;
    const mesh = new Float32Array(first.length);
    for (let index = 0; index < mesh.length; index++)
      mesh[index] = first[index]! + (second[index]! - first[index]!) * t;
    return mesh;
  }
}

/** The track to animate: the given id, or the one seen in the most frames. */
export function trackMeshesFromAnalysis(
  analysis: FaceAnalysis,
  trackId: number | null,
  where: string,
): TrackMeshes {
  if (analysis.kind !== 'video') {
    throw new StudioError('INVALID_ARGUMENT', `${where} is a still image: lip sync needs a video.`);
  }
  const chosen =
    trackId ?? [...analysis.tracks].sort((a, b) => b.frameCount - a.frameCount || a.id - b.id)[0]?.id ?? null;
  if (chosen === null) {
    throw new StudioError('INVALID_ARGUMENT', `No face was found in ${where}: there is no mouth to animate.`);
  }
  if (!analysis.tracks.some((track) => track.id === chosen)) {
    const known = analysis.tracks.map((track) => track.id).join(', ');
    throw new StudioError(
      'NOT_FOUND',
      `${where} has no face track ${chosen} (its tracks: ${known || 'none'}).`,
    );
  }
  const frames: { index: number; mesh: Float32Array }[] = [];
  for (const frame of analysis.frames) {
    const face = frame.faces.find((candidate) => candidate.trackId === chosen);
    if (face) frames.push({ index: frame.index, mesh: Float32Array.from(face.landmarks) });
  }
  return new TrackMeshes(chosen, frames, analysis.settings.every);
}

/**
 * How a picture of `width` x `height` sits in an output frame: scaled to fit and centred, as the
 * render's decoder does it (renderArguments.fitFilters: even sizes, letterbox/pillarbox).
 */
export function fitIntoFrame(
  width: number,
  height: number,
  frameWidth: number,
  frameHeight: number,
): FrameFit {
  const scale = Math.min(frameWidth / width, frameHeight / height);
  // ffmpeg truncates the scaled side, then to a multiple of two (force_divisible_by=2).
  const even = (value: number): number => Math.max(2, Math.floor(Math.floor(value) / 2) * 2);
  const fittedWidth = frameWidth / width <= frameHeight / height ? frameWidth : even(width * scale);
  const fittedHeight = frameWidth / width <= frameHeight / height ? even(height * scale) : frameHeight;
  return {
    scale: fittedWidth / width,
    offsetX: Math.floor((frameWidth - fittedWidth) / 2),
    offsetY: Math.floor((frameHeight - fittedHeight) / 2),
  };
}

/** A mesh in the analysed picture's pixels, moved onto the output frame. */
export function toFramePixels(mesh: Float32Array, fit: FrameFit): Float32Array {
  if (fit.scale === 1 && fit.offsetX === 0 && fit.offsetY === 0) return mesh;
  const moved = new Float32Array(mesh.length);
  for (let index = 0; index + 2 < mesh.length; index += 3) {
    moved[index] = mesh[index]! * fit.scale + fit.offsetX;
    moved[index + 1] = mesh[index + 1]! * fit.scale + fit.offsetY;
    moved[index + 2] = mesh[index + 2]! * fit.scale;
  }
  return moved;
}
