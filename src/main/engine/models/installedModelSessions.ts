// Engines (face swap, lip sync, voice) get their pack models here: the file listed in the index is
// opened only if it still hashes to the sha256 recorded at install (the session pool re-hashes the
// bytes it loads), and its signature is checked again against the current manifest. The result
// carries the model's real tensor names in manifest order, so an engine never guesses a name.
import { StudioError } from '../../../shared/errors';
import type { ExecutionProviderChoice } from '../inference/executionProviders';
import type { InferenceSessionPool, SessionLease } from '../inference/sessionPool';
import type { PackCatalogue } from './modelPackCatalogue';
import { acceptedSignatures } from './modelPackManifest';
import type { InstalledFileRecord, ModelStore } from './modelStore';
import type { SignatureMatch } from './packSignatureCheck';
import { matchAnySignature } from './packSignatureCheck';

export interface InstalledModelSession {
  lease: SessionLease;
  record: InstalledFileRecord;
  path: string;
  /** Real input/output names in the manifest's order, and which signature variant matched. */
  signature: SignatureMatch;
}

export interface AcquireInstalledModelOptions {
  pool: InferenceSessionPool;
  store: ModelStore;
  catalogue: PackCatalogue;
  modelId: string;
  provider?: ExecutionProviderChoice;
}

function notInstalled(catalogue: PackCatalogue, modelId: string): StudioError {
  const found = catalogue.findModel(modelId);
  const where = found ? ` (part of the "${found.pack.name}" pack)` : '';
  return new StudioError(
    'MODEL_NOT_INSTALLED',
    `The model ${modelId}${where} is not installed. Install it from the Models panel or with \`doppel models install ${found?.pack.id ?? 'PACK'}\`.`,
  );
}

export async function acquireInstalledModel(
  options: AcquireInstalledModelOptions,
): Promise<InstalledModelSession> {
  const { store, catalogue, modelId } = options;
  const record = await store.findModel(modelId);
  if (record === undefined) throw notInstalled(catalogue, modelId);
  const path = store.pathOf(record);
  const packFile = record.userKind === null ? catalogue.findModel(modelId)?.file : undefined;
  const userKind =
    record.userKind === null ? undefined : catalogue.userFileKind(record.packId, record.userKind);
  const expected = packFile ?? userKind;
  if (expected === undefined) {
    throw new StudioError(
      'MODEL_NOT_INSTALLED',
      `The installed model ${modelId} belongs to no pack this version of the studio knows (pack "${record.packId}").`,
    );
  }
  let lease: SessionLease;
  try {
    lease = await options.pool.acquire({
      modelId,
      modelPath: path,
      expectedSha256: record.sha256,
      ...(options.provider === undefined ? {} : { provider: options.provider }),
    });
  } catch (error) {
    if (error instanceof StudioError && error.code === 'FILE_NOT_FOUND') {
      throw new StudioError(
        'MODEL_NOT_INSTALLED',
        `The model file of ${modelId} is missing (${path}); install the "${record.packId}" pack again.`,
        { cause: error },
      );
    }
    if (error instanceof StudioError && error.code === 'MODEL_HASH_MISMATCH') {
      throw new StudioError(
        'MODEL_HASH_MISMATCH',
        `${error.message} It changed on disk since it was installed; uninstall and install the "${record.packId}" pack again.`,
        { cause: error },
      );
    }
    throw error;
  }
  const result = matchAnySignature(acceptedSignatures(expected), {
    inputs: lease.inputMetadata,
    outputs: lease.outputMetadata,
  });
  if (!result.ok) {
    lease.release();
    throw new StudioError(
      'MODEL_SIGNATURE_MISMATCH',
      `The installed model ${modelId} (${path}) no longer matches what this version of the studio expects: ${result.explanation}.`,
    );
  }
  return { lease, record, path, signature: result.match };
}
