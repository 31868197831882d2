// render.* of the contract: queue a render of the open project, cancel it, list the project's
// render history, and follow progress. Kept beside studioContract.ts so the render schemas (also
// used by the CLI and the render queue panel) live in one place.
import { z } from 'zod';
import { defineService } from './defineService';
import { idSchema } from '../model/schemas';
import { renderProvenanceSummarySchema } from '../model/provenanceSchemas';

/**
 * Output size and default codec. `source` keeps the project's size; the others letterbox the
 * timeline into that size. The frame rate is always the project's.
 */
export const renderPresetSchema = z.enum([
  'source',
  '1080p-h264',
  '720p-h264',
  '1080p-hevc',
  '1080p-prores',
  '1080p-webm',
]);
export type RenderPreset = z.infer<typeof renderPresetSchema>;

export const videoCodecSchema = z.enum(['h264', 'hevc', 'prores', 'vp9']);
export type VideoCodec = z.infer<typeof videoCodecSchema>;

/** x264/x265 speed names; VP9 maps them to its cpu-used levels, ProRes ignores them. */
export const encoderSpeedSchema = z.enum([
  'ultrafast',
  'superfast',
  'veryfast',
  'faster',
  'fast',
  'medium',
  'slow',
]);
export type EncoderSpeed = z.infer<typeof encoderSpeedSchema>;

export const renderCodecOptionsSchema = z
  .object({
    /** Overrides the preset's codec; the output file's extension must suit it (.mov for ProRes, .webm for VP9). */
    videoCodec: videoCodecSchema.optional(),
    /** Constant-quality factor (lower is better): 0-51 for H.264/HEVC, 0-63 for VP9; ProRes ignores it. */
    crf: z.number().int().min(0).max(63).optional(),
    encoderSpeed: encoderSpeedSchema.optional(),
  })
  .strict();
export type RenderCodecOptions = z.infer<typeof renderCodecOptionsSchema>;

export const renderRangeSchema = z
  .object({
    startUs: z.number().int().nonnegative(),
    endUs: z.number().int().positive(),
  })
  .refine((range) => range.endUs > range.startUs, { message: 'the range must end after it starts' });
export type RenderRange = z.infer<typeof renderRangeSchema>;

export const renderRequestSchema = z.object({
  outputPath: z.string().min(1).max(4096),
  preset: renderPresetSchema.default('source'),
  codec: renderCodecOptionsSchema.default({}),
  /** A part of the timeline (snapped to frames); null renders all of it. */
  range: renderRangeSchema.nullable().default(null),
  /**
   * Burn a visible "AI-GENERATED" label into the picture. The invisible watermark and the signed
   * C2PA manifest are on every render regardless. Absent means no label.
   */
  visibleLabel: z.boolean().optional(),
});
export type RenderRequest = z.infer<typeof renderRequestSchema>;

export const renderStatusSchema = z.enum(['queued', 'running', 'done', 'failed', 'cancelled']);
export type RenderStatus = z.infer<typeof renderStatusSchema>;

const renderErrorSchema = z.object({ code: z.string(), message: z.string() });

/** One row of the project's render history. */
export const renderJobSchema = z.object({
  id: idSchema,
  status: renderStatusSchema,
  outputPath: z.string(),
  /** 0..1 */
  progress: z.number().min(0).max(1),
  error: renderErrorSchema.nullable(),
  preset: renderPresetSchema.nullable(),
  videoCodec: videoCodecSchema.nullable(),
  width: z.number().int().positive().nullable(),
  height: z.number().int().positive().nullable(),
  totalFrames: z.number().int().nonnegative().nullable(),
  durationUs: z.number().int().nonnegative().nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  /** What the finished render was signed with and cites (C2PA, watermark, consents, models). */
  provenance: renderProvenanceSummarySchema.nullable().default(null),
});
export type RenderJob = z.infer<typeof renderJobSchema>;

/** Sent a few times a second while a render runs, and once on every status change. */
export const renderProgressSchema = z.object({
  renderId: idSchema,
  status: renderStatusSchema,
  /** 0..1 */
  progress: z.number().min(0).max(1),
  /** Frames encoded per second, averaged over the last few seconds. */
  fps: z.number().nonnegative(),
  /** null until there is a rate to estimate from. */
  etaSeconds: z.number().nonnegative().nullable(),
  frame: z.number().int().nonnegative(),
  totalFrames: z.number().int().nonnegative(),
  outputPath: z.string(),
  error: renderErrorSchema.nullable(),
});
export type RenderProgress = z.infer<typeof renderProgressSchema>;

export const renderService = defineService({
  methods: {
    /** Checks the request and the timeline, queues the render and returns its id at once. */
    start: { input: renderRequestSchema, output: z.object({ renderId: idSchema }) },
    /** Stops a queued or running render; its temporary files are removed. */
    cancel: { input: z.object({ renderId: idSchema }), output: z.null() },
    /** The open project's renders, oldest first. */
    list: { input: z.object({}).strict(), output: z.array(renderJobSchema) },
  },
  events: {
    didRenderProgress: renderProgressSchema,
  },
});
