// The data model that crosses the boundary (DESIGN.md §2), as zod schemas; types are inferred from them.
import { z } from 'zod';

export const idSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'an id of letters, digits, - or _');

export const rationalSchema = z.object({
  num: z.number().int().positive(),
  den: z.number().int().positive(),
});

export const mediaKindSchema = z.enum(['video', 'audio', 'image']);
export type MediaKind = z.infer<typeof mediaKindSchema>;

export const assetStatusSchema = z.enum(['ok', 'missing']);

export const assetSchema = z.object({
  id: idSchema,
  name: z.string(),
  path: z.string(),
  kind: mediaKindSchema,
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  sizeBytes: z.number().int().nonnegative(),
  /** Container duration; null for still images. */
  durationUs: z.number().int().nonnegative().nullable(),
  width: z.number().int().nonnegative().nullable(),
  height: z.number().int().nonnegative().nullable(),
  fps: rationalSchema.nullable(),
  hasVideo: z.boolean(),
  hasAudio: z.boolean(),
  videoCodec: z.string().nullable(),
  audioCodec: z.string().nullable(),
  /** Display rotation in degrees from the container's metadata (0, 90, 180, 270). */
  rotation: z.number().int(),
  status: assetStatusSchema,
  importedAt: z.string(),
  /** Number of filmstrip thumbnails in the cached sprite (0 when none). */
  thumbnailCount: z.number().int().nonnegative(),
  hasPeaks: z.boolean(),
});
export type Asset = z.infer<typeof assetSchema>;

export const trackKindSchema = z.enum(['video', 'audio']);
export type TrackKind = z.infer<typeof trackKindSchema>;

export const trackSchema = z.object({
  id: idSchema,
  kind: trackKindSchema,
  name: z.string(),
  /** Position from the top of the timeline (0 = top). */
  order: z.number().int().nonnegative(),
  muted: z.boolean(),
  solo: z.boolean(),
  locked: z.boolean(),
  hidden: z.boolean(),
});
export type Track = z.infer<typeof trackSchema>;

export const clipSchema = z.object({
  id: idSchema,
  trackId: idSchema,
  assetId: idSchema,
  /** Position on the timeline. */
  startUs: z.number().int().nonnegative(),
  /** Source in point (inclusive) and out point (exclusive) in the asset's own time. */
  inUs: z.number().int().nonnegative(),
  outUs: z.number().int().positive(),
  /** Clips that move together (a video and its own audio) share a link group. */
  linkGroup: idSchema.nullable(),
});
export type Clip = z.infer<typeof clipSchema>;

export const timelineSchema = z.object({
  fps: rationalSchema,
  tracks: z.array(trackSchema),
  clips: z.array(clipSchema),
});
export type Timeline = z.infer<typeof timelineSchema>;

export const projectSummarySchema = z.object({
  path: z.string(),
  name: z.string(),
  schemaVersion: z.number().int(),
  createdAt: z.string(),
  fps: rationalSchema,
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  assetCount: z.number().int().nonnegative(),
  missingAssetCount: z.number().int().nonnegative(),
});
export type ProjectSummary = z.infer<typeof projectSummarySchema>;

export const recentProjectSchema = z.object({
  path: z.string(),
  name: z.string(),
  openedAt: z.string(),
  exists: z.boolean(),
});
export type RecentProject = z.infer<typeof recentProjectSchema>;

export const importPhaseSchema = z.enum(['hashing', 'probing', 'thumbnails', 'waveform', 'done', 'failed']);

/**
 * Sent after every phase change of every file. `completed` counts finished files whether they
 * succeeded or failed (so the batch is over when completed === total); `failed` counts the
 * failures among them. `phase` is the phase of `currentPath`: 'done' and 'failed' end one FILE,
 * not the batch.
 */
export const importProgressSchema = z.object({
  /** One id per import call, so two imports in flight can be told apart. */
  batchId: idSchema,
  total: z.number().int().nonnegative(),
  completed: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  currentPath: z.string().nullable(),
  phase: importPhaseSchema,
});
export type ImportProgress = z.infer<typeof importProgressSchema>;

export const importFailureSchema = z.object({
  path: z.string(),
  code: z.string(),
  message: z.string(),
});

export const importResultSchema = z.object({
  batchId: idSchema,
  /** Newly imported assets and assets recognised as already in the project (`duplicate: true`). */
  imported: z.array(z.object({ path: z.string(), asset: assetSchema, duplicate: z.boolean() })),
  failed: z.array(importFailureSchema),
});
export type ImportResult = z.infer<typeof importResultSchema>;
