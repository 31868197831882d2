// Classifier results per asset, in the project cache beside the project file
// (`<name>.doppel-cache/<sha256>/content-safety.json`, DESIGN.md §2), so a render after a preview,
// or a second render, does not classify the same footage again. Only raw class probabilities are
// stored; scores, votes and the verdict are recomputed from them with the current policy on every
// read. An entry is only used when its file hash, classifier models, sampling rate and policy
// version all match; anything unreadable is ignored (and rewritten), never trusted.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { Microseconds } from '../../../shared/time';
import { assetCacheDirectory, ensureAssetCacheDirectory, writeFileAtomically } from '../../media/assetCache';
import type { PictureKind } from './pictureSamples';

export const VERDICT_CACHE_FILE_NAME = 'content-safety.json';

const cachedSampleSchema = z.object({
  timeUs: z.number().int().nonnegative().nullable(),
  /** Per classifier, in the set's order: probability by class label; null when it did not run. */
  probabilities: z.array(z.record(z.string(), z.number()).nullable()),
});

const cachedVerdictSchema = z.object({
  schemaVersion: z.literal(1),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  policyVersion: z.number().int(),
  classifierFingerprint: z.string(),
  samplesPerSecond: z.number().positive(),
  kind: z.enum(['image', 'video', 'none']),
  samples: z.array(cachedSampleSchema),
});

export type CachedSample = z.infer<typeof cachedSampleSchema>;
export type CachedVerdict = z.infer<typeof cachedVerdictSchema>;

export interface VerdictKey {
  sha256: string;
  policyVersion: number;
  classifierFingerprint: string;
  samplesPerSecond: number;
}

function matches(entry: CachedVerdict, key: VerdictKey): boolean {
  return (
    entry.sha256 === key.sha256 &&
    entry.policyVersion === key.policyVersion &&
    entry.classifierFingerprint === key.classifierFingerprint &&
    entry.samplesPerSecond === key.samplesPerSecond
  );
}

export async function readCachedVerdict(
  cacheDirectory: string,
  key: VerdictKey,
): Promise<CachedVerdict | undefined> {
  let text: string;
  try {
    text = await readFile(
      join(assetCacheDirectory(cacheDirectory, key.sha256), VERDICT_CACHE_FILE_NAME),
      'utf8',
    );
  } catch {
    return undefined;
  }
  try {
    const entry = cachedVerdictSchema.parse(JSON.parse(text));
    return matches(entry, key) ? entry : undefined;
  } catch {
    return undefined;
  }
}

export async function writeCachedVerdict(
  cacheDirectory: string,
  key: VerdictKey,
  kind: PictureKind,
  samples: readonly { timeUs: Microseconds | null; probabilities: (Record<string, number> | null)[] }[],
): Promise<void> {
  const entry: CachedVerdict = {
    schemaVersion: 1,
    ...key,
    kind,
    samples: samples.map((sample) => ({ ...sample })),
  };
  const folder = await ensureAssetCacheDirectory(cacheDirectory, key.sha256);
  await writeFileAtomically(join(folder, VERDICT_CACHE_FILE_NAME), `${JSON.stringify(entry)}\n`);
}
