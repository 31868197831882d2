// Test only: a fixture content classifier that the project generates itself and that flags every
// picture, so the refusal path can be exercised end to end without any sexual material anywhere.
// Each fixture model has exactly the input/output signature of one real classifier (checked
// against that classifier's manifest when the session is created) and always answers
// "Porn = 1, everything else = 0": it really reads its input (a mean over the picture, times
// zero), so onnxruntime runs it like any model and a wrong input shape still fails.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sha256OfBytes } from '../../inference/fileHashing';
import { findEmbeddedManifestDirectory, loadEmbeddedModelManifest } from '../../inference/modelManifest';
import type { InferenceSessionPool, SessionLease } from '../../inference/sessionPool';
import {
  encodeOnnxModel,
  float32Tensor,
  int64Tensor,
  intAttribute,
  intsAttribute,
  nodeProto,
  valueInfo,
} from '../../inference/tfjsConverter/onnxModelWriter';
import type { ContentClassifierSet, ContentClassifierSpec } from '../contentClassifiers';
import { openContentClassifierSet } from '../contentClassifiers';
import { CONTENT_CLASSIFIER_MODEL_IDS } from '../safetyPolicy';

export const FLAGGED_CLASS = 'Porn';

/** A model with the given classifier's signature whose output is one-hot on FLAGGED_CLASS. */
export function encodeFlagEverythingModel(
  spec: Omit<ContentClassifierSpec, 'sha256' | 'modelId'>,
): Uint8Array {
  const oneHot = Float32Array.from(spec.classLabels, (label) => (label === FLAGGED_CLASS ? 1 : 0));
  if (!oneHot.includes(1)) throw new Error(`the classifier has no "${FLAGGED_CLASS}" class`);
  return encodeOnnxModel({
    graphName: 'flag_everything_fixture',
    nodes: [
      nodeProto(
        'ReduceMean',
        'mean',
        [spec.inputName],
        ['mean'],
        [intsAttribute('axes', [1, 2, 3]), intAttribute('keepdims', 0)],
      ),
      nodeProto('Unsqueeze', 'column', ['mean', 'column_axes'], ['column']),
      nodeProto('Mul', 'nothing', ['column', 'zero'], ['nothing']),
      nodeProto('Add', 'flagged', ['nothing', 'one_hot'], [spec.outputName]),
    ],
    initializers: [
      int64Tensor('column_axes', [1], [1]),
      float32Tensor('zero', [], Float32Array.of(0)),
      float32Tensor('one_hot', [1, oneHot.length], oneHot),
    ],
    inputs: [valueInfo(spec.inputName, 'float32', ['batch', spec.inputSize, spec.inputSize, 3])],
    outputs: [valueInfo(spec.outputName, 'float32', ['batch', oneHot.length])],
    docString: 'Doppel Studio test fixture: a content classifier that flags every picture.',
    producerVersion: '1',
    metadata: { fixture: 'flag-everything' },
  });
}

/**
 * Writes one fixture model per real classifier into `folder` and opens them as a classifier set
 * (same order, same signatures as the production set).
 */
export async function openFlagEverythingClassifiers(
  pool: InferenceSessionPool,
  folder: string,
): Promise<ContentClassifierSet> {
  const manifestDirectory = findEmbeddedManifestDirectory();
  if (manifestDirectory === undefined) throw new Error('models/embedded not found');
  const specs: ContentClassifierSpec[] = [];
  const leases: SessionLease[] = [];
  for (const realId of CONTENT_CLASSIFIER_MODEL_IDS) {
    const manifest = await loadEmbeddedModelManifest(join(manifestDirectory, `${realId}.json`));
    const input = manifest.inputs[0];
    const output = manifest.outputs[0];
    const inputSize = input?.shape[1];
    if (
      input === undefined ||
      output === undefined ||
      typeof inputSize !== 'number' ||
      manifest.classLabels === undefined
    ) {
      throw new Error(`manifest ${realId} is not a classifier`);
    }
    const shape = {
      inputName: input.name,
      inputSize,
      outputName: output.name,
      classLabels: manifest.classLabels,
    };
    const bytes = encodeFlagEverythingModel(shape);
    const modelPath = join(folder, `flag-everything-${realId}.onnx`);
    await writeFile(modelPath, bytes);
    const spec: ContentClassifierSpec = {
      modelId: `flag-everything-as-${realId}`,
      sha256: sha256OfBytes(bytes),
      ...shape,
    };
    specs.push(spec);
    leases.push(
      await pool.acquire({
        modelId: spec.modelId,
        modelPath,
        expectedSha256: spec.sha256,
        provider: 'cpu',
        // The real classifier's signature: the fixture must be a drop-in for it.
        signature: { inputs: manifest.inputs, outputs: manifest.outputs },
      }),
    );
  }
  return openContentClassifierSet(specs, leases);
}
