// "voiceClone": the Voice clone effect's entry in the frame processor registry. The effect changes
// sound only, so no frame ever reaches it (renderPlan.ts leaves sound-only kinds out of a clip's
// processor chain); it is registered so that the effect has a kind the inspector can add, params
// the registry validates, and declarations the render preflight reads: the voice identity (consent
// is required before any work, and the C2PA manifest cites it) and the synthesis it performs.
// The conversion itself happens on the main side before the plan runs
// (src/main/services/voiceCloneRenderSources.ts); the plan then mixes the converted files.
import { z } from 'zod';
import { StudioError } from '../../../shared/errors';
import {
  resolvedVoiceCloneClipSchema,
  VOICE_CLONE_EFFECT_KIND,
  voiceCloneUserParamsShape,
} from '../../../shared/model/voiceCloneParams';
import type { FrameProcessor } from '../render/frameProcessor';

/** Model ids of the voice-rvc pack's shared files (models/packs/voice-rvc.json). */
export const CONTENTVEC_MODEL_ID = 'contentvec-768-l12';
export const RMVPE_MODEL_ID = 'rmvpe';

const voiceCloneParamsSchema = z
  .object({
    ...voiceCloneUserParamsShape,
    /** Set by the render's project side: the converted sound of each audio clip the effect covers. */
    resolved: z.object({ clips: z.array(resolvedVoiceCloneClipSchema) }).optional(),
  })
  .strict();
export type VoiceCloneParams = z.infer<typeof voiceCloneParamsSchema>;

export function parseVoiceCloneParams(raw: unknown): VoiceCloneParams {
  const parsed = voiceCloneParamsSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    throw new StudioError(
      'INVALID_ARGUMENT',
      `Voice clone settings are invalid: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || '(settings)'}: ${issue.message}`).join('; ')}`,
    );
  }
  return parsed.data;
}

export function createVoiceCloneEffect(): FrameProcessor<VoiceCloneParams> {
  return {
    id: VOICE_CLONE_EFFECT_KIND,
    displayName: 'Voice clone',
    requiredModels: [],
    // The rvc engine's models are checked by the project side before converting
    // (voiceCloneRenderSources.ts) and cited, with their licences, in the render's C2PA manifest.
    requiredModelsOf: (params) =>
      params.engine === 'rvc'
        ? [
            { id: CONTENTVEC_MODEL_ID, purpose: 'speech content features for RVC' },
            ...(params.rvcVoiceModelId === ''
              ? []
              : [{ id: params.rvcVoiceModelId, purpose: 'RVC v2 voice conversion' }]),
          ]
        : [],
    identityIdsOf: (params) => (params.voiceIdentityId === '' ? [] : [params.voiceIdentityId]),
    synthesis: {
      operation: 'voiceClone',
      description: 'Speech converted towards the voice of a consented voice identity.',
    },
    needsFramesInOrder: false,
    pixelFormats: ['yuv420p', 'rgb24'],
    parseParams: parseVoiceCloneParams,
    async preCheck(params, context) {
      if (params.voiceIdentityId === '') {
        throw new StudioError(
          'INVALID_ARGUMENT',
          `The voice clone on clip ${context.clipId} (effect ${context.effectId}) has no voice: choose a voice identity.`,
        );
      }
    },
    // Never reached through a render plan; should a frame arrive anyway, the picture is untouched.
    async prepare() {
      return { processFrame: () => undefined, dispose: () => undefined };
    },
  };
}
