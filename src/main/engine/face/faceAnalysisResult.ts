// The result of analysing one photo or video: every analysed frame with its faces (the shared
// AnalysedFrame records), one summary per face track (span, identity descriptor, thumbnail) and
// the landmark jitter before/after smoothing. This is what the face-analysis cache stores and
// what the face effects will read.
import { z } from 'zod';
import { analysedFrameSchema, type AnalysedFace } from '../../../shared/contracts/facesContract';
import { rationalSchema } from '../../../shared/model/schemas';
import type { Box } from './faceGeometry';
import { radiansToDegrees } from './faceGeometry';
import { meshRoll } from './faceLandmarker';

// 2: variable-frame-rate videos carry their frame times (analyses of format 1 are made again).
export const FACE_ANALYSIS_FORMAT_VERSION = 2;

export const faceAnalysisSettingsSchema = z.object({
  /** Analyse frames whose index is a multiple of this. */
  every: z.number().int().positive(),
  /** Store an identity descriptor with every face of every frame (not only per track). */
  embeddingsPerFrame: z.boolean(),
  /** Videos are decoded with their long side at most this (pixels). */
  maxVideoSide: z.number().int().positive(),
});
export type FaceAnalysisSettings = z.infer<typeof faceAnalysisSettingsSchema>;

export const DEFAULT_FACE_ANALYSIS_SETTINGS: FaceAnalysisSettings = {
  every: 1,
  embeddingsPerFrame: false,
  maxVideoSide: 1920,
};

export const analysedTrackSchema = z.object({
  id: z.number().int().nonnegative(),
  firstFrame: z.number().int().nonnegative(),
  lastFrame: z.number().int().nonnegative(),
  frameCount: z.number().int().positive(),
  meanScore: z.number().min(0).max(1),
  /** Mean unit-length identity descriptor over the track; null without the embedding model. */
  embedding: z.array(z.number()).nullable(),
  thumbnail: z.string().startsWith('data:image/jpeg;base64,'),
});
export type AnalysedTrack = z.infer<typeof analysedTrackSchema>;

export const faceAnalysisSchema = z.object({
  formatVersion: z.literal(FACE_ANALYSIS_FORMAT_VERSION),
  kind: z.enum(['image', 'video']),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  fps: rationalSchema.nullable(),
  /**
   * A variable-frame-rate video's frame times (µs from the first frame, every stream frame), for
   * looking frames up by time; absent when frame n is at n / fps (and in analyses made before).
   */
  frameTimesUs: z.array(z.number().int().nonnegative()).optional(),
  settings: faceAnalysisSettingsSchema,
  /** "model-id sha256" of each model used, so a cache made with other models is not reused. */
  models: z.array(z.string()),
  frames: z.array(analysedFrameSchema),
  tracks: z.array(analysedTrackSchema),
  jitter: z.object({ rawPixels: z.number(), smoothedPixels: z.number() }).nullable(),
  analysedAt: z.string(),
  durationMs: z.number().nonnegative(),
});
export type FaceAnalysis = z.infer<typeof faceAnalysisSchema>;

const round = (value: number, decimals: number): number => {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
};

/**
 * A face record in picture pixels: `points` are in working-frame pixels, `scale` is working pixels
 * per picture pixel (1 unless the frame was shrunk for analysis).
 */
export function toAnalysedFace(
  trackId: number,
  points: ArrayLike<number>,
  faceFlag: number,
  scale: number,
  embedding: ArrayLike<number> | undefined,
): AnalysedFace {
  const landmarks = Array.from({ length: points.length }, (_, index) =>
    round((points[index] ?? 0) / scale, 2),
  );
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let index = 0; index + 2 < landmarks.length; index += 3) {
    const x = landmarks[index] ?? 0;
    const y = landmarks[index + 1] ?? 0;
    minX = Math.min(minX, x);
    maxX = Math.max(maxX, x);
    minY = Math.min(minY, y);
    maxY = Math.max(maxY, y);
  }
  const box: Box = {
    x: round(minX, 2),
    y: round(minY, 2),
    width: round(maxX - minX, 2),
    height: round(maxY - minY, 2),
  };
  return {
    trackId,
    box,
    score: round(Math.min(1, Math.max(0, faceFlag)), 4),
    rollDegrees: round(radiansToDegrees(meshRoll(points)), 2),
    landmarks,
    ...(embedding === undefined ? {} : { embedding: Array.from(embedding, (value) => round(value, 6)) }),
  };
}
