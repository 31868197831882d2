// The three NSFWJS classifiers, converted by the project's converter (fresh, in a temporary user
// data folder) and run by onnxruntime, against the original models run by TF.js (tfjs-backend-wasm,
// loaded with tf.loadLayersModel / tf.loadGraphModel as nsfwjs loads them), on real pictures of the
// developer media: stills and video frames decoded by the gate's own sampling code.
// The TF.js side preprocesses the way nsfwjs's infer() does (pixels / 255, then
// tf.image.resizeBilinear with alignCorners); the ONNX side gets the gate's own preprocessing. So
// this checks the whole classifier path: preprocessing (to 1e-6) and every model output (1e-3).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireEmbeddedModelSession, locateEmbeddedModelSource } from '../inference/embeddedModels';
import { findEmbeddedManifestDirectory, loadEmbeddedModelManifest } from '../inference/modelManifest';
import { InferenceSessionPool } from '../inference/sessionPool';
import { initTfjsWasmBackend, loadTfjsReferenceModel } from '../inference/testSupport/tfjsReference';
import type { RgbPicture } from './classifierInput';
import { writeClassifierInput } from './classifierInput';
import { modelOpinion } from './contentVote';
import { CONTENT_CLASSIFIER_MODEL_IDS, MODEL_FLAG_SCORE } from './safetyPolicy';
import { missingSharedMediaReason, samplePicture, sharedMediaPath } from './testSupport/safetyTestMedia';

const MAX_ABSOLUTE_DIFFERENCE = 1e-3;
const MAX_PREPROCESSING_DIFFERENCE = 1e-6;

/** Stills of every kind (colour, grey, rotated) and frames of three videos (MPEG-1, H.264, synthetic zoom). */
const pictures: readonly { label: string; path: string; sampleIndex: number }[] = [
  { label: 'astronaut.png', path: 'faces/astronaut.png', sampleIndex: 0 },
  { label: 'cameraman_profile_cc0.png', path: 'faces/cameraman_profile_cc0.png', sampleIndex: 0 },
  { label: 'grid_lbbc2a_rot90.jpg', path: 'faces/grid_lbbc2a_rot90.jpg', sampleIndex: 0 },
  { label: 'grid_lbbc2a.mpg @1s', path: 'videos/grid_lbbc2a.mpg', sampleIndex: 1 },
  { label: 'grid_bbaf2n_h264_aac.mp4 @0s', path: 'videos/grid_bbaf2n_h264_aac.mp4', sampleIndex: 0 },
  {
    label: 'synth_astronaut_kenburns_jfk.mp4 @5s',
    path: 'videos/synth_astronaut_kenburns_jfk.mp4',
    sampleIndex: 5,
  },
];

const skipReason = missingSharedMediaReason();
if (skipReason !== undefined) console.warn(`[contentClassifierParity] skipping: ${skipReason}`);

/** nsfwjs's infer() preprocessing, op for op, as the TF.js reference input. */
function nsfwjsPreprocessing(picture: RgbPicture, size: number): Float32Array {
  return tf.tidy(() => {
    const pixels = tf.tensor3d(Int32Array.from(picture.data), [picture.height, picture.width, 3], 'int32');
    const normalized = pixels.toFloat().div(tf.scalar(255));
    const resized = tf.image.resizeBilinear(normalized as tf.Tensor3D, [size, size], true);
    return resized.reshape([1, size, size, 3]).dataSync() as Float32Array;
  });
}

describe.skipIf(skipReason !== undefined)(
  'converted content classifiers match TF.js on the developer media',
  () => {
    const rows: string[] = [];
    let dataDir: string;
    let pool: InferenceSessionPool;
    let decoded: { label: string; picture: RgbPicture }[];

    beforeAll(async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'doppel-content-parity-'));
      pool = new InferenceSessionPool({ defaultProvider: 'cpu' });
      await initTfjsWasmBackend();
      decoded = [];
      for (const entry of pictures) {
        decoded.push({
          label: entry.label,
          picture: await samplePicture(sharedMediaPath(entry.path), entry.sampleIndex),
        });
      }
    });

    afterAll(() => {
      pool.dispose();
      rmSync(dataDir, { recursive: true, force: true });
      if (rows.length > 0) console.log(rows.join('\n'));
    });

    it.each(CONTENT_CLASSIFIER_MODEL_IDS)('%s: every output within 1e-3 absolute', async (modelId) => {
      const directory = findEmbeddedManifestDirectory();
      if (directory === undefined) throw new Error('models/embedded not found');
      const manifest = await loadEmbeddedModelManifest(join(directory, `${modelId}.json`));
      // Converts from the nsfwjs bundles (the data folder is new) and checks the pinned sha256.
      const lease = await acquireEmbeddedModelSession(pool, { dataDir, manifest, provider: 'cpu' });
      const reference = await loadTfjsReferenceModel(
        locateEmbeddedModelSource(manifest).modelJsonPath,
        manifest.source,
      );
      try {
        const size = manifest.inputs[0]?.shape[1] as number;
        const floats = size * size * 3;
        const ours = new Float32Array(decoded.length * floats);
        const theirs = new Float32Array(decoded.length * floats);
        decoded.forEach(({ picture }, index) => {
          writeClassifierInput(picture, size, ours, index * floats);
          theirs.set(nsfwjsPreprocessing(picture, size), index * floats);
        });
        let preprocessing = 0;
        ours.forEach(
          (value, index) =>
            (preprocessing = Math.max(preprocessing, Math.abs(value - (theirs[index] ?? NaN)))),
        );
        expect(preprocessing, 'preprocessing vs tf.image.resizeBilinear').toBeLessThanOrEqual(
          MAX_PREPROCESSING_DIFFERENCE,
        );

        const inputName = manifest.inputs[0]?.name ?? '';
        const outputName = manifest.outputs[0]?.name ?? '';
        const outputs = await lease.run({
          [inputName]: { data: ours, dims: [decoded.length, size, size, 3] },
        });
        const actual = outputs[outputName]?.data as Float32Array;
        const expected = reference.predict(theirs, [decoded.length, size, size, 3]);
        expect(actual.length).toBe(decoded.length * 5);
        expect(expected.length).toBe(actual.length);
        decoded.forEach(({ label }, index) => {
          let maxAbsolute = 0;
          for (let entry = index * 5; entry < index * 5 + 5; entry++) {
            maxAbsolute = Math.max(maxAbsolute, Math.abs((actual[entry] ?? NaN) - (expected[entry] ?? NaN)));
          }
          rows.push(
            `${modelId.padEnd(22)} ${label.padEnd(38)} max|ort - tfjs| ${maxAbsolute.toExponential(2)}  (preprocessing ${preprocessing.toExponential(2)})`,
          );
          expect(maxAbsolute, `${modelId} on ${label}`).toBeLessThanOrEqual(MAX_ABSOLUTE_DIFFERENCE);
          // Beyond parity: none of these ordinary pictures reads as sexual to any one model.
          const opinion = modelOpinion(
            modelId,
            manifest.classLabels ?? [],
            actual.subarray(index * 5, index * 5 + 5),
          );
          expect(opinion.sexualScore, `${modelId}: sexual score of ${label}`).toBeLessThan(MODEL_FLAG_SCORE);
        });
      } finally {
        reference.dispose();
        lease.release();
      }
    });
  },
);
