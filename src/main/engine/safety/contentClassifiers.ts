// The classifiers the safety gate runs: sessions from the shared pool, each with its input size,
// tensor names and class labels, able to classify a batch of pictures. Production always opens
// the three NSFWJS models named in safetyPolicy.ts from their pinned manifests
// (openEmbeddedContentClassifiers); tests build a set from the project's own fixture model with
// openContentClassifierSet. Neither choice is reachable from the UI, the contract or the CLI.
import { join } from 'node:path';
import type { Disposable } from '../../../shared/disposable';
import { StudioError } from '../../../shared/errors';
import { acquireEmbeddedModelSession } from '../inference/embeddedModels';
import type { ManifestTensor } from '../inference/modelManifest';
import { findEmbeddedManifestDirectory, loadEmbeddedModelManifest } from '../inference/modelManifest';
import type { InferenceSessionPool, SessionLease } from '../inference/sessionPool';
import type { RgbPicture } from './classifierInput';
import { writeClassifierInput } from './classifierInput';
import type { ModelOpinion } from './contentVote';
import { modelOpinion } from './contentVote';
import { CONTENT_CLASSIFIER_MODEL_IDS } from './safetyPolicy';

/** What the gate needs to know about one classifier. */
export interface ContentClassifierSpec {
  modelId: string;
  /** sha256 of the .onnx the session runs (part of cached verdicts' keys). */
  sha256: string;
  /** Square input side (224, 299). */
  inputSize: number;
  inputName: string;
  outputName: string;
  classLabels: readonly string[];
}

export interface ContentClassifier extends ContentClassifierSpec {
  /** Classifies up to any number of pictures in one run; returns one opinion per picture. */
  classify(pictures: readonly RgbPicture[]): Promise<ModelOpinion[]>;
}

export interface ContentClassifierSet extends Disposable {
  readonly classifiers: readonly ContentClassifier[];
  /** Identifies the exact models (ids and sha256), so verdicts of other models are not reused. */
  readonly fingerprint: string;
}

function classifierOf(spec: ContentClassifierSpec, lease: SessionLease): ContentClassifier {
  const pictureFloats = spec.inputSize * spec.inputSize * 3;
  return {
    ...spec,
    async classify(pictures) {
      if (pictures.length === 0) return [];
      const batch = new Float32Array(pictures.length * pictureFloats);
      pictures.forEach((picture, index) =>
        writeClassifierInput(picture, spec.inputSize, batch, index * pictureFloats),
      );
      const outputs = await lease.run({
        [spec.inputName]: { data: batch, dims: [pictures.length, spec.inputSize, spec.inputSize, 3] },
      });
      const scores = outputs[spec.outputName]?.data;
      const classes = spec.classLabels.length;
      if (!(scores instanceof Float32Array) || scores.length !== pictures.length * classes) {
        throw new StudioError(
          'MODEL_SIGNATURE_MISMATCH',
          `Model "${spec.modelId}" did not return ${classes} class scores per picture.`,
        );
      }
      return pictures.map((_, index) =>
        modelOpinion(spec.modelId, spec.classLabels, scores.subarray(index * classes, (index + 1) * classes)),
      );
    },
  };
}

/** Wraps leased sessions (one per spec, same order) into a classifier set that releases them. */
export function openContentClassifierSet(
  specs: readonly ContentClassifierSpec[],
  leases: readonly SessionLease[],
): ContentClassifierSet {
  if (specs.length !== leases.length || specs.length === 0) {
    throw new StudioError(
      'INTERNAL',
      `A content classifier set needs one session per model (${specs.length} models, ${leases.length} sessions).`,
    );
  }
  const classifiers = specs.map((spec, index) => classifierOf(spec, leases[index] as SessionLease));
  return {
    classifiers,
    fingerprint: specs.map((spec) => `${spec.modelId}@${spec.sha256}`).join(','),
    dispose: () => leases.forEach((lease) => lease.release()),
  };
}

function specFromManifest(
  manifest: Awaited<ReturnType<typeof loadEmbeddedModelManifest>>,
): ContentClassifierSpec {
  const input: ManifestTensor | undefined = manifest.inputs[0];
  const output: ManifestTensor | undefined = manifest.outputs[0];
  const size = input?.shape[1];
  if (
    manifest.task !== 'content-classification' ||
    input === undefined ||
    output === undefined ||
    typeof size !== 'number' ||
    manifest.classLabels === undefined
  ) {
    throw new StudioError(
      'MODEL_CORRUPT',
      `Model manifest "${manifest.id}" does not describe a content classifier (task, input size or class labels missing).`,
    );
  }
  return {
    modelId: manifest.id,
    sha256: manifest.converted.sha256,
    inputSize: size,
    inputName: input.name,
    outputName: output.name,
    classLabels: manifest.classLabels,
  };
}

export interface OpenEmbeddedClassifiersOptions {
  /** User data folder (DOPPEL_HOME / app data): where converted models are cached. */
  dataDir: string;
  pool: InferenceSessionPool;
  /** models/embedded; found next to the source tree when omitted. */
  manifestDirectory?: string;
}

/**
 * Opens the three NSFWJS classifiers (converting them on first use, verified against their
 * pinned sha256). Always these three: the set is not configurable.
 */
export async function openEmbeddedContentClassifiers(
  options: OpenEmbeddedClassifiersOptions,
): Promise<ContentClassifierSet> {
  const directory = options.manifestDirectory ?? findEmbeddedManifestDirectory();
  if (directory === undefined) {
    throw new StudioError(
      'MODEL_NOT_INSTALLED',
      'The content safety classifiers cannot be found: the models/embedded folder is missing.',
    );
  }
  const specs: ContentClassifierSpec[] = [];
  const leases: SessionLease[] = [];
  try {
    // One at a time: converting InceptionV3 holds its float weights in memory once.
    for (const id of CONTENT_CLASSIFIER_MODEL_IDS) {
      const manifest = await loadEmbeddedModelManifest(join(directory, `${id}.json`));
      specs.push(specFromManifest(manifest));
      leases.push(await acquireEmbeddedModelSession(options.pool, { dataDir: options.dataDir, manifest }));
    }
  } catch (error) {
    leases.forEach((lease) => lease.release());
    throw error;
  }
  return openContentClassifierSet(specs, leases);
}
