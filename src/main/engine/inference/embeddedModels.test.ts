// The conversion cache and the embedded-model path end to end on blazeface-front (small and
// fast): cache hits, rebuilding corrupt entries, and the hash / signature errors with real files.
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StudioError } from '../../../shared/errors';
import {
  acquireEmbeddedModelSession,
  locateEmbeddedModelSource,
  prepareEmbeddedModel,
} from './embeddedModels';
import type { EmbeddedModelManifest } from './modelManifest';
import { findEmbeddedManifestDirectory, loadEmbeddedModelManifest } from './modelManifest';
import { InferenceSessionPool } from './sessionPool';
import { convertedModelsDirectory, ensureConvertedModel } from './tfjsConverter/convertedModelCache';

async function expectStudioError(promise: Promise<unknown>, code: string, pattern: RegExp): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(StudioError);
  expect((error as StudioError).code).toBe(code);
  expect((error as StudioError).message).toMatch(pattern);
}

describe('embedded models: conversion cache, verification and signature', () => {
  let dataDir: string;
  let manifest: EmbeddedModelManifest;
  let modelJsonPath: string;
  const pool = new InferenceSessionPool({ defaultProvider: 'cpu' });

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'doppel-embedded-'));
    const directory = findEmbeddedManifestDirectory();
    if (directory === undefined) throw new Error('models/embedded not found');
    manifest = await loadEmbeddedModelManifest(join(directory, 'blazeface-front.json'));
    modelJsonPath = locateEmbeddedModelSource(manifest).modelJsonPath;
  });
  afterAll(() => {
    pool.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('converts once, then serves the verified cache entry', async () => {
    const first = await prepareEmbeddedModel({ dataDir, manifest });
    expect(first.rebuilt).toBe(true);
    expect(first.rebuildReason).toBe('no cached conversion');
    expect(first.onnxSha256).toBe(manifest.converted.sha256);
    expect(first.onnxBytes).toBe(manifest.converted.bytes);
    const sidecar = JSON.parse(readFileSync(`${first.onnxPath}.json`, 'utf8')) as { onnxSha256: string };
    expect(sidecar.onnxSha256).toBe(manifest.converted.sha256);

    const second = await prepareEmbeddedModel({ dataDir, manifest });
    expect(second.rebuilt).toBe(false);
    expect(second.onnxPath).toBe(first.onnxPath);
  });

  it('rebuilds a corrupt cached model and an unreadable cache record', async () => {
    const { onnxPath } = await prepareEmbeddedModel({ dataDir, manifest });
    const bytes = readFileSync(onnxPath);
    bytes[bytes.length >> 1] = (bytes[bytes.length >> 1] ?? 0) ^ 0xff;
    writeFileSync(onnxPath, bytes);
    const repaired = await prepareEmbeddedModel({ dataDir, manifest });
    expect(repaired.rebuilt).toBe(true);
    expect(repaired.rebuildReason).toMatch(/is corrupt \(sha256 [0-9a-f]{64}, recorded [0-9a-f]{64}\)/);
    expect(repaired.onnxSha256).toBe(manifest.converted.sha256);

    writeFileSync(`${onnxPath}.json`, '{ not json');
    const again = await prepareEmbeddedModel({ dataDir, manifest });
    expect(again.rebuilt).toBe(true);
    expect(again.rebuildReason).toMatch(/unreadable/);
  });

  it('removes stale conversions of the same model only', async () => {
    const folder = convertedModelsDirectory(dataDir);
    writeFileSync(join(folder, 'blazeface-front-0123456789abcdef-c0.onnx'), 'old');
    writeFileSync(join(folder, 'blazeface-front-extra-0123456789abcdef-c1.onnx'), 'another model');
    await ensureConvertedModel({ dataDir, modelId: 'blazeface-front', modelJsonPath });
    const names = readdirSync(folder);
    expect(names).not.toContain('blazeface-front-0123456789abcdef-c0.onnx');
    expect(names).toContain('blazeface-front-extra-0123456789abcdef-c1.onnx');
  });

  it('refuses source files that differ from the manifest, naming the file', async () => {
    const tampered: EmbeddedModelManifest = {
      ...manifest,
      source: {
        ...manifest.source,
        files: manifest.source.files.map((file, index) =>
          index === 1 ? { ...file, sha256: 'a'.repeat(64) } : file,
        ),
      },
    };
    await expectStudioError(
      prepareEmbeddedModel({ dataDir, manifest: tampered }),
      'MODEL_HASH_MISMATCH',
      /Model "blazeface-front": source file .*blazeface-front\.bin has sha256 [0-9a-f]{64}, expected a{64}\./,
    );
  });

  it('refuses a converted model whose sha256 is not the pinned one', async () => {
    const pinnedElsewhere = { ...manifest, converted: { ...manifest.converted, sha256: 'b'.repeat(64) } };
    await expectStudioError(
      prepareEmbeddedModel({ dataDir, manifest: pinnedElsewhere }),
      'MODEL_HASH_MISMATCH',
      /Model "blazeface-front": the converted model has sha256 [0-9a-f]{64} \(\d+ bytes\), but the manifest pins b{64}/,
    );
  });

  it('leases a session checked against the manifest, and names signature differences', async () => {
    const lease = await acquireEmbeddedModelSession(pool, { dataDir, manifest, provider: 'cpu' });
    expect([...lease.inputNames]).toEqual(['input']);
    expect([...lease.outputNames].sort()).toEqual(['Identity', 'Identity_1', 'Identity_2', 'Identity_3']);
    lease.release();

    const wrongInput = {
      ...manifest,
      inputs: [{ ...manifest.inputs[0], shape: [1, 256, 256, 3] } as EmbeddedModelManifest['inputs'][number]],
    };
    await expectStudioError(
      acquireEmbeddedModelSession(pool, { dataDir, manifest: wrongInput }),
      'MODEL_SIGNATURE_MISMATCH',
      /Model "blazeface-front" does not match its manifest: input "input" has shape \[1,128,128,3\], the manifest says \[1,256,256,3\]/,
    );
  });
});
