// The "voiceClone" effect's parameters as the user sets them (stored on the effect, edited by the
// inspector's generic params editor). It sits on an audio clip, or on a video clip whose linked
// audio clips (same link group) are then converted. The render converts the clip's source span
// towards the voice identity before the plan runs (src/main/services/voiceCloneRenderSources.ts)
// and adds `resolved` (the converted files); that is never set by hand, so it is not in this schema.
//   voiceIdentityId   the voice identity the speech is converted towards; it needs a consent record
//                     to render ('' until the user picks one: the inspector shows the field)
//   engine            "dsp": the offline signal-processing voice match (pitch, formants, spectrum);
//                     "rvc": an RVC v2 voice model imported into the voice-rvc model pack (neural)
//   rvcVoiceModelId   rvc only: the imported voice model's id in the model store (e.g.
//                     "rvc-v2-voice/ann"); ContentVec (and RMVPE when installed) come from the pack
// The effect changes sound only: the render plan never sends a clip's frames through it.
import { z } from 'zod';

export const VOICE_CLONE_EFFECT_KIND = 'voiceClone';

export const voiceCloneEngineSchema = z.enum(['dsp', 'rvc']);

export const voiceCloneUserParamsShape = {
  voiceIdentityId: z
    .string()
    .regex(/^([A-Za-z0-9_-]{1,64})?$/)
    .default(''),
  engine: voiceCloneEngineSchema.default('dsp'),
  rvcVoiceModelId: z
    .string()
    .regex(/^([A-Za-z0-9][A-Za-z0-9._/-]{0,127})?$/)
    .default(''),
} as const;

export const voiceCloneUserParamsSchema = z.object(voiceCloneUserParamsShape).strict();
export type VoiceCloneUserParams = z.infer<typeof voiceCloneUserParamsSchema>;

/** One audio clip's converted sound: the clip's source span [spanStartUs, spanEndUs) in `path`. */
export const resolvedVoiceCloneClipSchema = z.object({
  clipId: z.string().min(1),
  path: z.string().min(1),
  spanStartUs: z.number().int().nonnegative(),
  spanEndUs: z.number().int().nonnegative(),
});
export type ResolvedVoiceCloneClip = z.infer<typeof resolvedVoiceCloneClipSchema>;

/** Effect kinds that change sound only: their clips' frames are not sent through a processor. */
const SOUND_ONLY_EFFECT_KINDS: ReadonlySet<string> = new Set([VOICE_CLONE_EFFECT_KIND]);

export function isSoundOnlyEffectKind(kind: string): boolean {
  return SOUND_ONLY_EFFECT_KINDS.has(kind);
}
