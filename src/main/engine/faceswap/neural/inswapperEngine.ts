// The "inswapper" engine of the face-swap effect: needs the faceswap-inswapper pack (inswapper_128
// and ArcFace w600k_r50; GFPGAN 1.4 when enhancing), opens its files from the user's model store
// (verified by sha256 on load), reads the emap once per model file, and builds a swapper per
// source face.
import { StudioError } from '../../../../shared/errors';
import type { ExecutionProviderChoice } from '../../inference/executionProviders';
import type { InferenceSessionPool } from '../../inference/sessionPool';
import { acquireInstalledModel, type InstalledModelSession } from '../../models/installedModelSessions';
import { PackCatalogue } from '../../models/modelPackCatalogue';
import { ModelStore } from '../../models/modelStore';
import type { RequiredModel } from '../../render/frameProcessor';
import type { FaceSwapEngine } from '../faceSwapEngine';
import { loadInswapperEmap } from './inswapperEmap';
import { InswapperFaceSwapper, type InswapperModels, type InswapperSettings } from './inswapperFaceSwapper';

export const INSWAPPER_PACK_ID = 'faceswap-inswapper';
export const INSWAPPER_MODEL_ID = 'inswapper-128';
export const ARCFACE_MODEL_ID = 'arcface-w600k-r50';
export const GFPGAN_MODEL_ID = 'gfpgan-1.4';

/** The manifests are read once per thread. */
let catalogueLoading: Promise<PackCatalogue> | undefined;
function sharedCatalogue(): Promise<PackCatalogue> {
  catalogueLoading ??= PackCatalogue.load().catch((error: unknown) => {
    catalogueLoading = undefined;
    throw error;
  });
  return catalogueLoading;
}

export function inswapperRequiredModels(settings: Pick<InswapperSettings, 'enhance'>): RequiredModel[] {
  return [
    { id: INSWAPPER_MODEL_ID, purpose: 'neural face swap (inswapper_128)' },
    { id: ARCFACE_MODEL_ID, purpose: 'source identity for the neural face swap (ArcFace w600k_r50)' },
    ...(settings.enhance
      ? [{ id: GFPGAN_MODEL_ID, purpose: 'face enhancer after the swap (GFPGAN 1.4)' }]
      : []),
  ];
}

export interface LoadInswapperModelsOptions {
  dataDir: string;
  pool: InferenceSessionPool;
  enhance: boolean;
  provider?: ExecutionProviderChoice;
  /** Defaults to the studio's manifests (models/packs plus $DOPPEL_MODEL_PACKS_DIR). */
  catalogue?: PackCatalogue;
}

export async function loadInswapperModels(options: LoadInswapperModelsOptions): Promise<InswapperModels> {
  const catalogue = options.catalogue ?? (await sharedCatalogue());
  const store = new ModelStore(options.dataDir);
  const held: InstalledModelSession[] = [];
  const acquire = async (modelId: string) => {
    const session = await acquireInstalledModel({
      pool: options.pool,
      store,
      catalogue,
      modelId,
      ...(options.provider === undefined ? {} : { provider: options.provider }),
    });
    held.push(session);
    return session;
  };
  try {
    const arcface = await acquire(ARCFACE_MODEL_ID);
    const inswapper = await acquire(INSWAPPER_MODEL_ID);
    const enhancer = options.enhance ? await acquire(GFPGAN_MODEL_ID) : null;
    const { emap } = await loadInswapperEmap(inswapper.path, inswapper.record.sha256);
    let released = false;
    return {
      arcface,
      inswapper,
      enhancer,
      emap,
      dispose: () => {
        if (released) return;
        released = true;
        for (const session of held) session.lease.release();
      },
    };
  } catch (error) {
    for (const session of held) session.lease.release();
    throw error;
  }
}

export const inswapperFaceSwapEngine: FaceSwapEngine<InswapperSettings> = {
  id: 'inswapper',
  displayName: 'Neural (inswapper_128)',
  requiredModels: (settings) => inswapperRequiredModels(settings),
  async createSwapper(source, settings, context) {
    if (!(settings.enhanceBlend >= 0 && settings.enhanceBlend <= 1)) {
      throw new StudioError(
        'INVALID_ARGUMENT',
        `The enhancer blend must be between 0 and 1 (got ${settings.enhanceBlend}).`,
      );
    }
    const blend = settings.blend ?? 1;
    if (!(blend >= 0 && blend <= 1)) {
      throw new StudioError(
        'INVALID_ARGUMENT',
        `The face swap blend must be between 0 and 1 (got ${blend}).`,
      );
    }
    const models = await loadInswapperModels({
      dataDir: context.dataDir,
      pool: context.pool,
      enhance: settings.enhance,
    });
    return InswapperFaceSwapper.create(models, source, settings);
  },
};
