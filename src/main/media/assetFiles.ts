// Checks on the files behind assets: which ones are gone (a project opened after its media moved
// flags them as missing) and whether a file offered for relinking has the original content.
import { stat } from 'node:fs/promises';
import type { Asset } from '../../shared/model/schemas';
import { errnoCode, statMediaFile } from './fileErrors';
import { hashFile } from './hashFile';

/** stat() calls in flight at once: enough to hide disk latency, few enough for network drives. */
const CHECK_CONCURRENCY = 16;

export interface MissingAssetFile {
  assetId: string;
  path: string;
}

async function isMissing(filePath: string): Promise<boolean> {
  try {
    return !(await stat(filePath)).isFile();
  } catch (error) {
    const code = errnoCode(error);
    // Only "not there" counts; a permission problem is a different message, shown when the file is used.
    return code === 'ENOENT' || code === 'ENOTDIR';
  }
}

/** The assets whose files no longer exist (or are now folders), in input order. */
export async function checkAssetFiles(
  assets: ReadonlyArray<Pick<Asset, 'id' | 'path'>>,
): Promise<MissingAssetFile[]> {
  const missing = new Array<boolean>(assets.length).fill(false);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < assets.length) {
      const index = next++;
      const asset = assets[index];
      if (asset) missing[index] = await isMissing(asset.path);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CHECK_CONCURRENCY, assets.length) }, worker));
  return assets.flatMap((asset, index) => (missing[index] ? [{ assetId: asset.id, path: asset.path }] : []));
}

export interface RelinkCheck {
  /** The new file has exactly the bytes the asset was imported from. */
  sameContent: boolean;
  sha256: string;
  sizeBytes: number;
}

/**
 * Hashes a file the user picked to replace a missing asset's file. Throws FILE_NOT_FOUND, FILE_EMPTY
 * or PERMISSION_DENIED naming the new path.
 */
export async function verifyRelinkCandidate(
  asset: Pick<Asset, 'sha256'>,
  newPath: string,
  options: { signal?: AbortSignal } = {},
): Promise<RelinkCheck> {
  const sizeBytes = await statMediaFile(newPath);
  const sha256 = await hashFile(newPath, { signal: options.signal });
  return { sameContent: sha256 === asset.sha256, sha256, sizeBytes };
}
