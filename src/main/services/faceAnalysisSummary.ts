// What the Faces panel gets: the tracks (with thumbnails and marks) and ONE frame's faces with
// their meshes, not the whole analysis (a minute of video is megabytes of landmarks).
import type { AnalysedFrame, FaceAnalysisSummary } from '../../shared/contracts/facesContract';
import type { FaceAnalysis } from '../engine/face/faceAnalysisResult';
import type { FaceMark } from './faceMarks';

/** The requested frame (or the nearest analysed one before it), else the first frame with faces. */
function pickFrame(analysis: FaceAnalysis, frameIndex: number | undefined): AnalysedFrame | null {
  const frames = analysis.frames;
  if (frames.length === 0) return null;
  if (frameIndex !== undefined) {
    let chosen = frames[0] ?? null;
    for (const frame of frames) {
      if (frame.index > frameIndex) break;
      chosen = frame;
    }
    return chosen;
  }
  return frames.find((frame) => frame.faces.length > 0) ?? frames[0] ?? null;
}

export function summariseFaceAnalysis(
  assetId: string,
  analysis: FaceAnalysis,
  marks: ReadonlyMap<number, FaceMark>,
  frameIndex: number | undefined,
): FaceAnalysisSummary {
  const frame = pickFrame(analysis, frameIndex);
  return {
    assetId,
    kind: analysis.kind,
    width: analysis.width,
    height: analysis.height,
    fps: analysis.fps,
    every: analysis.settings.every,
    analysedFrames: analysis.frames.length,
    tracks: analysis.tracks.map((track) => ({
      id: track.id,
      firstFrame: track.firstFrame,
      lastFrame: track.lastFrame,
      frameCount: track.frameCount,
      meanScore: track.meanScore,
      thumbnail: track.thumbnail,
      role: marks.get(track.id)?.role ?? null,
      identityId: marks.get(track.id)?.identityId ?? null,
    })),
    // Descriptors stay on the main side: the panel has no use for them.
    frame:
      frame === null
        ? null
        : { ...frame, faces: frame.faces.map(({ embedding: _embedding, ...face }) => face) },
    analysedAt: analysis.analysedAt,
    durationMs: analysis.durationMs,
    jitter: analysis.jitter,
  };
}
