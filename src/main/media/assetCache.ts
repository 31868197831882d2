// Layout of the per-asset cache (DESIGN.md §2): `<cacheDir>/<sha256>/…`, rebuildable at any time.
// Files are written under a temporary name and renamed into place, so a crash or a cancel never
// leaves a half-written sprite or peaks file that a later read would trust.
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { StudioError } from '../../shared/errors';
import { fileSystemError } from './fileErrors';

export const assetCacheFileNames = {
  filmstrip: 'filmstrip.jpg',
  filmstripInfo: 'filmstrip.json',
  poster: 'poster.jpg',
  peaks: 'peaks.f32',
  peaksInfo: 'peaks.json',
} as const;

const SHA256_PATTERN = /^[0-9a-f]{64}$/;

/** `<cacheDir>/<sha256>`; refuses anything but a hex digest so no caller can escape the cache. */
export function assetCacheDirectory(cacheDir: string, sha256: string): string {
  if (!SHA256_PATTERN.test(sha256)) {
    throw new StudioError('INVALID_ARGUMENT', `"${sha256}" is not a sha256 digest.`);
  }
  return path.join(cacheDir, sha256);
}

export function assetCachePath(
  cacheDir: string,
  sha256: string,
  file: keyof typeof assetCacheFileNames,
): string {
  return path.join(assetCacheDirectory(cacheDir, sha256), assetCacheFileNames[file]);
}

export async function ensureAssetCacheDirectory(cacheDir: string, sha256: string): Promise<string> {
  const directory = assetCacheDirectory(cacheDir, sha256);
  try {
    await mkdir(directory, { recursive: true });
  } catch (error) {
    throw fileSystemError(error, directory);
  }
  return directory;
}

/** A sibling name for writing `finalPath` before the rename; unique per process and call. */
export function temporaryPathFor(finalPath: string): string {
  return `${finalPath}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
}

/** Moves a finished temporary file into place (rename is atomic within a folder). */
export async function commitTemporaryFile(temporaryPath: string, finalPath: string): Promise<void> {
  try {
    await rename(temporaryPath, finalPath);
  } catch (error) {
    await discardTemporaryFile(temporaryPath);
    throw fileSystemError(error, finalPath);
  }
}

export async function discardTemporaryFile(temporaryPath: string): Promise<void> {
  await rm(temporaryPath, { force: true }).catch(() => undefined);
}

export async function writeFileAtomically(finalPath: string, data: string | Uint8Array): Promise<void> {
  const temporaryPath = temporaryPathFor(finalPath);
  try {
    await writeFile(temporaryPath, data);
  } catch (error) {
    await discardTemporaryFile(temporaryPath);
    throw fileSystemError(error, finalPath);
  }
  await commitTemporaryFile(temporaryPath, finalPath);
}
