// Embedded (offline) models: TF.js graph models shipped in an npm package, converted to ONNX on
// first use and cached in the user data folder. Ties together the manifest (pinned hashes and
// signature), the conversion cache and the session pool.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { StudioError } from '../../../shared/errors';
import type { ExecutionProviderChoice } from './executionProviders';
import type { EmbeddedModelManifest } from './modelManifest';
import type { InferenceSessionPool, SessionLease } from './sessionPool';
import type { ConvertedModelFile } from './tfjsConverter/convertedModelCache';
import { ensureConvertedModel } from './tfjsConverter/convertedModelCache';
import { TFJS_CONVERTER_VERSION } from './tfjsConverter/convertTfjsGraphModel';

export interface EmbeddedModelLocation {
  packageRoot: string;
  installedVersion: string | undefined;
  modelJsonPath: string;
}

/**
 * The folder of an installed npm package, searched the way Node resolves it. Not
 * require.resolve('<package>/package.json'): packages with an "exports" map (nsfwjs) hide it.
 */
function findInstalledPackage(name: string): string | undefined {
  const folders = createRequire(import.meta.url).resolve.paths(name) ?? [];
  return folders
    .map((folder) => join(folder, name))
    .find((folder) => existsSync(join(folder, 'package.json')));
}

/** Finds the npm package that holds a model's source files (or uses the given package root). */
export function locateEmbeddedModelSource(
  manifest: EmbeddedModelManifest,
  packageRoot?: string,
): EmbeddedModelLocation {
  const root = packageRoot ?? findInstalledPackage(manifest.source.package);
  if (root === undefined) {
    throw new StudioError(
      'FILE_NOT_FOUND',
      `Model "${manifest.id}" needs the npm package ${manifest.source.package}, which is not installed.`,
    );
  }
  let installedVersion: string | undefined;
  try {
    const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version?: unknown };
    installedVersion = typeof packageJson.version === 'string' ? packageJson.version : undefined;
  } catch {
    installedVersion = undefined;
  }
  const modelJson = manifest.source.files[0]?.path ?? '';
  return { packageRoot: root, installedVersion, modelJsonPath: join(root, modelJson) };
}

/** The ONNX doc string of a converted embedded model (part of its pinned sha256). */
export function embeddedModelDescription(manifest: EmbeddedModelManifest): string {
  const source = manifest.source;
  return `${manifest.name}: converted from ${source.package}@${source.version} ${source.files[0]?.path ?? ''}`;
}

export interface PreparedEmbeddedModel extends ConvertedModelFile {
  manifest: EmbeddedModelManifest;
}

export interface PrepareEmbeddedModelOptions {
  /** The user data folder: DOPPEL_HOME or the platform app-data folder (tests: a temp dir). */
  dataDir: string;
  manifest: EmbeddedModelManifest;
  /** Where the source package lives; resolved with Node's module resolution when omitted. */
  packageRoot?: string;
}

/**
 * Verifies the source files against the manifest, converts (or reuses the verified cached
 * conversion) and checks the .onnx against the manifest's pinned sha256.
 */
export async function prepareEmbeddedModel(
  options: PrepareEmbeddedModelOptions,
): Promise<PreparedEmbeddedModel> {
  const { manifest } = options;
  const location = locateEmbeddedModelSource(manifest, options.packageRoot);
  const jsonFolder = dirname(location.modelJsonPath);
  const expectedSourceSha256 = Object.fromEntries(
    manifest.source.files.map((file) => [
      relative(jsonFolder, join(location.packageRoot, file.path)),
      file.sha256,
    ]),
  );
  const versionHint =
    location.installedVersion !== undefined && location.installedVersion !== manifest.source.version
      ? `The installed ${manifest.source.package} is ${location.installedVersion}; the manifest was written for ${manifest.source.version}.`
      : `The installed ${manifest.source.package} files differ from the ones the manifest was written for.`;
  const converted = await ensureConvertedModel({
    dataDir: options.dataDir,
    modelId: manifest.id,
    modelJsonPath: location.modelJsonPath,
    sourceKind: { format: manifest.source.format, packaging: manifest.source.packaging },
    description: embeddedModelDescription(manifest),
    expectedSourceSha256,
    sourceMismatchHint: versionHint,
  });
  if (converted.onnxSha256 !== manifest.converted.sha256) {
    throw new StudioError(
      'MODEL_HASH_MISMATCH',
      `Model "${manifest.id}": the converted model has sha256 ${converted.onnxSha256} (${converted.onnxBytes} bytes), but the manifest pins ` +
        `${manifest.converted.sha256} (converter ${TFJS_CONVERTER_VERSION}, manifest ${manifest.converted.converterVersion}).`,
    );
  }
  return { ...converted, manifest };
}

export interface AcquireEmbeddedModelOptions extends PrepareEmbeddedModelOptions {
  provider?: ExecutionProviderChoice;
}

/** Prepares the model and leases a session whose inputs/outputs were checked against the manifest. */
export async function acquireEmbeddedModelSession(
  pool: InferenceSessionPool,
  options: AcquireEmbeddedModelOptions,
): Promise<SessionLease> {
  const prepared = await prepareEmbeddedModel(options);
  return pool.acquire({
    modelId: options.manifest.id,
    modelPath: prepared.onnxPath,
    expectedSha256: options.manifest.converted.sha256,
    ...(options.provider === undefined ? {} : { provider: options.provider }),
    signature: { inputs: options.manifest.inputs, outputs: options.manifest.outputs },
  });
}
