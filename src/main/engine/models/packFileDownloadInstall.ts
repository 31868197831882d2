// Installs one pack file from the network: for each source in turn, download into `.part`
// (resuming), check the size and the published sha256 (or FaceFusion's CRC32 sidecar), open it in a
// real session to check its signature, then rename it into place and list it in the index. Any
// failed check deletes the `.part` (it is not the model), names the file, the URL and both values,
// and moves on to the next source; interrupted or cancelled transfers keep it for resuming.
import { rename, rm } from 'node:fs/promises';
import { StudioError } from '../../../shared/errors';
import type { InferenceSessionPool } from '../inference/sessionPool';
import type { DownloadSource } from './modelDownloadSources';
import { parseCrc32Sidecar } from './modelDownloadSources';
import { inspectModelFile } from './modelFileInspection';
import type { PackFile, PackManifest } from './modelPackManifest';
import { acceptedSignatures } from './modelPackManifest';
import type { InstalledFileRecord, ModelStore } from './modelStore';
import { fileSystemError } from './modelStore';
import { httpGetSmallText, TransientTransferError } from './httpRequest';
import { downloadToPartialFile, type DownloadResult } from './resumableDownload';

export type InstallPhase = 'downloading' | 'verifying' | 'installed' | 'failed' | 'cancelled';

export interface FileInstallProgress {
  phase: InstallPhase;
  receivedBytes: number;
  totalBytes: number | null;
  /** Who serves the current attempt. */
  provider: string;
}

export interface DownloadTuning {
  idleTimeoutMs?: number;
  retries?: number;
  retryDelayMs?: number;
}

export interface FileDownloadInstallRequest {
  store: ModelStore;
  pool: InferenceSessionPool;
  pack: PackManifest;
  file: PackFile;
  sources: readonly DownloadSource[];
  signal: AbortSignal;
  licenceAcceptedAt: string;
  tuning: DownloadTuning;
  onProgress: (progress: FileInstallProgress) => void;
}

async function fetchCrc32(
  source: DownloadSource,
  request: FileDownloadInstallRequest,
): Promise<string | undefined> {
  if (source.crc32Url === undefined) return undefined;
  try {
    const text = await httpGetSmallText(source.crc32Url, {
      label: `${request.file.fileName} (hash file)`,
      signal: request.signal,
      ...(request.tuning.idleTimeoutMs === undefined ? {} : { idleTimeoutMs: request.tuning.idleTimeoutMs }),
    });
    return text === undefined ? undefined : parseCrc32Sidecar(text, source.crc32Url);
  } catch (error) {
    if (error instanceof StudioError && error.code === 'CANCELLED') throw error;
    if (error instanceof StudioError && error.code === 'MODEL_CORRUPT') throw error;
    if (error instanceof StudioError || error instanceof TransientTransferError) return undefined;
    throw error;
  }
}

/** Throws MODEL_HASH_MISMATCH (after deleting the .part) when the download is not the published file. */
async function verifyDownload(
  request: FileDownloadInstallRequest,
  source: DownloadSource,
  partialPath: string,
  downloaded: DownloadResult,
  crc32: string | undefined,
): Promise<InstalledFileRecord['integrity']> {
  const { file } = request;
  const where = `${file.fileName} (${file.id}) from ${downloaded.finalUrl}`;
  let problem: string | undefined;
  if (file.bytes !== null && downloaded.bytes !== file.bytes) {
    problem = `is ${downloaded.bytes} bytes, expected ${file.bytes}`;
  }
  if (file.sha256 !== null && downloaded.sha256 !== file.sha256) {
    problem = `${problem ? `${problem}, and ` : ''}has sha256 ${downloaded.sha256}, expected ${file.sha256}`;
  }
  if (problem === undefined && crc32 !== undefined && downloaded.crc32 !== crc32) {
    problem = `has CRC32 ${downloaded.crc32}, but ${source.crc32Url} says ${crc32}`;
  }
  if (problem !== undefined) {
    await rm(partialPath, { force: true });
    throw new StudioError(
      'MODEL_HASH_MISMATCH',
      `${where} ${problem}: it is damaged or not the expected model, so it was deleted.`,
    );
  }
  if (file.sha256 !== null) return 'sha256-verified';
  return crc32 !== undefined ? 'crc32-verified' : 'unverified';
}

async function installFromSource(
  request: FileDownloadInstallRequest,
  source: DownloadSource,
): Promise<InstalledFileRecord> {
  const { store, pack, file, signal } = request;
  const partialPath = store.partialPathOf(pack.id, file.fileName);
  let received = 0;
  let total: number | null = file.bytes;
  request.onProgress({
    phase: 'downloading',
    receivedBytes: 0,
    totalBytes: total,
    provider: source.provider,
  });
  const crc32 = await fetchCrc32(source, request);
  const downloaded = await downloadToPartialFile({
    url: source.url,
    partialPath,
    label: file.fileName,
    signal,
    ...request.tuning,
    onProgress: (progress) => {
      received = progress.receivedBytes;
      total = progress.totalBytes ?? total;
      request.onProgress({
        phase: 'downloading',
        receivedBytes: received,
        totalBytes: total,
        provider: source.provider,
      });
    },
  });
  request.onProgress({
    phase: 'verifying',
    receivedBytes: downloaded.bytes,
    totalBytes: downloaded.bytes,
    provider: source.provider,
  });
  const integrity = await verifyDownload(request, source, partialPath, downloaded, crc32);
  let signature;
  try {
    signature = await inspectModelFile(request.pool, {
      path: partialPath,
      sha256: downloaded.sha256,
      label: `${file.fileName} (${file.id}) from ${downloaded.finalUrl}`,
      role: file.role,
      candidates: acceptedSignatures(file),
    });
  } catch (error) {
    // It downloaded completely and hashed as announced, yet it is no such model: keeping it for
    // "resume" would only fail the same way.
    await rm(partialPath, { force: true });
    throw error;
  }
  if (signal.aborted) throw new StudioError('CANCELLED', `The download of ${file.fileName} was cancelled.`);
  const record: InstalledFileRecord = {
    packId: pack.id,
    fileId: file.id,
    modelId: file.id,
    userKind: null,
    label: file.name,
    relativePath: file.fileName,
    sha256: downloaded.sha256,
    bytes: downloaded.bytes,
    installedAt: new Date().toISOString(),
    origin: { kind: 'download', url: downloaded.finalUrl, provider: source.provider },
    integrity,
    differsFromPublishedSha256: null,
    signature,
    licenceAcceptedAt: request.licenceAcceptedAt,
  };
  try {
    await rename(partialPath, store.pathOf(record));
  } catch (error) {
    throw fileSystemError(error, `Cannot move ${file.fileName} into ${store.packFolder(pack.id)}`);
  }
  await store.put(record);
  return record;
}

/** Tries every source in order; the error of the first source is the one reported, with the rest noted. */
export async function installPackFileByDownload(
  request: FileDownloadInstallRequest,
): Promise<InstalledFileRecord> {
  const failures: { provider: string; error: unknown }[] = [];
  for (const source of request.sources) {
    try {
      const record = await installFromSource(request, source);
      request.onProgress({
        phase: 'installed',
        receivedBytes: record.bytes,
        totalBytes: record.bytes,
        provider: source.provider,
      });
      return record;
    } catch (error) {
      if (error instanceof StudioError && error.code === 'CANCELLED') {
        request.onProgress({
          phase: 'cancelled',
          receivedBytes: 0,
          totalBytes: null,
          provider: source.provider,
        });
        throw error;
      }
      failures.push({ provider: source.provider, error });
    }
  }
  const [first, ...others] = failures;
  const firstError = first?.error;
  const code = firstError instanceof StudioError ? firstError.code : 'INTERNAL';
  const message = firstError instanceof Error ? firstError.message : String(firstError);
  const also = others.map(
    (other) =>
      `${other.provider}: ${other.error instanceof Error ? other.error.message : String(other.error)}`,
  );
  request.onProgress({
    phase: 'failed',
    receivedBytes: 0,
    totalBytes: null,
    provider: first?.provider ?? '',
  });
  throw new StudioError(
    code,
    also.length === 0 ? message : `${message} Other sources failed too: ${also.join(' | ')}`,
    {
      cause: firstError,
    },
  );
}
