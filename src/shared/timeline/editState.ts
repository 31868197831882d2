// What edit commands change: the timeline (tracks, clips) and the effects attached to clips.
// Effects live in their own table but belong to clips (a split copies them, a paste brings them,
// deleting a clip deletes them), so the pure edit functions see both together.
import { z } from 'zod';
import { idSchema, type Timeline } from '../model/schemas';
import type { MediaKind } from '../model/schemas';
import { effectParamFieldSchema } from './effectParamFields';

export const effectParamsSchema = z.record(z.string(), z.unknown());
export type EffectParams = z.infer<typeof effectParamsSchema>;

export const clipEffectSchema = z.object({
  id: idSchema,
  clipId: idSchema,
  /** What the effect does, e.g. "faceSwap"; one of the kinds the host reports. */
  kind: z.string().min(1).max(100),
  params: effectParamsSchema,
  /** Position in the clip's stack (0 = applied first). */
  order: z.number().int().nonnegative(),
  enabled: z.boolean(),
});
export type ClipEffect = z.infer<typeof clipEffectSchema>;

/** An effect kind the host can apply, with the parameters a new effect of that kind starts with. */
export const effectKindSchema = z.object({
  kind: z.string().min(1).max(100),
  label: z.string(),
  description: z.string().default(''),
  defaultParams: effectParamsSchema.default({}),
  /** How the inspector edits the params; absent = the generic editor (by each value's JSON type). */
  fields: z.array(effectParamFieldSchema).optional(),
});
export type EffectKind = z.infer<typeof effectKindSchema>;

export interface EditState {
  timeline: Timeline;
  effects: ClipEffect[];
}

/** Facts about an asset that edits need (its kind and how long its media is). */
export interface EditAssetFacts {
  id: string;
  kind: MediaKind;
  durationUs: number | null;
  hasVideo: boolean;
  hasAudio: boolean;
}

/** Everything from outside that an edit may need; ids come from here, never from a random source. */
export interface EditContext {
  asset: (assetId: string) => EditAssetFacts | undefined;
  newId: () => string;
  /** Effect kinds the host can apply; addEffect refuses others. */
  effectKinds: readonly string[];
  /** Parameters a new effect of a kind starts with (the command's own params win). */
  effectDefaults?: (kind: string) => EffectParams;
}

/** Effects of clips that no longer exist go away (the store's foreign key cascades the same way). */
export function withoutOrphanEffects(state: EditState): EditState {
  const clipIds = new Set(state.timeline.clips.map((clip) => clip.id));
  const kept = state.effects.filter((effect) => clipIds.has(effect.clipId));
  return kept.length === state.effects.length ? state : { ...state, effects: kept };
}
