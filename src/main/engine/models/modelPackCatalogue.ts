// The packs this studio knows: the manifests in models/packs (found beside the studio) plus, when
// DOPPEL_MODEL_PACKS_DIR names a folder, the manifests there (an organisation's own packs, or the
// tests' fixture packs). Ids must be unique across both, and so must model ids.
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { StudioError } from '../../../shared/errors';
import type { PackFile, PackManifest, UserFileKind } from './modelPackManifest';
import { parsePackManifest } from './modelPackManifest';

export const EXTRA_PACKS_DIRECTORY_VARIABLE = 'DOPPEL_MODEL_PACKS_DIR';

/** Finds models/packs by walking up from this module (source, tests, build) and the working directory. */
export function findBuiltInPacksDirectory(
  startDirectories: readonly string[] = [dirname(fileURLToPath(import.meta.url)), process.cwd()],
): string | undefined {
  for (const start of startDirectories) {
    let directory = resolve(start);
    for (;;) {
      const candidate = join(directory, 'models', 'packs');
      if (existsSync(candidate)) return candidate;
      const parent = dirname(directory);
      if (parent === directory) break;
      directory = parent;
    }
  }
  return undefined;
}

export async function loadPackManifest(path: string): Promise<PackManifest> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new StudioError(
      'MODEL_CORRUPT',
      `Model pack manifest ${path} cannot be read as JSON (${(error as Error).message}).`,
      { cause: error },
    );
  }
  const manifest = parsePackManifest(json, path);
  if (`${manifest.id}.json` !== basename(path)) {
    throw new StudioError(
      'MODEL_CORRUPT',
      `Model pack manifest ${path} declares id "${manifest.id}"; the file must be named ${manifest.id}.json.`,
    );
  }
  return manifest;
}

async function loadFolder(directory: string): Promise<PackManifest[]> {
  let names: string[];
  try {
    names = (await readdir(directory)).filter((name) => name.endsWith('.json')).sort();
  } catch (error) {
    throw new StudioError(
      'FILE_NOT_FOUND',
      `The model pack folder ${directory} cannot be read (${(error as Error).message}).`,
      { cause: error },
    );
  }
  return Promise.all(names.map((name) => loadPackManifest(join(directory, name))));
}

export interface PackCatalogueOptions {
  /** models/packs; found by walking up from this module when omitted. */
  builtInDirectory?: string;
  /** More manifests (default: $DOPPEL_MODEL_PACKS_DIR). */
  extraDirectory?: string;
}

/** The manifests, validated once, with lookups by pack, model id and user file kind. */
export class PackCatalogue {
  private constructor(readonly packs: readonly PackManifest[]) {}

  static async load(options: PackCatalogueOptions = {}): Promise<PackCatalogue> {
    const builtIn = options.builtInDirectory ?? findBuiltInPacksDirectory();
    if (builtIn === undefined) {
      throw new StudioError(
        'FILE_NOT_FOUND',
        'The model pack manifests (models/packs) were not found beside the studio.',
      );
    }
    const extra = options.extraDirectory ?? process.env[EXTRA_PACKS_DIRECTORY_VARIABLE];
    const packs = [...(await loadFolder(builtIn))];
    if (extra !== undefined && extra.trim() !== '') packs.push(...(await loadFolder(extra)));
    return PackCatalogue.fromManifests(packs);
  }

  static fromManifests(packs: readonly PackManifest[]): PackCatalogue {
    const packIds = new Set<string>();
    const modelIds = new Map<string, string>();
    for (const pack of packs) {
      if (packIds.has(pack.id))
        throw new StudioError('MODEL_CORRUPT', `Two model pack manifests declare the pack id "${pack.id}".`);
      packIds.add(pack.id);
      for (const id of [...pack.files.map((file) => file.id), ...pack.userFiles.map((kind) => kind.kind)]) {
        const other = modelIds.get(id);
        if (other !== undefined)
          throw new StudioError(
            'MODEL_CORRUPT',
            `Model id "${id}" is declared by both pack "${other}" and pack "${pack.id}".`,
          );
        modelIds.set(id, pack.id);
      }
    }
    return new PackCatalogue([...packs].sort((a, b) => a.id.localeCompare(b.id)));
  }

  pack(packId: string): PackManifest {
    const pack = this.packs.find((candidate) => candidate.id === packId);
    if (pack === undefined) {
      throw new StudioError(
        'NOT_FOUND',
        `There is no model pack "${packId}". Known packs: ${this.packs.map((known) => known.id).join(', ') || 'none'}.`,
      );
    }
    return pack;
  }

  file(packId: string, fileId: string): PackFile {
    const pack = this.pack(packId);
    const file = pack.files.find((candidate) => candidate.id === fileId);
    if (file === undefined) {
      throw new StudioError(
        'NOT_FOUND',
        `Model pack "${packId}" has no file "${fileId}". Its files: ${pack.files.map((known) => known.id).join(', ')}${
          pack.userFiles.length > 0
            ? `; files you import: ${pack.userFiles.map((kind) => kind.kind).join(', ')}`
            : ''
        }.`,
      );
    }
    return file;
  }

  userFileKind(packId: string, kind: string): UserFileKind | undefined {
    return this.pack(packId).userFiles.find((candidate) => candidate.kind === kind);
  }

  /** The pack and file of a model id, or undefined. */
  findModel(modelId: string): { pack: PackManifest; file: PackFile } | undefined {
    for (const pack of this.packs) {
      const file = pack.files.find((candidate) => candidate.id === modelId);
      if (file !== undefined) return { pack, file };
    }
    return undefined;
  }
}
