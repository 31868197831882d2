// The face-analysis cache: reused only for the same settings and models, rebuilt (read as absent)
// for anything else, including a damaged file.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FaceAnalysis } from './faceAnalysisResult';
import {
  DEFAULT_FACE_ANALYSIS_SETTINGS,
  FACE_ANALYSIS_FORMAT_VERSION,
  toAnalysedFace,
} from './faceAnalysisResult';
import {
  faceAnalysisCachePath,
  readCachedFaceAnalysis,
  readMatchingFaceAnalysis,
  writeFaceAnalysis,
} from './faceAnalysisCache';

const SHA = 'c'.repeat(64);
const MODELS = ['blazeface-back 1111', 'facemesh 2222'];

function analysis(): FaceAnalysis {
  const points = Float32Array.from({ length: 468 * 3 }, (_, index) =>
    index % 3 === 2 ? 0 : 100 + (index % 7),
  );
  return {
    formatVersion: FACE_ANALYSIS_FORMAT_VERSION,
    kind: 'video',
    width: 360,
    height: 288,
    fps: { num: 25, den: 1 },
    settings: { ...DEFAULT_FACE_ANALYSIS_SETTINGS, every: 2 },
    models: MODELS,
    frames: [{ index: 0, timeUs: 0, faces: [toAnalysedFace(0, points, 0.99, 1, undefined)] }],
    tracks: [
      {
        id: 0,
        firstFrame: 0,
        lastFrame: 0,
        frameCount: 1,
        meanScore: 0.99,
        embedding: null,
        thumbnail: 'data:image/jpeg;base64,AAAA',
      },
    ],
    jitter: null,
    analysedAt: '2025-01-01T00:00:00.000Z',
    durationMs: 12,
  };
}

describe('face-analysis cache', () => {
  let cacheDir: string;

  beforeAll(() => {
    cacheDir = mkdtempSync(join(tmpdir(), 'doppel-face-cache-'));
  });

  afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

  it('stores faces-v1.json under the asset sha256 and reads it back for the same key only', async () => {
    const stored = analysis();
    const path = await writeFaceAnalysis(cacheDir, SHA, stored);
    expect(path).toBe(join(cacheDir, SHA, 'faces-v1.json'));
    const key = { settings: stored.settings, models: MODELS };
    expect(await readMatchingFaceAnalysis(cacheDir, SHA, key)).toEqual(stored);
    expect(
      await readMatchingFaceAnalysis(cacheDir, SHA, { ...key, settings: { ...stored.settings, every: 1 } }),
    ).toBeUndefined();
    expect(
      await readMatchingFaceAnalysis(cacheDir, SHA, {
        ...key,
        models: ['blazeface-back 1111', 'facemesh 3333'],
      }),
    ).toBeUndefined();
    // Whatever is cached, for the panel to show until the user asks for another analysis.
    expect((await readCachedFaceAnalysis(cacheDir, SHA))?.settings.every).toBe(2);
  });

  it('reads a damaged or foreign file as "not cached"', async () => {
    await writeFaceAnalysis(cacheDir, SHA, analysis());
    writeFileSync(faceAnalysisCachePath(cacheDir, SHA), '{"formatVersion": 1, "kind": "video"');
    expect(await readCachedFaceAnalysis(cacheDir, SHA)).toBeUndefined();
    writeFileSync(faceAnalysisCachePath(cacheDir, SHA), JSON.stringify({ ...analysis(), formatVersion: 0 }));
    expect(await readCachedFaceAnalysis(cacheDir, SHA)).toBeUndefined();
    expect(await readCachedFaceAnalysis(cacheDir, 'd'.repeat(64))).toBeUndefined();
  });

  it('refuses a cache key that is not a sha256 (no path can escape the cache)', () => {
    expect(() => faceAnalysisCachePath(cacheDir, '../../etc')).toThrow(/is not a sha256 digest/);
  });
});
