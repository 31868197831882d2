// Edit commands as data: what the renderer asks for. The main side fills in facts (asset
// durations, fresh ids) and applies the pure functions (./applyEditCommand.ts dispatches to
// ./edits.ts, ./clipEdits.ts, ./trimEdits.ts, ./rippleEdits.ts, ./trackEdits.ts, ./effectEdits.ts)
// inside one store transaction, recording the change for undo in the same transaction.
import { z } from 'zod';
import { idSchema, trackKindSchema } from '../model/schemas';
import { effectParamsSchema } from './editState';

const timeUs = z.number().int().nonnegative();
const deltaUs = z.number().int();
const clipIdList = z.array(idSchema).min(1).max(10_000);

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

/** Moves clips (with their linked clips) by one offset, each staying on its track. */
export const moveClipsCommandSchema = z.object({
  type: z.literal('moveClips'),
  clipIds: clipIdList,
  deltaUs,
});

/** Drags the in or out edge of a clip (and its linked clips) to a time on the timeline. */
export const trimClipCommandSchema = z.object({
  type: z.literal('trimClip'),
  clipId: idSchema,
  edge: z.enum(['in', 'out']),
  toUs: timeUs,
});

/** Moves the cut between two touching clips of one track. */
export const rollEditCommandSchema = z.object({
  type: z.literal('rollEdit'),
  leftClipId: idSchema,
  rightClipId: idSchema,
  toUs: timeUs,
});

/** Slides the source under a clip without moving or resizing it. */
export const slipClipCommandSchema = z.object({ type: z.literal('slipClip'), clipId: idSchema, deltaUs });

export const splitClipsCommandSchema = z.object({
  type: z.literal('splitClips'),
  clipIds: clipIdList,
  atUs: timeUs,
});

export const rippleDeleteCommandSchema = z.object({ type: z.literal('rippleDelete'), clipIds: clipIdList });

export const clipTemplateSchema = z.object({
  trackId: idSchema,
  assetId: idSchema,
  offsetUs: timeUs,
  inUs: timeUs,
  outUs: z.number().int().positive(),
  linkKey: z.string().max(100).nullable(),
  effects: z
    .array(z.object({ kind: z.string().min(1).max(100), params: effectParamsSchema, enabled: z.boolean() }))
    .max(100),
});

export const pasteClipsCommandSchema = z.object({
  type: z.literal('pasteClips'),
  templates: z.array(clipTemplateSchema).min(1).max(10_000),
  startUs: timeUs,
});

export const duplicateClipsCommandSchema = z.object({
  type: z.literal('duplicateClips'),
  clipIds: clipIdList,
});
export const linkClipsCommandSchema = z.object({ type: z.literal('linkClips'), clipIds: clipIdList });
export const unlinkClipsCommandSchema = z.object({ type: z.literal('unlinkClips'), clipIds: clipIdList });

export const renameTrackCommandSchema = z.object({
  type: z.literal('renameTrack'),
  trackId: idSchema,
  name: z.string().min(1).max(100),
});

export const setTrackFlagsCommandSchema = z.object({
  type: z.literal('setTrackFlags'),
  trackId: idSchema,
  muted: z.boolean().optional(),
  solo: z.boolean().optional(),
  locked: z.boolean().optional(),
  hidden: z.boolean().optional(),
});

/** Moves a track to a position among the tracks of its kind (0 = top). */
export const moveTrackCommandSchema = z.object({
  type: z.literal('moveTrack'),
  trackId: idSchema,
  toIndex: z.number().int().nonnegative(),
});

export const removeTrackCommandSchema = z.object({ type: z.literal('removeTrack'), trackId: idSchema });

export const addEffectCommandSchema = z.object({
  type: z.literal('addEffect'),
  clipId: idSchema,
  kind: z.string().min(1).max(100),
  /** Starting parameters; the kind's defaults fill in what is left out. */
  params: effectParamsSchema.optional(),
});
export const removeEffectCommandSchema = z.object({ type: z.literal('removeEffect'), effectId: idSchema });
export const moveEffectCommandSchema = z.object({
  type: z.literal('moveEffect'),
  effectId: idSchema,
  toIndex: z.number().int().nonnegative(),
});
export const setEffectEnabledCommandSchema = z.object({
  type: z.literal('setEffectEnabled'),
  effectId: idSchema,
  enabled: z.boolean(),
});
/** Merges parameters into the effect's (null removes a key). */
export const setEffectParamsCommandSchema = z.object({
  type: z.literal('setEffectParams'),
  effectId: idSchema,
  params: effectParamsSchema,
});

export const editCommandSchema = z.discriminatedUnion('type', [
  insertAssetCommandSchema,
  moveClipCommandSchema,
  removeClipsCommandSchema,
  addTrackCommandSchema,
  moveClipsCommandSchema,
  trimClipCommandSchema,
  rollEditCommandSchema,
  slipClipCommandSchema,
  splitClipsCommandSchema,
  rippleDeleteCommandSchema,
  pasteClipsCommandSchema,
  duplicateClipsCommandSchema,
  linkClipsCommandSchema,
  unlinkClipsCommandSchema,
  renameTrackCommandSchema,
  setTrackFlagsCommandSchema,
  moveTrackCommandSchema,
  removeTrackCommandSchema,
  addEffectCommandSchema,
  removeEffectCommandSchema,
  moveEffectCommandSchema,
  setEffectEnabledCommandSchema,
  setEffectParamsCommandSchema,
]);
export type EditCommand = z.infer<typeof editCommandSchema>;
