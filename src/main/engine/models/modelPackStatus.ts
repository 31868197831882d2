// What the Models panel and `doppel models list` show about each pack: files, sizes, licences,
// integrity, and what is installed (from the index) or half-downloaded (a `.part` on disk).
import { stat } from 'node:fs/promises';
import type {
  InstalledModelFile,
  ModelLicence,
  ModelPack,
  ModelPackFile,
} from '../../../shared/contracts/modelsContract';
import type { PackLicence, PackManifest } from './modelPackManifest';
import { packIsNonCommercial } from './modelPackManifest';
import type { InstalledFileRecord, ModelStore } from './modelStore';

export function licenceSummary(licence: PackLicence): ModelLicence {
  return { ...licence, note: licence.note ?? null };
}

export function installedFileSummary(store: ModelStore, record: InstalledFileRecord): InstalledModelFile {
  return {
    fileId: record.fileId,
    modelId: record.modelId,
    label: record.label,
    path: store.pathOf(record),
    sha256: record.sha256,
    bytes: record.bytes,
    installedAt: record.installedAt,
    origin: record.origin.kind,
    originDetail: record.origin.kind === 'download' ? record.origin.url : record.origin.path,
    integrity: record.integrity,
    differsFromPublishedSha256: record.differsFromPublishedSha256,
    signatureLabel: record.signature.label,
    inputs: record.signature.inputs,
    outputs: record.signature.outputs,
  };
}

async function partialBytes(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
}

function mostRestrictive(values: readonly ('yes' | 'no' | 'unknown')[]): 'yes' | 'no' | 'unknown' {
  if (values.includes('no')) return 'no';
  if (values.includes('unknown')) return 'unknown';
  return 'yes';
}

export async function describePack(
  pack: PackManifest,
  store: ModelStore,
  records: readonly InstalledFileRecord[],
  installing: boolean,
): Promise<ModelPack> {
  const ofPack = records.filter((record) => record.packId === pack.id);
  const files: ModelPackFile[] = [];
  for (const file of pack.files) {
    const record = ofPack.find((candidate) => candidate.fileId === file.id && candidate.userKind === null);
    files.push({
      id: file.id,
      name: file.name,
      fileName: file.fileName,
      role: file.role,
      optional: file.optional,
      bytes: file.bytes,
      approximateBytes: file.approximateBytes ?? null,
      publishedSha256: file.sha256,
      integrityKind: file.integrity.kind,
      integrityNote: file.integrity.note,
      sources: file.sources.map((source) => ({ url: source.url, provider: source.provider })),
      licence: licenceSummary(file.licence),
      notes: file.notes ?? null,
      installed: record === undefined ? null : installedFileSummary(store, record),
      partialBytes:
        record === undefined ? await partialBytes(store.partialPathOf(pack.id, file.fileName)) : 0,
    });
  }
  const required = files.filter((file) => !file.optional);
  const sizeOf = (file: ModelPackFile) => file.bytes ?? file.approximateBytes ?? 0;
  const anyInstalled = files.some((file) => file.installed !== null || file.partialBytes > 0);
  const status = installing
    ? 'installing'
    : required.every((file) => file.installed !== null)
      ? 'installed'
      : anyInstalled
        ? 'partial'
        : 'not-installed';
  return {
    id: pack.id,
    name: pack.name,
    task: pack.task,
    description: pack.description,
    usedBy: pack.usedBy,
    nonCommercial: packIsNonCommercial(pack),
    commercialUse: mostRestrictive(
      pack.files.filter((file) => !file.optional).map((file) => file.licence.commercialUse),
    ),
    status,
    requiredBytes: required.reduce((sum, file) => sum + sizeOf(file), 0),
    optionalBytes: files.filter((file) => file.optional).reduce((sum, file) => sum + sizeOf(file), 0),
    sizeIsApproximate: files.some((file) => file.bytes === null),
    files,
    userFileKinds: pack.userFiles.map((kind) => ({
      kind: kind.kind,
      name: kind.name,
      description: kind.description,
      licence: licenceSummary(kind.licence),
      installed: ofPack
        .filter((record) => record.userKind === kind.kind)
        .map((record) => installedFileSummary(store, record)),
    })),
  };
}
