// Converted models live in the user data folder, keyed by the sha256 of their source files
// (model.json + weight shards) and the converter version:
//   <dataDir>/models/converted/<modelId>-<source sha256, 16 hex>-c<converter version>.onnx
//   ...onnx.json   sidecar: source hashes and the sha256 of the .onnx
// A hit is only used after the .onnx hashes to the sidecar's value; anything else (missing,
// truncated, edited, unreadable sidecar) is rebuilt from the source.
import { endianness } from 'node:os';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { StudioError } from '../../../../shared/errors';
import { sha256OfBytes } from '../fileHashing';
import { convertTfjsGraphModel, TFJS_CONVERTER_VERSION } from './convertTfjsGraphModel';
import type { SourceFileHash, TfjsModelSourceKind } from './tfjsModelSource';
import { plainGraphModelFiles, readTfjsModelSource } from './tfjsModelSource';

export type { SourceFileHash } from './tfjsModelSource';

const sidecarSchema = z.object({
  modelId: z.string(),
  converterVersion: z.string(),
  sourceSha256: z.string(),
  sourceFiles: z.array(z.object({ path: z.string(), sha256: z.string(), bytes: z.number() })),
  onnxSha256: z.string(),
  onnxBytes: z.number(),
});

export interface ConvertedModelFile {
  modelId: string;
  onnxPath: string;
  onnxSha256: string;
  onnxBytes: number;
  sourceSha256: string;
  sourceFiles: SourceFileHash[];
  /** Whether this call converted the model (false: a verified cache hit). */
  rebuilt: boolean;
  /** Why the cache could not be used, when rebuilt. */
  rebuildReason: string | undefined;
}

export interface EnsureConvertedModelOptions {
  /** The user data folder (DOPPEL_HOME or the platform app-data folder; tests pass a temp dir). */
  dataDir: string;
  modelId: string;
  modelJsonPath: string;
  /** Graph or layers model, plain files or script bundles (default: a graph model.json + .bin files). */
  sourceKind?: TfjsModelSourceKind;
  /** Recorded in the ONNX doc string. */
  description?: string;
  /**
   * Pinned sha256 per source file (path relative to model.json's folder). A mismatch fails with
   * MODEL_HASH_MISMATCH before anything is converted.
   */
  expectedSourceSha256?: Readonly<Record<string, string>>;
  /** Appended to a source hash mismatch message (e.g. which package version was expected). */
  sourceMismatchHint?: string;
}

export function convertedModelsDirectory(dataDir: string): string {
  return join(dataDir, 'models', 'converted');
}

/** One digest over every source file, in manifest order, so any changed byte changes the key. */
function combinedSourceSha256(files: readonly SourceFileHash[]): string {
  return sha256OfBytes(Buffer.from(files.map((file) => `${file.path}\0${file.sha256}\n`).join(''), 'utf8'));
}

/** Writes next to the target and renames, so readers never see a half-written file. */
async function writeAtomically(path: string, bytes: Uint8Array | string): Promise<void> {
  const temporary = `${path}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(temporary, bytes);
  await rename(temporary, path);
}

async function verifiedCacheHit(
  onnxPath: string,
  sidecarPath: string,
  expected: { modelId: string; sourceSha256: string },
): Promise<{ hit: true; sha256: string; bytes: number } | { hit: false; reason: string }> {
  let sidecarText: string;
  try {
    sidecarText = await readFile(sidecarPath, 'utf8');
  } catch {
    return { hit: false, reason: 'no cached conversion' };
  }
  let sidecar: z.infer<typeof sidecarSchema>;
  try {
    sidecar = sidecarSchema.parse(JSON.parse(sidecarText));
  } catch {
    return { hit: false, reason: `the cache record ${sidecarPath} is unreadable` };
  }
  if (
    sidecar.modelId !== expected.modelId ||
    sidecar.sourceSha256 !== expected.sourceSha256 ||
    sidecar.converterVersion !== TFJS_CONVERTER_VERSION
  ) {
    return { hit: false, reason: 'the cache record belongs to other source files or converter version' };
  }
  let onnxBytes: Buffer;
  try {
    onnxBytes = await readFile(onnxPath);
  } catch {
    return { hit: false, reason: `the cached model ${onnxPath} is missing` };
  }
  const sha256 = sha256OfBytes(onnxBytes);
  if (sha256 !== sidecar.onnxSha256) {
    return {
      hit: false,
      reason: `the cached model ${onnxPath} is corrupt (sha256 ${sha256}, recorded ${sidecar.onnxSha256})`,
    };
  }
  return { hit: true, sha256, bytes: onnxBytes.length };
}

/** Earlier conversions of the same model (other source or converter version) are dead weight. */
async function removeStaleEntries(folder: string, modelId: string, keepPrefix: string): Promise<void> {
  const entries = await readdir(folder).catch(() => [] as string[]);
  // Exact pattern, so removing "faceres" entries never touches "faceres-deep" ones.
  const ownEntry = new RegExp(
    `^${modelId.replace(/[^a-z0-9]/gi, '\\$&')}-[0-9a-f]{16}-c[^.]+\\.onnx(\\.json)?$`,
  );
  const stale = entries.filter((name) => ownEntry.test(name) && !name.startsWith(keepPrefix));
  await Promise.all(stale.map((name) => rm(join(folder, name), { force: true })));
}

/**
 * Returns a verified converted .onnx for a TF.js graph model, converting (and caching) it when
 * there is no valid cache entry. Safe to call on every start: a hit costs one sha256 of each file.
 */
export async function ensureConvertedModel(
  options: EnsureConvertedModelOptions,
): Promise<ConvertedModelFile> {
  if (endianness() !== 'LE') {
    throw new StudioError(
      'INTERNAL',
      'The model converter writes little-endian tensors and needs a little-endian CPU.',
    );
  }
  const { modelId } = options;
  const source = await readTfjsModelSource(
    modelId,
    options.modelJsonPath,
    options.sourceKind ?? plainGraphModelFiles,
  );
  for (const file of source.files) {
    const expected = options.expectedSourceSha256?.[file.path];
    if (expected !== undefined && expected.toLowerCase() !== file.sha256) {
      const path = join(dirname(options.modelJsonPath), file.path);
      const hint = options.sourceMismatchHint === undefined ? '' : ` ${options.sourceMismatchHint}`;
      throw new StudioError(
        'MODEL_HASH_MISMATCH',
        `Model "${modelId}": source file ${path} has sha256 ${file.sha256}, expected ${expected}.${hint}`,
      );
    }
  }
  const sourceSha256 = combinedSourceSha256(source.files);
  const folder = convertedModelsDirectory(options.dataDir);
  const prefix = `${modelId}-${sourceSha256.slice(0, 16)}-c${TFJS_CONVERTER_VERSION}`;
  const onnxPath = join(folder, `${prefix}.onnx`);
  const sidecarPath = `${onnxPath}.json`;
  const base = { modelId, onnxPath, sourceSha256, sourceFiles: source.files };

  const cached = await verifiedCacheHit(onnxPath, sidecarPath, { modelId, sourceSha256 });
  if (cached.hit) {
    await removeStaleEntries(folder, modelId, prefix);
    return {
      ...base,
      onnxSha256: cached.sha256,
      onnxBytes: cached.bytes,
      rebuilt: false,
      rebuildReason: undefined,
    };
  }

  const graphModel = source.graphModel();
  const converted = convertTfjsGraphModel({
    modelId,
    modelJsonText: graphModel.jsonText,
    readWeightShard: (path) => {
      const bytes = graphModel.shards.get(path);
      if (bytes === undefined)
        throw new StudioError('MODEL_CORRUPT', `Model "${modelId}": weight file ${path} is missing.`);
      return bytes;
    },
    description: options.description,
    metadata: { sourceSha256 },
  });
  const onnxSha256 = sha256OfBytes(converted.bytes);
  await mkdir(folder, { recursive: true });
  await writeAtomically(onnxPath, converted.bytes);
  const sidecar: z.infer<typeof sidecarSchema> = {
    modelId,
    converterVersion: TFJS_CONVERTER_VERSION,
    sourceSha256,
    sourceFiles: source.files,
    onnxSha256,
    onnxBytes: converted.bytes.length,
  };
  await writeAtomically(sidecarPath, `${JSON.stringify(sidecar, null, 2)}\n`);
  await removeStaleEntries(folder, modelId, prefix);
  return {
    ...base,
    onnxSha256,
    onnxBytes: converted.bytes.length,
    rebuilt: true,
    rebuildReason: cached.reason,
  };
}
