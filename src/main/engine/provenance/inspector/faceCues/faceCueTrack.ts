// The face the cues look at: the longest face track of a face analysis, frame by frame, with the
// mesh helpers every cue uses. Measurements are scaled by the eye distance (outer eye corners), so
// a cue reads the same on a 360p and a 4K copy of the same video.
import type { FaceAnalysis } from '../../../face/faceAnalysisResult';
import { MeshLandmark } from '../../../face/meshLandmarkIndices';

export interface CueFrame {
  /** Index of the frame in the whole video. */
  index: number;
  timeUs: number;
  /** 468 x (x, y, z) in picture pixels, or null when the face was not found in this frame. */
  landmarks: readonly number[] | null;
}

export interface FaceCueTrack {
  trackId: number;
  /** Every analysed frame, from the track's first to its last. */
  frames: CueFrame[];
  /** Analysed frames per second (the video's rate divided by the analysis step). */
  framesPerSecond: number;
  /** Median distance between the outer eye corners, in picture pixels. */
  eyeDistance: number;
  /** Seconds from the track's first to its last analysed frame. */
  seconds: number;
  pictureWidth: number;
  pictureHeight: number;
}

export interface Point {
  x: number;
  y: number;
}

export function meshPoint(landmarks: readonly number[], index: number): Point {
  return { x: landmarks[index * 3] ?? 0, y: landmarks[index * 3 + 1] ?? 0 };
}

export function pointDistance(a: Point, b: Point): number {
  return Math.hypot(a.x - b.x, a.y - b.y);
}

export function eyeDistanceOf(landmarks: readonly number[]): number {
  return pointDistance(
    meshPoint(landmarks, MeshLandmark.rightEyeOuterCorner),
    meshPoint(landmarks, MeshLandmark.leftEyeOuterCorner),
  );
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The track seen in the most frames (a still: its largest face), or null when there is no face. */
export function mainFaceTrack(analysis: FaceAnalysis): FaceCueTrack | null {
  if (analysis.kind === 'image' || analysis.fps === null) {
    const faces = [...(analysis.frames[0]?.faces ?? [])].sort(
      (a, b) => b.box.width * b.box.height - a.box.width * a.box.height,
    );
    const face = faces[0];
    if (face === undefined) return null;
    return {
      trackId: face.trackId,
      frames: [{ index: 0, timeUs: 0, landmarks: face.landmarks }],
      framesPerSecond: 1,
      eyeDistance: eyeDistanceOf(face.landmarks),
      seconds: 0,
      pictureWidth: analysis.width,
      pictureHeight: analysis.height,
    };
  }
  const track = [...analysis.tracks].sort((a, b) => b.frameCount - a.frameCount || a.id - b.id)[0];
  if (track === undefined) return null;
  const frames: CueFrame[] = analysis.frames
    .filter((frame) => frame.index >= track.firstFrame && frame.index <= track.lastFrame)
    .map((frame) => ({
      index: frame.index,
      timeUs: frame.timeUs,
      landmarks: frame.faces.find((face) => face.trackId === track.id)?.landmarks ?? null,
    }));
  const present = frames.flatMap((frame) => (frame.landmarks ? [frame.landmarks] : []));
  const first = frames[0];
  const last = frames.at(-1);
  if (present.length === 0 || first === undefined || last === undefined) return null;
  const videoFps = analysis.fps.num / analysis.fps.den;
  return {
    trackId: track.id,
    frames,
    framesPerSecond: videoFps / analysis.settings.every,
    eyeDistance: median(present.map(eyeDistanceOf)),
    seconds: (last.timeUs - first.timeUs) / 1_000_000,
    pictureWidth: analysis.width,
    pictureHeight: analysis.height,
  };
}

/** Rounds for display and JSON (cue values are hints: three significant decimals are plenty). */
export function rounded(value: number, decimals = 3): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}
