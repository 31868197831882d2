// The face-analysis cache of a project: `<project>.doppel-cache/<asset sha256>/faces-v1.json`, one
// analysis per asset, reused only when it was made with the same settings and the same models
// (their sha256). Anything else (missing, unreadable, other settings or models, older format)
// reads as "not cached"; the cache can always be rebuilt. Written atomically.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { assetCacheDirectory, ensureAssetCacheDirectory, writeFileAtomically } from '../../media/assetCache';
import type { FaceAnalysis, FaceAnalysisSettings } from './faceAnalysisResult';
import { faceAnalysisSchema } from './faceAnalysisResult';

export const FACE_ANALYSIS_CACHE_FILE = 'faces-v1.json';

export function faceAnalysisCachePath(cacheDir: string, sha256: string): string {
  return join(assetCacheDirectory(cacheDir, sha256), FACE_ANALYSIS_CACHE_FILE);
}

export interface CacheKey {
  settings: FaceAnalysisSettings;
  /** FaceModels.identities() of the analyser that would redo the work. */
  models: readonly string[];
}

function sameKey(analysis: FaceAnalysis, key: CacheKey): boolean {
  const settings = analysis.settings;
  return (
    settings.every === key.settings.every &&
    settings.embeddingsPerFrame === key.settings.embeddingsPerFrame &&
    settings.maxVideoSide === key.settings.maxVideoSide &&
    analysis.models.length === key.models.length &&
    analysis.models.every((model, index) => model === key.models[index])
  );
}

/** Whatever analysis is cached for the asset (any settings), or undefined. */
export async function readCachedFaceAnalysis(
  cacheDir: string,
  sha256: string,
): Promise<FaceAnalysis | undefined> {
  let text: string;
  try {
    text = await readFile(faceAnalysisCachePath(cacheDir, sha256), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const parsed = faceAnalysisSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** The cached analysis when it matches `key` exactly, else undefined. */
export async function readMatchingFaceAnalysis(
  cacheDir: string,
  sha256: string,
  key: CacheKey,
): Promise<FaceAnalysis | undefined> {
  const cached = await readCachedFaceAnalysis(cacheDir, sha256);
  return cached !== undefined && sameKey(cached, key) ? cached : undefined;
}

export async function writeFaceAnalysis(
  cacheDir: string,
  sha256: string,
  analysis: FaceAnalysis,
): Promise<string> {
  await ensureAssetCacheDirectory(cacheDir, sha256);
  const path = faceAnalysisCachePath(cacheDir, sha256);
  await writeFileAtomically(path, JSON.stringify(analysis));
  return path;
}
