// "faceSwap": the frame processor behind the Face swap effect (and `doppel swap`). The source face
// is loaded once per worker; the target faces come from the clip's face analysis (the tracker's
// smoothed meshes), so frames are independent and are spread over every worker. Each target face
// of a frame goes through the chosen engine's swapper (faceSwapEngine.ts): "classical" (mesh warp,
// offline) or "inswapper" (neural, needs the faceswap-inswapper pack). Frames where no chosen face
// is seen pass through untouched.
// Before a render the project side fills in `resolved` (faceSwapRenderSources.ts); consent for the
// source identity and the content safety gate run in the render preflight (renderSafeguards.ts),
// since the processor names its identity and declares itself a synthesis.
import { StudioError } from '../../../../shared/errors';
import { FACE_SWAP_EFFECT_KIND, faceSwapParamFields } from '../../../../shared/model/faceSwapParams';
import { classicalFaceSwapEngine } from '../../faceswap/classical/classicalFaceSwapEngine';
import type { FaceSwapper } from '../../faceswap/faceSwapEngine';
import { inswapperFaceSwapEngine, inswapperRequiredModels } from '../../faceswap/neural/inswapperEngine';
import { InferenceSessionPool } from '../../inference/sessionPool';
import type { FrameProcessor } from '../frameProcessor';
import { loadSourceFace, loadTargetFaces } from './faceSwapInputs';
import { parseFaceSwapParams, type FaceSwapParams } from './faceSwapProcessorParams';

export function createFaceSwapProcessor(): FrameProcessor<FaceSwapParams> {
  return {
    id: FACE_SWAP_EFFECT_KIND,
    displayName: 'Face swap',
    // The classical engine needs only the embedded face models; the neural pack is per-settings
    // (see preCheck).
    requiredModels: [],
    // The neural engine's pack (GFPGAN too when enhancing): pre-checked and cited in the manifest.
    requiredModelsOf: (params) => (params.engine === 'inswapper' ? inswapperRequiredModels(params) : []),
    paramFields: faceSwapParamFields,
    identityIdsOf: (params) => (params.sourceIdentityId === undefined ? [] : [params.sourceIdentityId]),
    // The identity's own source media are the sources the content safety gate checks; the clip is the target.
    synthesis: {
      operation: 'faceSwap',
      description: 'Face replaced with a consented face identity.',
    },
    needsFramesInOrder: false,
    pixelFormats: ['rgb24'],
    parseParams: parseFaceSwapParams,
    async preCheck(params, context) {
      const where = `The face swap on clip ${context.clipId} (effect ${context.effectId})`;
      if (params.sourceIdentityId === undefined) {
        throw new StudioError(
          'INVALID_ARGUMENT',
          `${where} has no source face: choose a source face (a face identity) in the inspector.`,
        );
      }
      if (params.targetMode === 'tracks' && params.targetTrackIds.length === 0) {
        throw new StudioError(
          'INVALID_ARGUMENT',
          `${where} replaces chosen face tracks, but none is chosen.`,
        );
      }
      if (params.targetMode === 'identity' && params.targetReference === undefined) {
        throw new StudioError(
          'INVALID_ARGUMENT',
          `${where} replaces the faces that look like a reference identity, but none is chosen.`,
        );
      }
      if (params.engine === 'inswapper') {
        const missing: string[] = [];
        for (const model of inswapperRequiredModels(params)) {
          if (!(await context.isModelInstalled(model.id))) missing.push(`${model.id} (${model.purpose})`);
        }
        if (missing.length > 0) {
          throw new StudioError(
            'MODEL_NOT_INSTALLED',
            `${where} uses the neural engine, whose models are not installed: ${missing.join(', ')}. ` +
              'Install the "faceswap-inswapper" model pack, or use the classical engine.',
          );
        }
      }
      if (params.resolved === undefined) {
        throw new StudioError(
          'INVALID_ARGUMENT',
          `${where} was not prepared for rendering (its source face and face analysis were not looked up).`,
        );
      }
    },
    async prepare(params, context) {
      const resolved = params.resolved;
      if (resolved === undefined) throw new StudioError('INTERNAL', 'Face swap reached a worker unprepared.');
      const targets = await loadTargetFaces(resolved, context);
      const source = await loadSourceFace(resolved.source);
      // Sessions (inswapper only; the classical engine runs no model of its own) per worker.
      const pool = new InferenceSessionPool({ defaultProvider: 'cpu' });
      const engineContext = { dataDir: resolved.dataDir, pool };
      let swapper: FaceSwapper;
      try {
        swapper =
          params.engine === 'inswapper'
            ? await inswapperFaceSwapEngine.createSwapper(
                source,
                { enhance: params.enhance, enhanceBlend: 0.8, blend: params.blend },
                engineContext,
              )
            : await classicalFaceSwapEngine.createSwapper(source, params, engineContext);
      } catch (error) {
        pool.dispose();
        throw error;
      }
      return {
        async processFrame(frame, info) {
          if (info.sourceUs === null) return;
          const meshes = targets.meshesAt(info.sourceUs);
          if (meshes.length === 0) return;
          const picture = { width: frame.width, height: frame.height, data: frame.data };
          for (const mesh of meshes) await swapper.swapFace(picture, mesh);
        },
        dispose() {
          swapper.dispose();
          pool.dispose();
        },
      };
    },
  };
}
