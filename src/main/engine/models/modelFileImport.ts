// Imports a model file the user already has (a copy on disk, a file extracted from buffalo_l.zip,
// an RVC voice they trained): copies it into the pack folder while hashing it, opens the copy in a
// real session to check its signature, then renames it into place and lists it. A file that differs
// from the published sha256 is accepted — the user chose it and its signature fits — but listed as
// unverified with both hashes, never as verified.
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { StudioError } from '../../../shared/errors';
import type { InferenceSessionPool } from '../inference/sessionPool';
import { inspectModelFile } from './modelFileInspection';
import type { PackFile, PackManifest, UserFileKind } from './modelPackManifest';
import { acceptedSignatures } from './modelPackManifest';
import type { InstalledFileRecord, ModelStore } from './modelStore';
import { fileSystemError } from './modelStore';

export interface ImportRequest {
  store: ModelStore;
  pool: InferenceSessionPool;
  pack: PackManifest;
  /** A pack file, or a kind of user file (then `name` names this one). */
  target: { file: PackFile } | { userKind: UserFileKind; name: string };
  sourcePath: string;
  licenceAcceptedAt: string;
  signal?: AbortSignal;
}

/** "Ann's voice v2" -> "ann-s-voice-v2": a safe file name for a user file. */
export function userFileSlug(name: string): string {
  const slug = name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  if (slug === '')
    throw new StudioError(
      'INVALID_ARGUMENT',
      `"${name}" cannot be used as a model name: use letters or digits.`,
    );
  return slug;
}

async function copyWithHash(
  source: string,
  destination: string,
  signal: AbortSignal | undefined,
): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  const hashing = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      bytes += chunk.length;
      callback(null, chunk);
    },
  });
  await mkdir(dirname(destination), { recursive: true });
  try {
    await pipeline(
      createReadStream(source),
      hashing,
      createWriteStream(destination),
      signal ? { signal } : {},
    );
  } catch (error) {
    await rm(destination, { force: true });
    if (signal?.aborted)
      throw new StudioError('CANCELLED', `The import of ${basename(source)} was cancelled.`);
    throw fileSystemError(error, `Cannot copy ${source} into ${dirname(destination)}`);
  }
  return { sha256: hash.digest('hex'), bytes };
}

export async function importModelFile(request: ImportRequest): Promise<InstalledFileRecord> {
  const { store, pack, target } = request;
  const sourcePath = resolve(request.sourcePath);
  let size: number;
  try {
    const info = await stat(sourcePath);
    if (!info.isFile())
      throw new StudioError('INVALID_ARGUMENT', `${sourcePath} is a folder, not a model file.`);
    size = info.size;
  } catch (error) {
    throw fileSystemError(error, `Cannot import ${sourcePath}`);
  }
  if (size === 0) throw new StudioError('FILE_EMPTY', `${sourcePath} is empty: it is not a model.`);

  const isPackFile = 'file' in target;
  const fileId = isPackFile ? target.file.id : `${target.userKind.kind}/${userFileSlug(target.name)}`;
  const relativePath = isPackFile ? target.file.fileName : `user/${userFileSlug(target.name)}.onnx`;
  const role = isPackFile ? target.file.role : target.userKind.name;
  const finalPath = join(store.packFolder(pack.id), relativePath);
  const copyPath = `${finalPath}.import-${process.pid}-${Date.now()}.part`;
  const copied = await copyWithHash(sourcePath, copyPath, request.signal);
  let signature;
  try {
    signature = await inspectModelFile(request.pool, {
      path: copyPath,
      sha256: copied.sha256,
      label: `${basename(sourcePath)} (imported as ${fileId})`,
      role,
      candidates: acceptedSignatures(isPackFile ? target.file : target.userKind),
    });
    await rename(copyPath, finalPath);
  } catch (error) {
    await rm(copyPath, { force: true });
    throw fileSystemError(error, `Cannot import ${sourcePath}`);
  }
  const published = isPackFile ? target.file.sha256 : null;
  const record: InstalledFileRecord = {
    packId: pack.id,
    fileId,
    modelId: fileId,
    userKind: isPackFile ? null : target.userKind.kind,
    label: isPackFile ? target.file.name : target.name,
    relativePath,
    sha256: copied.sha256,
    bytes: copied.bytes,
    installedAt: new Date().toISOString(),
    origin: { kind: 'import', path: sourcePath },
    integrity: published !== null && published === copied.sha256 ? 'sha256-verified' : 'unverified',
    differsFromPublishedSha256: published !== null && published !== copied.sha256 ? published : null,
    signature,
    licenceAcceptedAt: request.licenceAcceptedAt,
  };
  await store.put(record);
  return record;
}
