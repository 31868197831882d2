// Model manifests (models/embedded/*.json): where a model comes from, its licence, the sha256 of
// its source files and of the converted ONNX, and the exact input/output signature the rest of
// the engine relies on. Loaded and validated with zod; a session is checked against it on load.
import { readdir, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { StudioError } from '../../../shared/errors';

const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'a lower-case hex sha256');

export const tensorElementTypeSchema = z.enum(['float32', 'float16', 'int32', 'int64', 'uint8', 'bool']);

/** A dimension: a fixed size, -1 for "any", or a symbolic name such as "batch". */
const dimensionSchema = z.union([z.number().int().min(-1), z.string().min(1)]);

export const manifestTensorSchema = z
  .object({
    name: z.string().min(1),
    dtype: tensorElementTypeSchema,
    shape: z.array(dimensionSchema),
    /** Axis meaning, e.g. "NHWC" or "batch x anchors x (dx,dy,w,h,6 keypoints)". */
    layout: z.string().min(1),
    /** Expected value range of the data, where it has one. */
    range: z.tuple([z.number(), z.number()]).optional(),
    description: z.string().min(1),
  })
  .strict();

export const embeddedModelManifestSchema = z
  .object({
    schemaVersion: z.literal(1),
    id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'lower-case words joined by "-"'),
    name: z.string().min(1),
    task: z.enum([
      'face-detection',
      'face-landmarks',
      'iris-landmarks',
      'face-description',
      'content-classification',
    ]),
    tier: z.literal('embedded'),
    licence: z
      .object({
        spdx: z.string().min(1),
        url: z.url(),
        commercialUse: z.boolean(),
        attribution: z.string().min(1),
      })
      .strict(),
    origin: z
      .object({
        upstream: z.string().min(1),
        upstreamUrl: z.url(),
        convertedToTfjsBy: z.string().min(1),
        convertedToTfjsUrl: z.url(),
      })
      .strict(),
    source: z
      .object({
        format: z.enum(['tfjs-graph-model', 'tfjs-layers-model']),
        /** "script-bundle": model.json and shards wrapped in browserify scripts (nsfwjs); read, never run. */
        packaging: z.enum(['files', 'script-bundle']).default('files'),
        package: z.string().min(1),
        version: z.string().min(1),
        /** The model file first, then its weight shards, relative to the package root. */
        files: z
          .array(
            z
              .object({ path: z.string().min(1), sha256: sha256Schema, bytes: z.number().int().positive() })
              .strict(),
          )
          .min(2),
      })
      .strict(),
    converted: z
      .object({
        format: z.literal('onnx'),
        opset: z.literal(13),
        converterVersion: z.string().min(1),
        sha256: sha256Schema,
        bytes: z.number().int().positive(),
      })
      .strict(),
    inputs: z.array(manifestTensorSchema).min(1),
    outputs: z.array(manifestTensorSchema).min(1),
    /** For classifiers: the class of each entry of the (first) output, in order. */
    classLabels: z.array(z.string().min(1)).min(2).optional(),
    preprocessing: z.string().min(1),
    postprocessing: z.string().min(1),
  })
  .strict();

export type ManifestTensor = z.infer<typeof manifestTensorSchema>;
export type EmbeddedModelManifest = z.infer<typeof embeddedModelManifestSchema>;

export function parseEmbeddedModelManifest(json: unknown, where: string): EmbeddedModelManifest {
  const parsed = embeddedModelManifestSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .slice(0, 3)
      .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
      .join('; ');
    throw new StudioError('MODEL_CORRUPT', `Model manifest ${where} is invalid: ${problems}.`);
  }
  return parsed.data;
}

export async function loadEmbeddedModelManifest(path: string): Promise<EmbeddedModelManifest> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new StudioError(
      'MODEL_CORRUPT',
      `Model manifest ${path} cannot be read as JSON (${String(error)}).`,
      {
        cause: error,
      },
    );
  }
  const manifest = parseEmbeddedModelManifest(json, path);
  if (`${manifest.id}.json` !== basename(path)) {
    throw new StudioError(
      'MODEL_CORRUPT',
      `Model manifest ${path} declares id "${manifest.id}"; the file name must match.`,
    );
  }
  return manifest;
}

/** Every *.json manifest in a folder, sorted by id. */
export async function loadEmbeddedModelManifests(directory: string): Promise<EmbeddedModelManifest[]> {
  const names = (await readdir(directory)).filter((name) => name.endsWith('.json')).sort();
  const manifests = await Promise.all(names.map((name) => loadEmbeddedModelManifest(join(directory, name))));
  return manifests.sort((a, b) => a.id.localeCompare(b.id));
}

/**
 * Finds models/embedded by walking up from this module (source tree, tests, bench) and then from
 * the working directory. Packaged builds should pass their resources folder explicitly instead.
 */
export function findEmbeddedManifestDirectory(
  startDirectories: readonly string[] = [dirname(fileURLToPath(import.meta.url)), process.cwd()],
): string | undefined {
  for (const start of startDirectories) {
    let directory = resolve(start);
    for (;;) {
      const candidate = join(directory, 'models', 'embedded');
      if (existsSync(candidate)) return candidate;
      const parent = dirname(directory);
      if (parent === directory) break;
      directory = parent;
    }
  }
  return undefined;
}
