// Edit commands as data: what the renderer asks for. The main side fills in facts (asset
// durations, fresh ids) and applies the pure functions of ./edits.ts inside one store transaction.
import { z } from 'zod';
import { idSchema, trackKindSchema } from '../model/schemas';

export const insertAssetCommandSchema = z.object({
  type: z.literal('insertAsset'),
  assetId: idSchema,
  /** Target track; null picks the first track of the right kind. */
  trackId: idSchema.nullable(),
  startUs: z.number().int().nonnegative(),
});

export const moveClipCommandSchema = z.object({
  type: z.literal('moveClip'),
  clipId: idSchema,
  trackId: idSchema,
  startUs: z.number().int().nonnegative(),
});

export const removeClipsCommandSchema = z.object({
  type: z.literal('removeClips'),
  clipIds: z.array(idSchema).min(1),
});

export const addTrackCommandSchema = z.object({
  type: z.literal('addTrack'),
  kind: trackKindSchema,
  name: z.string().min(1).max(100).nullable(),
});

export const editCommandSchema = z.discriminatedUnion('type', [
  insertAssetCommandSchema,
  moveClipCommandSchema,
  removeClipsCommandSchema,
  addTrackCommandSchema,
]);
export type EditCommand = z.infer<typeof editCommandSchema>;
