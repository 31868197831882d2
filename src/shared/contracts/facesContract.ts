// faces.* of the contract: analyse a photo or video of the open project (faces, 468-point meshes,
// tracks), read the cached analysis back one frame at a time, and mark a face as the source or the
// target of later face effects. The face records are also the shape of the face-analysis cache
// and of `doppel faces --json`, so every consumer reads one format.
import { z } from 'zod';
import { defineService } from './defineService';
import { idSchema, rationalSchema } from '../model/schemas';

export const MESH_POINT_COUNT = 468;

export const faceBoxSchema = z.object({
  x: z.number(),
  y: z.number(),
  width: z.number().nonnegative(),
  height: z.number().nonnegative(),
});
export type FaceBox = z.infer<typeof faceBoxSchema>;

/** One face in one frame. Coordinates are pixels of the picture as shown (upright, square pixels). */
export const analysedFaceSchema = z.object({
  trackId: z.number().int().nonnegative(),
  /** Axis-aligned box around the mesh. */
  box: faceBoxSchema,
  /** Probability that this is a face (the mesh model's face flag). */
  score: z.number().min(0).max(1),
  /** Turn of the face in the picture plane: 0 = upright, positive = clockwise. */
  rollDegrees: z.number(),
  /** 468 x (x, y, z), flat; z is depth on the scale of x (smaller = nearer the camera). */
  landmarks: z.array(z.number()).length(MESH_POINT_COUNT * 3),
  /** Unit-length identity descriptor (faceres), when asked for. */
  embedding: z.array(z.number()).optional(),
});
export type AnalysedFace = z.infer<typeof analysedFaceSchema>;

export const analysedFrameSchema = z.object({
  /** Index of the frame in the whole video (0 for a photo). */
  index: z.number().int().nonnegative(),
  timeUs: z.number().int().nonnegative(),
  faces: z.array(analysedFaceSchema),
});
export type AnalysedFrame = z.infer<typeof analysedFrameSchema>;

export const faceRoleSchema = z.enum(['source', 'target']);
export type FaceRole = z.infer<typeof faceRoleSchema>;

export const faceTrackSchema = z.object({
  id: z.number().int().nonnegative(),
  firstFrame: z.number().int().nonnegative(),
  lastFrame: z.number().int().nonnegative(),
  /** Analysed frames the face was found in. */
  frameCount: z.number().int().positive(),
  meanScore: z.number().min(0).max(1),
  /** A small JPEG of the face (data: URL). */
  thumbnail: z.string().startsWith('data:image/jpeg;base64,'),
  role: faceRoleSchema.nullable(),
  /** The face identity created for a source (consent is recorded on it separately). */
  identityId: idSchema.nullable(),
});
export type FaceTrack = z.infer<typeof faceTrackSchema>;

export const landmarkJitterSchema = z.object({
  /** Mean frame-to-frame motion of the stable mesh points, in pixels, before and after smoothing. */
  rawPixels: z.number().nonnegative(),
  smoothedPixels: z.number().nonnegative(),
});

export const faceAnalysisSummarySchema = z.object({
  assetId: idSchema,
  kind: z.enum(['image', 'video']),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  fps: rationalSchema.nullable(),
  /** Every Nth frame was analysed. */
  every: z.number().int().positive(),
  analysedFrames: z.number().int().nonnegative(),
  tracks: z.array(faceTrackSchema),
  /** One analysed frame with its faces (the requested one, or the first with faces). */
  frame: analysedFrameSchema.nullable(),
  analysedAt: z.string(),
  durationMs: z.number().nonnegative(),
  jitter: landmarkJitterSchema.nullable(),
});
export type FaceAnalysisSummary = z.infer<typeof faceAnalysisSummarySchema>;

export const faceAnalysisProgressSchema = z.object({
  assetId: idSchema,
  phase: z.enum(['loading-models', 'analysing', 'done', 'failed']),
  framesDone: z.number().int().nonnegative(),
  /** Estimated from the duration and frame rate; 1 for a photo. */
  framesTotal: z.number().int().nonnegative(),
});
export type FaceAnalysisProgress = z.infer<typeof faceAnalysisProgressSchema>;

const everySchema = z.number().int().min(1).max(1000);

export const facesService = defineService({
  methods: {
    /** Analyses (or reuses the cached analysis with the same settings) and returns the summary. */
    analyseAsset: {
      input: z.object({ assetId: idSchema, every: everySchema.default(1) }),
      output: faceAnalysisSummarySchema,
    },
    /** The cached analysis (null when the asset was never analysed); `frameIndex` picks the frame shown. */
    getAnalysis: {
      input: z.object({ assetId: idSchema, frameIndex: z.number().int().nonnegative().optional() }),
      output: faceAnalysisSummarySchema.nullable(),
    },
    /**
     * Marks a face (by track, or by its position in the first analysed frame) as the source or the
     * target of later face effects; null clears the mark. A source becomes a face identity.
     */
    markFace: {
      input: z
        .object({
          assetId: idSchema,
          trackId: z.number().int().nonnegative().optional(),
          faceIndex: z.number().int().nonnegative().optional(),
          role: faceRoleSchema.nullable(),
        })
        .refine((value) => (value.trackId === undefined) !== (value.faceIndex === undefined), {
          message: 'give either trackId or faceIndex',
        }),
      output: faceAnalysisSummarySchema,
    },
  },
  events: {
    didAnalyseProgress: faceAnalysisProgressSchema,
  },
});
