// Provenance for `doppel lipsync` on plain files: the same encode stage every studio render gets
// from renderSafeguards.ts (video + audio watermarks, a signed C2PA manifest naming the operation,
// the models with their licences and the input files), begun before anything is synthesised so an
// unsignable output (WebM, …) or an unusable signing key stops the job first. There is no project,
// so no identity and no consent ledger: the speech is a file, not a voice identity.
import { join } from 'node:path';
import { APP_VERSION } from '../../appVersion';
import { findEmbeddedManifestDirectory, loadEmbeddedModelManifest } from '../inference/modelManifest';
import { PackCatalogue } from '../models/modelPackCatalogue';
import type { ModelUse, SourceMedia } from '../provenance/c2pa/renderManifest';
import { beginRenderProvenance } from '../provenance/renderProvenance';
import type { EncodeStageContributor } from '../render/encodeStage';
import type { LipSyncEngine } from './lipSyncParams';
import { WAV2LIP_MODEL_ID } from './wav2lipModel';

export const LIP_SYNC_OPERATION = {
  kind: 'lipSync',
  description: 'Mouth movements re-animated to follow new speech.',
} as const;

/** The face models both engines track the face with (engine/face/faceModels.ts). */
const FACE_MODEL_IDS = ['blazeface-back', 'facemesh'] as const;
const WAV2LIP_PACK_ID = 'lipsync-wav2lip';

async function embeddedModelUses(): Promise<ModelUse[]> {
  const directory = findEmbeddedManifestDirectory();
  const uses: ModelUse[] = [];
  for (const id of FACE_MODEL_IDS) {
    try {
      if (directory === undefined) throw new Error('no manifests');
      const manifest = await loadEmbeddedModelManifest(join(directory, `${id}.json`));
      uses.push({
        name: manifest.id,
        version: manifest.source.version,
        licence: `${manifest.licence.spdx} (${manifest.licence.url})${manifest.licence.commercialUse ? '' : ', non-commercial use only'}`,
        sha256: manifest.converted.sha256,
        purpose: manifest.name,
      });
    } catch {
      // Listed without a licence rather than left out (as renderModelLicences.ts does).
      uses.push({ name: id, licence: 'not stated (no manifest found for this model)' });
    }
  }
  return uses;
}

/** Wav2Lip's licence comes from its pack manifest: non-commercial, and it must travel with the file. */
async function wav2LipModelUse(sha256: string): Promise<ModelUse> {
  try {
    const file = (await PackCatalogue.load()).file(WAV2LIP_PACK_ID, WAV2LIP_MODEL_ID);
    const licence = file.licence;
    return {
      name: WAV2LIP_MODEL_ID,
      licence: `${licence.name} (${licence.url})${licence.commercialUse === 'no' ? ', non-commercial use only' : ''}`,
      sha256,
      purpose: 'lip sync generator',
    };
  } catch {
    return { name: WAV2LIP_MODEL_ID, licence: 'not stated (no manifest found for this model)', sha256 };
  }
}

export interface LipSyncProvenanceRequest {
  renderId: string;
  /** The user data folder: the signing key lives there. */
  dataDir: string;
  /** The render's own scratch folder (the caller deletes it). */
  workDir: string;
  outputPath: string;
  video: { width: number; height: number };
  audioSampleRate: number;
  engine: LipSyncEngine;
  wav2lipSha256?: string;
  sources: SourceMedia[];
  visibleLabel?: boolean;
}

export async function beginLipSyncProvenance(
  request: LipSyncProvenanceRequest,
): Promise<EncodeStageContributor> {
  const models = await embeddedModelUses();
  if (request.engine === 'wav2lip') models.push(await wav2LipModelUse(request.wav2lipSha256 ?? ''));
  const provenance = await beginRenderProvenance({
    renderId: request.renderId,
    identityIds: [],
    ledger: { assertConsentForRender: () => [] },
    dataDir: request.dataDir,
    workDir: request.workDir,
    outputPath: request.outputPath,
    video: request.video,
    // The render pipeline always mixes a stereo track.
    audio: { sampleRate: request.audioSampleRate, channels: 2 },
    application: { name: 'Doppel Studio', version: APP_VERSION },
    operations: [{ ...LIP_SYNC_OPERATION, modelNames: models.map((model) => model.name) }],
    models,
    sources: request.sources,
    visibleLabel: request.visibleLabel === true,
  });
  return async () => provenance.encodeExtension();
}
