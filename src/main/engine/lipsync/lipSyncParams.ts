// The "lipSync" effect's parameters. What the user sets (stored on the effect):
//   audioClipId | audioAssetId  the new speech ('' = none): a clip on an audio track (it plays from where it
//                               sits on the timeline), or an asset that plays from the start of
//                               the video clip (cut at the clip's end, silence after its own end)
//   engine                      "classical" (offline mouth animation) or "wav2lip" (neural pack)
//   strength                    0…1.5, how far the mouth moves (classical) / how much of the
//                               generated mouth is pasted (wav2lip)
//   trackId                     the face track to animate; null = the face seen in most frames
//   voiceIdentityId             the voice identity the speech was made with, if any (consent)
// What the render adds before frames reach the workers (`resolved`, never set by hand): file paths
// and the timing of the speech, since worker threads see no project.
import { z } from 'zod';
import { StudioError } from '../../../shared/errors';
import type { EffectParamFieldInput } from '../../../shared/timeline/effectParamFields';

export const LIP_SYNC_PROCESSOR_ID = 'lipSync';

export const lipSyncEngineSchema = z.enum(['classical', 'wav2lip']);
export type LipSyncEngine = z.infer<typeof lipSyncEngineSchema>;

const filePath = z.string().min(1).max(4096);
const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

export const resolvedLipSyncSchema = z
  .object({
    video: z.object({ path: filePath, streamIndex: z.number().int().nonnegative().nullable() }),
    /** The face analysis (faces-v1.json) of the video. */
    facesPath: filePath,
    audio: z.object({
      path: filePath,
      streamIndex: z.number().int().nonnegative().nullable(),
      /** Timeline time at which the speech's source time `inUs` plays. */
      startUs: z.number().int(),
      inUs: z.number().int().nonnegative(),
      /** Timeline time after which the speech is silent (the bound clip's end). */
      endUs: z.number().int(),
    }),
    /** The Wav2Lip model (wav2lip engine only). */
    wav2lip: z.object({ path: filePath, sha256: z.string().regex(/^[0-9a-f]{64}$/) }).optional(),
  })
  .strict();
export type ResolvedLipSync = z.infer<typeof resolvedLipSyncSchema>;

export const lipSyncParamsSchema = z
  .object({
    // '' = not set. Both start empty (rather than absent) so the inspector, which edits the fields
    // an effect's params have, offers them.
    audioClipId: z.union([z.literal(''), id]).default(''),
    audioAssetId: z.union([z.literal(''), id]).default(''),
    engine: lipSyncEngineSchema.default('classical'),
    strength: z.number().min(0).max(1.5).default(1),
    trackId: z.number().int().nonnegative().nullable().default(null),
    // '' (the inspector's "none") reads as absent.
    voiceIdentityId: z.preprocess((value) => (value === '' ? undefined : value), id.optional()),
    resolved: resolvedLipSyncSchema.optional(),
  })
  .strict();
export type LipSyncParams = z.infer<typeof lipSyncParamsSchema>;

export function parseLipSyncParams(raw: unknown): LipSyncParams {
  const parsed = lipSyncParamsSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    throw new StudioError(
      'INVALID_ARGUMENT',
      `Lip sync settings are invalid: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || '(settings)'}: ${issue.message}`).join('; ')}`,
    );
  }
  if (parsed.data.audioClipId !== '' && parsed.data.audioAssetId !== '') {
    throw new StudioError(
      'INVALID_ARGUMENT',
      'Lip sync takes its speech from one audio clip or one audio asset, not both: clear one of them.',
    );
  }
  return parsed.data;
}

/** How the inspector edits the params (FrameProcessor.paramFields); ranges as in the schema above. */
export const lipSyncParamFields: readonly EffectParamFieldInput[] = [
  {
    name: 'audioClipId',
    type: 'audioSource',
    assetParam: 'audioAssetId',
    label: 'Speech',
    help: 'An audio clip plays from where it sits on the timeline; an audio file plays from the start of this clip.',
  },
  {
    name: 'engine',
    type: 'choice',
    label: 'Engine',
    choices: [
      { value: 'classical', label: 'classical mouth animation (offline)' },
      { value: 'wav2lip', label: 'neural (Wav2Lip, needs the pack)' },
    ],
  },
  { name: 'strength', type: 'number', label: 'Strength', min: 0, max: 1.5, step: 0.05 },
  {
    name: 'voiceIdentityId',
    type: 'identity',
    identityKind: 'voice',
    label: 'Speech made with the voice',
    help: 'If the speech is a cloned voice, its identity: the render then needs its consent.',
    default: '',
  },
];
