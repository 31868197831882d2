// Test/bench only: the shared developer media (../shared/media or DOPPEL_TEST_MEDIA) as pictures
// the content classifiers read, decoded through the gate's own sampling code.
import { existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sharedMediaDirectory } from '../../inference/testSupport/faceModelInputs';
import type { RgbPicture } from '../classifierInput';
import { probeForSafety, samplePictures } from '../pictureSamples';
import { TARGET_SAMPLES_PER_SECOND } from '../safetyPolicy';

export { sharedMediaDirectory };

/** Why media-dependent tests are skipped, or undefined when the shared media are there. */
export function missingSharedMediaReason(): string | undefined {
  const folder = sharedMediaDirectory();
  return existsSync(join(folder, 'faces')) && existsSync(join(folder, 'videos'))
    ? undefined
    : `shared test media not found (${folder}); set DOPPEL_TEST_MEDIA to run these tests`;
}

/** Every file of the shared media (faces, videos, speech), sorted, as absolute paths. */
export function allSharedMediaFiles(): string[] {
  const root = sharedMediaDirectory();
  return ['faces', 'videos', 'speech'].flatMap((folder) =>
    existsSync(join(root, folder))
      ? readdirSync(join(root, folder))
          .sort()
          .map((name) => join(root, folder, name))
      : [],
  );
}

export function sharedMediaPath(relativePath: string): string {
  return join(sharedMediaDirectory(), relativePath);
}

/** The `sampleIndex`-th once-per-second sample of a file (0 for a still), copied out of the decoder. */
export async function samplePicture(path: string, sampleIndex = 0): Promise<RgbPicture> {
  const probe = await probeForSafety(path);
  let index = 0;
  for await (const sample of samplePictures(path, probe, { samplesPerSecond: TARGET_SAMPLES_PER_SECOND })) {
    if (index++ === sampleIndex) {
      return {
        width: sample.picture.width,
        height: sample.picture.height,
        data: sample.picture.data.slice(),
      };
    }
  }
  throw new Error(`${path} has no sample #${sampleIndex}`);
}

/**
 * A user data folder shared by the tests and the bench that only need the converted classifiers
 * (not their conversion): converting InceptionV3 takes seconds, so it happens once per machine.
 * Safe to share: every use re-verifies each .onnx against its pinned sha256 and rebuilds it when it
 * differs. The parity test converts into a fresh folder of its own, so conversion itself is always
 * exercised.
 */
export function sharedClassifierDataDir(): string {
  return join(tmpdir(), 'doppel-safety-test-models');
}
