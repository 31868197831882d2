// "lipSync": the frame processor behind the Lip sync effect (and `doppel lipsync`). Frames are
// independent once the clip is loaded (mouth shapes and references are computed up front), so
// they are spread over every worker. Frames without the face pass through untouched.
// Before a render, the project side fills in `resolved` (paths, speech timing, model) after the
// content safety gate and the consent checks have passed; a render without it is refused.
import { StudioError } from '../../../shared/errors';
import type { FrameProcessor } from '../render/frameProcessor';
import { prepareClassicalEngine } from './classicalLipSyncEngine';
import { loadLipSyncClip } from './lipSyncClip';
import type { LipSyncFrameEngine } from './lipSyncFrameEngine';
import {
  LIP_SYNC_PROCESSOR_ID,
  lipSyncParamFields,
  parseLipSyncParams,
  type LipSyncParams,
} from './lipSyncParams';
import { prepareWav2LipEngine, WAV2LIP_MODEL_ID } from './wav2lipEngine';

export function createLipSyncProcessor(): FrameProcessor<LipSyncParams> {
  return {
    id: LIP_SYNC_PROCESSOR_ID,
    displayName: 'Lip sync',
    requiredModels: [],
    paramFields: lipSyncParamFields,
    // The neural engine needs the installed Wav2Lip pack: checked before the render and cited,
    // with its non-commercial licence, in the C2PA manifest. The classical engine needs none.
    requiredModelsOf: (params) =>
      params.engine === 'wav2lip'
        ? [{ id: WAV2LIP_MODEL_ID, purpose: 'neural lip sync (Wav2Lip GAN 96)' }]
        : [],
    // The speech may be a cloned voice: its identity needs consent like a face's.
    identityIdsOf: (params) => (params.voiceIdentityId === undefined ? [] : [params.voiceIdentityId]),
    // The clip's face is the target the content safety gate checks; speech is not a picture.
    synthesis: { operation: 'lipSync', description: 'Mouth movements re-animated to follow new speech.' },
    needsFramesInOrder: false,
    pixelFormats: ['rgb24'],
    parseParams: parseLipSyncParams,
    async preCheck(params, context) {
      const where = `The lip sync on clip ${context.clipId} (effect ${context.effectId})`;
      if (params.audioClipId === '' && params.audioAssetId === '') {
        throw new StudioError(
          'INVALID_ARGUMENT',
          `${where} has no speech: choose the audio it should follow.`,
        );
      }
      if (params.resolved === undefined) {
        throw new StudioError(
          'INVALID_ARGUMENT',
          `${where} was not prepared for rendering (its speech and face analysis were not looked up).`,
        );
      }
      if (params.engine === 'wav2lip' && params.resolved.wav2lip === undefined) {
        const installed = await context.isModelInstalled(WAV2LIP_MODEL_ID);
        throw new StudioError(
          'MODEL_NOT_INSTALLED',
          installed
            ? `${where} uses Wav2Lip, but the installed model's file was not found.`
            : `${where} uses Wav2Lip, which is not installed: install the "${WAV2LIP_MODEL_ID}" model pack, or use the classical engine.`,
        );
      }
    },
    async prepare(params, context) {
      const resolved = params.resolved;
      if (resolved === undefined) throw new StudioError('INTERNAL', 'Lip sync reached a worker unprepared.');
      const clip = await loadLipSyncClip(resolved, params.trackId, context);
      const engine: LipSyncFrameEngine =
        params.engine === 'wav2lip'
          ? await prepareWav2LipEngine(clip, params.strength)
          : await prepareClassicalEngine(clip, params.strength);
      return {
        async processFrame(frame, info) {
          if (info.sourceUs === null) return;
          await engine.renderFrame(frame, info.sourceUs, info.timelineUs);
        },
        dispose: () => engine.dispose(),
      };
    },
  };
}
