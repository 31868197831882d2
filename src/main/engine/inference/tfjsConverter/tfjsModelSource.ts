// Reads a TF.js model's source files, whatever their packaging, and turns them into what the graph
// converter reads (a graph model.json text plus its weight shards):
// - packaging "files": model.json and binary shards next to it (the usual TF.js layout);
// - packaging "script-bundle": model.json and each shard wrapped in a browserify script, as nsfwjs
//   ships them (model.min.js, group1-shard1of2.min.js, ...); read as text, never executed;
// - format "tfjs-layers-model": a Keras layers model, translated to a graph first.
// Hashing the files is separate from decoding them, so a verified cache hit never pays for base64
// decoding or the translation.
import { readFile } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import { StudioError } from '../../../../shared/errors';
import { sha256OfBytes } from '../fileHashing';
import { KERAS_CONSTANTS_SHARD, translateKerasLayersModel } from './kerasLayersToGraph';
import { readExportedBase64, readExportedLiteral } from './scriptBundleLiterals';
import type { TfjsWeightGroup } from './tfjsGraphModelFormat';
import { parseTfjsGraphModelJson } from './tfjsGraphModelFormat';

export type TfjsModelFormat = 'tfjs-graph-model' | 'tfjs-layers-model';
export type TfjsModelPackaging = 'files' | 'script-bundle';

export interface TfjsModelSourceKind {
  format: TfjsModelFormat;
  packaging: TfjsModelPackaging;
}

export const plainGraphModelFiles: TfjsModelSourceKind = { format: 'tfjs-graph-model', packaging: 'files' };

export interface SourceFileHash {
  /** Relative to the folder of the model file. */
  path: string;
  sha256: string;
  bytes: number;
}

/** The model as TF.js itself loads it: the parsed model.json and all weights in manifest order. */
export interface TfjsModelArtifacts {
  modelJson: Record<string, unknown>;
  weightGroups: TfjsWeightGroup[];
  weightData: Uint8Array;
}

export interface TfjsModelSource {
  /** The model file first, then every shard file, with their sha256 (the conversion cache key). */
  files: SourceFileHash[];
  /** A graph model.json text and its shards by manifest path: the graph converter's input. */
  graphModel(): { jsonText: string; shards: ReadonlyMap<string, Uint8Array> };
  artifacts(): TfjsModelArtifacts;
}

function assertInsideFolder(modelId: string, shard: string): void {
  if (shard.includes('..') || shard.startsWith('/') || shard.includes('\\')) {
    throw new StudioError(
      'MODEL_CORRUPT',
      `Model "${modelId}": weight path "${shard}" leaves the model folder.`,
    );
  }
}

async function readOrExplain(modelId: string, path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    throw new StudioError('MODEL_CORRUPT', `Model "${modelId}": cannot read ${path} (${String(error)}).`, {
      cause: error,
    });
  }
}

function asRecord(modelId: string, value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new StudioError('MODEL_CORRUPT', `Model "${modelId}": ${path} does not hold a model.json object.`);
  }
  return value as Record<string, unknown>;
}

function weightGroupsOf(
  modelId: string,
  modelJson: Record<string, unknown>,
  path: string,
): TfjsWeightGroup[] {
  const groups = modelJson.weightsManifest;
  if (!Array.isArray(groups))
    throw new StudioError('MODEL_CORRUPT', `Model "${modelId}": ${path} has no weightsManifest.`);
  return groups as TfjsWeightGroup[];
}

/**
 * Reads and hashes the model file and its shard files. Shard files are named by the weights
 * manifest; in a script bundle each carries the model file's suffix (model.min.js ->
 * group1-shard1of1.min.js).
 */
export async function readTfjsModelSource(
  modelId: string,
  modelPath: string,
  kind: TfjsModelSourceKind,
): Promise<TfjsModelSource> {
  const folder = dirname(modelPath);
  const modelBytes = await readOrExplain(modelId, modelPath);
  const modelText = modelBytes.toString('utf8');
  let modelJson: Record<string, unknown>;
  if (kind.packaging === 'script-bundle') {
    modelJson = asRecord(
      modelId,
      readExportedLiteral(modelText, `Model "${modelId}": ${modelPath}`),
      modelPath,
    );
  } else if (kind.format === 'tfjs-graph-model') {
    // Validates the graph model up front, exactly as before script bundles existed.
    modelJson = parseTfjsGraphModelJson(modelId, modelText) as Record<string, unknown>;
  } else {
    try {
      modelJson = asRecord(modelId, JSON.parse(modelText), modelPath);
    } catch (error) {
      if (error instanceof StudioError) throw error;
      throw new StudioError(
        'MODEL_CORRUPT',
        `Model "${modelId}": ${modelPath} is not valid JSON (${String(error)}).`,
      );
    }
  }
  const weightGroups = weightGroupsOf(modelId, modelJson, modelPath);
  const shardSuffix = kind.packaging === 'script-bundle' ? basename(modelPath).replace(/^[^.]*/, '') : '';
  const shardFiles = new Map<string, { path: string; bytes: Buffer }>();
  for (const shard of weightGroups.flatMap((group) => group.paths)) {
    assertInsideFolder(modelId, shard);
    const path = join(folder, `${shard}${shardSuffix}`);
    shardFiles.set(shard, { path, bytes: await readOrExplain(modelId, path) });
  }
  const files: SourceFileHash[] = [
    { path: relative(folder, modelPath), sha256: sha256OfBytes(modelBytes), bytes: modelBytes.length },
    ...[...shardFiles.values()].map(({ path, bytes }) => ({
      path: relative(folder, path),
      sha256: sha256OfBytes(bytes),
      bytes: bytes.length,
    })),
  ];

  let decodedShards: Map<string, Uint8Array> | undefined;
  const shards = (): Map<string, Uint8Array> => {
    decodedShards ??= new Map(
      [...shardFiles].map(([shard, file]) => [
        shard,
        kind.packaging === 'script-bundle'
          ? readExportedBase64(file.bytes.toString('utf8'), `Model "${modelId}": ${file.path}`)
          : new Uint8Array(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength),
      ]),
    );
    return decodedShards;
  };

  return {
    files,
    graphModel: () => {
      if (kind.format === 'tfjs-graph-model') {
        return {
          jsonText: kind.packaging === 'files' ? modelText : JSON.stringify(modelJson),
          shards: shards(),
        };
      }
      const translated = translateKerasLayersModel(modelId, modelJson);
      const withConstants = new Map(shards());
      withConstants.set(KERAS_CONSTANTS_SHARD, translated.constantsShard);
      return { jsonText: JSON.stringify(translated.graphModel), shards: withConstants };
    },
    artifacts: () => {
      const decoded = shards();
      const ordered = weightGroups.flatMap((group) =>
        group.paths.map((shard) => decoded.get(shard) ?? new Uint8Array()),
      );
      return { modelJson, weightGroups, weightData: new Uint8Array(Buffer.concat(ordered)) };
    },
  };
}
