// The shipped manifests (models/embedded) are valid, match their file names and still describe
// the installed source package byte for byte.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StudioError } from '../../../shared/errors';
import { locateEmbeddedModelSource } from './embeddedModels';
import {
  findEmbeddedManifestDirectory,
  loadEmbeddedModelManifest,
  loadEmbeddedModelManifests,
} from './modelManifest';

const manifestDirectory = findEmbeddedManifestDirectory();

describe('embedded model manifests', () => {
  it('are found next to the source tree', () => {
    expect(manifestDirectory).toMatch(/models[\\/]embedded$/);
  });

  it('cover the six face models and the three content classifiers, and validate', async () => {
    const manifests = await loadEmbeddedModelManifests(manifestDirectory ?? '');
    expect(manifests.map((manifest) => manifest.id)).toEqual([
      'blazeface-back',
      'blazeface-front',
      'facemesh',
      'faceres',
      'faceres-deep',
      'iris',
      'nsfw-inception-v3',
      'nsfw-mobilenet-v2',
      'nsfw-mobilenet-v2-mid',
    ]);
    for (const manifest of manifests) {
      expect(manifest.licence.spdx).toBe('MIT');
      expect(manifest.converted.opset).toBe(13);
      // The model file comes first: model.json, or nsfwjs's script bundle wrapping it.
      expect(manifest.source.files[0]?.path).toMatch(
        manifest.source.packaging === 'script-bundle' ? /model\.min\.js$/ : /\.json$/,
      );
    }
  });

  it('pin the exact bytes of the installed source package', async () => {
    const manifests = await loadEmbeddedModelManifests(manifestDirectory ?? '');
    for (const manifest of manifests) {
      const location = locateEmbeddedModelSource(manifest);
      expect(location.installedVersion, manifest.id).toBe(manifest.source.version);
      for (const file of manifest.source.files) {
        const bytes = readFileSync(join(location.packageRoot, file.path));
        expect(bytes.length, file.path).toBe(file.bytes);
        expect(createHash('sha256').update(bytes).digest('hex'), file.path).toBe(file.sha256);
      }
    }
  });

  it('reject an invalid manifest with the field that is wrong', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'doppel-manifest-'));
    try {
      const original = JSON.parse(readFileSync(join(manifestDirectory ?? '', 'iris.json'), 'utf8')) as Record<
        string,
        unknown
      >;
      const path = join(folder, 'iris.json');
      writeFileSync(path, JSON.stringify({ ...original, converted: { sha256: 'nope' } }));
      const error = await loadEmbeddedModelManifest(path).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(StudioError);
      expect((error as StudioError).code).toBe('MODEL_CORRUPT');
      expect((error as StudioError).message).toMatch(
        /Model manifest .*iris\.json is invalid: converted\.format/,
      );

      const renamed = join(folder, 'eye.json');
      writeFileSync(renamed, JSON.stringify(original));
      await expect(loadEmbeddedModelManifest(renamed)).rejects.toThrow(
        /declares id "iris"; the file name must match/,
      );
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
