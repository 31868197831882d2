// The models a render ran, with their licences, for its C2PA manifest (DESIGN.md §3: inswapper and
// Wav2Lip are non-commercial, and that must travel with every render made with them). A model pack
// store answers for installed packs; the embedded manifests (models/embedded) answer for the
// embedded models. A model neither knows is still listed, with its licence "not stated", rather
// than left out.
import { join } from 'node:path';
import type { ModelUse } from '../engine/provenance/c2pa/renderManifest';
import { findEmbeddedManifestDirectory, loadEmbeddedModelManifest } from '../engine/inference/modelManifest';

/** Answered by the model pack store: name, version, licence and sha256 of an installed pack. */
export type DescribeModel = (modelId: string) => Promise<ModelUse | undefined>;

export const LICENCE_NOT_STATED = 'not stated (no manifest found for this model)';

async function embeddedModelUse(
  modelId: string,
  manifestDirectory: string | undefined,
): Promise<ModelUse | undefined> {
  if (manifestDirectory === undefined || !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(modelId)) return undefined;
  try {
    const manifest = await loadEmbeddedModelManifest(join(manifestDirectory, `${modelId}.json`));
    return {
      name: manifest.id,
      version: manifest.source.version,
      licence: `${manifest.licence.spdx} (${manifest.licence.url})${manifest.licence.commercialUse ? '' : ', non-commercial use only'}`,
      sha256: manifest.converted.sha256,
      purpose: manifest.name,
    };
  } catch {
    return undefined;
  }
}

export async function renderModelUses(
  modelIds: readonly string[],
  describeModel: DescribeModel | undefined,
  manifestDirectory: string | undefined = findEmbeddedManifestDirectory(),
): Promise<ModelUse[]> {
  const uses: ModelUse[] = [];
  for (const modelId of modelIds) {
    const described =
      (await describeModel?.(modelId)) ?? (await embeddedModelUse(modelId, manifestDirectory));
    uses.push(described ?? { name: modelId, licence: LICENCE_NOT_STATED });
  }
  return uses;
}
