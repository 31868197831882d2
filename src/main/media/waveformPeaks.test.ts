import { readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assetCacheDirectory, assetCachePath } from './assetCache';
import { hashFile } from './hashFile';
import {
  createFixtureFolder,
  sharedMedia,
  sharedMediaAvailable,
  SHARED_MEDIA_SKIP_MESSAGE,
  type FixtureFolder,
} from './mediaTestFixtures';
import { probeMedia } from './probeMedia';
import { createWaveformPeaks, PeakAccumulator, readPeaks, readPeaksFloat32 } from './waveformPeaks';

let fixtures: FixtureFolder;
let cacheDir: string;
beforeAll(async () => {
  fixtures = await createFixtureFolder();
  cacheDir = path.join(fixtures.dir, 'cache');
});
afterAll(async () => {
  await fixtures.cleanup();
});

async function peaksOf(file: string, options: Parameters<typeof createWaveformPeaks>[4] = {}) {
  const sha256 = await hashFile(file);
  const probe = await probeMedia(file);
  const info = await createWaveformPeaks(file, probe.audioStreamIndex as number, cacheDir, sha256, options);
  return { sha256, info };
}

function float32Bytes(values: number[]): Buffer {
  const bytes = Buffer.alloc(values.length * 4);
  values.forEach((value, index) => bytes.writeFloatLE(value, index * 4));
  return bytes;
}

describe('PeakAccumulator', () => {
  it('keeps max |sample| per slice, whatever the chunk boundaries', () => {
    const samples = [0.1, -0.5, 0.2, 0.3, -0.9, 0.05, 0.7];
    const bytes = float32Bytes(samples);
    for (const cut of [1, 3, 5, 13, 27]) {
      const peaks: number[] = [];
      const accumulator = new PeakAccumulator(3, (peak) => peaks.push(peak));
      accumulator.push(bytes.subarray(0, cut));
      accumulator.push(bytes.subarray(cut));
      accumulator.finish();
      expect(
        peaks.map((peak) => Number(peak.toFixed(5))),
        `cut at ${cut}`,
      ).toEqual([0.5, 0.9, 0.7]);
    }
  });

  it('clamps decoder overshoot to 1', () => {
    const peaks: number[] = [];
    const accumulator = new PeakAccumulator(2, (peak) => peaks.push(peak));
    accumulator.push(float32Bytes([1.2, -0.1]));
    accumulator.finish();
    expect(peaks).toEqual([1]);
  });
});

describe('createWaveformPeaks', () => {
  it('writes 100 peaks per second that follow the signal level', async () => {
    const { sha256, info } = await peaksOf(await fixtures.fixture('tone.wav'));
    expect(info).toEqual({ version: 1, peaksPerSecond: 100, count: 100, sampleRate: 8000 });
    expect((await stat(assetCachePath(cacheDir, sha256, 'peaks'))).size).toBe(400);
    const stored = await readPeaksFloat32(cacheDir, sha256);
    expect(stored?.peaksPerSecond).toBe(100);
    // The tone's amplitude is 0.5: every 10 ms slice holds several full periods of 440 Hz.
    for (const peak of stored?.peaks ?? []) expect(peak).toBeCloseTo(0.5, 1);
    const wire = await readPeaks(cacheDir, sha256);
    expect(wire?.peaks).toHaveLength(100);
    expect(Array.isArray(wire?.peaks)).toBe(true);
    // No temporary files are left behind.
    expect((await readdir(assetCacheDirectory(cacheDir, sha256))).sort()).toEqual([
      'peaks.f32',
      'peaks.json',
    ]);
  });

  it('writes zeros for silence and honours another peak rate', async () => {
    const { sha256, info } = await peaksOf(await fixtures.fixture('silence.wav'), { peaksPerSecond: 50 });
    expect(info.count).toBe(25);
    const stored = await readPeaksFloat32(cacheDir, sha256);
    expect(Math.max(...(stored?.peaks ?? [1]))).toBe(0);
  });

  it('decodes the audio stream of a video', async () => {
    const { info } = await peaksOf(await fixtures.fixture('video.mp4'));
    expect(info.count).toBeGreaterThanOrEqual(99);
    expect(info.count).toBeLessThanOrEqual(103); // AAC priming/padding adds a few ms
  });

  it('stops and leaves nothing behind when cancelled', async () => {
    const file = await fixtures.fixture('tone.wav');
    const leftovers = async (sha256: string) =>
      readdir(assetCacheDirectory(cacheDir, sha256)).catch(() => [] as string[]);

    const before = new AbortController();
    before.abort();
    const early = createWaveformPeaks(file, 0, cacheDir, 'c'.repeat(64), { signal: before.signal });
    await expect(early).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(await leftovers('c'.repeat(64))).toEqual([]);

    // Cancelled while setting up or decoding: the temporary peaks file must go too.
    const during = new AbortController();
    const running = createWaveformPeaks(file, 0, cacheDir, 'e'.repeat(64), { signal: during.signal });
    setImmediate(() => during.abort());
    await expect(running).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(await leftovers('e'.repeat(64))).toEqual([]);
    expect(await readPeaks(cacheDir, 'e'.repeat(64))).toBeNull();
  });

  it('reports an undecodable stream as FFMPEG_FAILED naming the file', async () => {
    const file = await fixtures.fixture('tone.wav');
    await expect(createWaveformPeaks(file, 5, cacheDir, 'd'.repeat(64))).rejects.toMatchObject({
      code: 'FFMPEG_FAILED',
      message: expect.stringContaining(`ffmpeg (waveform) on "${file}" failed:`),
    });
  });

  it('ignores a damaged cache instead of drawing garbage', async () => {
    const { sha256 } = await peaksOf(await fixtures.fixture('tone.wav'));
    await writeFile(assetCachePath(cacheDir, sha256, 'peaks'), Buffer.alloc(10));
    expect(await readPeaks(cacheDir, sha256)).toBeNull();
    await writeFile(assetCachePath(cacheDir, sha256, 'peaksInfo'), '{not json');
    expect(await readPeaks(cacheDir, sha256)).toBeNull();
  });
});

describe.skipIf(!sharedMediaAvailable)(
  `peaks of real speech (${SHARED_MEDIA_SKIP_MESSAGE} → skipped)`,
  () => {
    it('covers the whole 11 s stereo FLAC and shows speech and pauses', async () => {
      const { sha256, info } = await peaksOf(sharedMedia('speech/jfk_inaugural_44k_stereo.flac'));
      expect(info.count).toBe(1100);
      const peaks = (await readPeaksFloat32(cacheDir, sha256))?.peaks ?? new Float32Array();
      const sorted = [...peaks].sort((a, b) => a - b);
      expect(sorted.at(-1)).toBeGreaterThan(0.2); // loud syllables
      expect(sorted[Math.floor(sorted.length * 0.05)]).toBeLessThan((sorted.at(-1) ?? 0) / 4); // quiet gaps
    });
  },
);
