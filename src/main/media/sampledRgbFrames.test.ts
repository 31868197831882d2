// Sampled RGB frames: the exact ffmpeg arguments, and real decodes — upright frames of a rotated
// clip, a clip shorter than one sampling step, one frame at a time, a time past the end, and the
// once-per-second grid of a real 3 s clip.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureFolder } from './mediaTestFixtures';
import {
  createFixtureFolder,
  SHARED_MEDIA_SKIP_MESSAGE,
  sharedMedia,
  sharedMediaAvailable,
} from './mediaTestFixtures';
import { probeMedia } from './probeMedia';
import {
  readRgbFrameAt,
  readSampledRgbFrames,
  sampledFrameSize,
  sampledRgbDecodeArguments,
} from './sampledRgbFrames';

describe('sampledRgbDecodeArguments', () => {
  it('samples on a rate grid or seeks to one time, always as rgb24 at a known size', () => {
    const size = { width: 1280, height: 720 };
    expect(
      sampledRgbDecodeArguments({ inputPath: '/m/a b.mp4', streamIndex: 0, size, samplesPerSecond: 1 }),
    ).toEqual([
      ...['-hide_banner', '-nostdin', '-v', 'error'],
      ...['-protocol_whitelist', 'file', '-i', 'file:/m/a b.mp4'],
      ...['-map', '0:0', '-an', '-sn'],
      ...['-vf', 'fps=1,scale=1280:720:flags=area,setsar=1,format=rgb24'],
      ...['-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'],
    ]);
    expect(
      sampledRgbDecodeArguments({ inputPath: '/m/a.mp4', streamIndex: 2, size, atUs: 1_500_000 }),
    ).toEqual([
      ...['-hide_banner', '-nostdin', '-v', 'error'],
      ...['-ss', '1.500000'],
      ...['-protocol_whitelist', 'file', '-i', 'file:/m/a.mp4'],
      ...['-map', '0:2', '-an', '-sn'],
      ...['-frames:v', '1', '-vf', 'scale=1280:720:flags=area,setsar=1,format=rgb24'],
      ...['-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'],
    ]);
    expect(() => sampledRgbDecodeArguments({ inputPath: 'a', streamIndex: 0, size })).toThrow(
      /either a rate or one time/,
    );
    expect(() =>
      sampledRgbDecodeArguments({ inputPath: 'a', streamIndex: 0, size, samplesPerSecond: 0 }),
    ).toThrow(/rate: 0/);
    expect(() =>
      sampledRgbDecodeArguments({ inputPath: 'a', streamIndex: 0, size: { width: 0, height: 1 }, atUs: 0 }),
    ).toThrow(/width: 0/);
  });

  it('keeps the display size, shrinking only pictures above 1920 px on the long side', () => {
    expect(sampledFrameSize({ displayWidth: 1280, displayHeight: 720 }, 'a')).toEqual({
      width: 1280,
      height: 720,
    });
    expect(sampledFrameSize({ displayWidth: 3840, displayHeight: 2160 }, 'a')).toEqual({
      width: 1920,
      height: 1080,
    });
    expect(() => sampledFrameSize({ displayWidth: null, displayHeight: null }, 'clip.wav')).toThrow(
      /"clip.wav" has no picture size/,
    );
  });
});

describe('readSampledRgbFrames / readRgbFrameAt (real ffmpeg)', () => {
  let fixtures: FixtureFolder;
  beforeAll(async () => {
    fixtures = await createFixtureFolder('doppel-sampled-frames-');
  });
  afterAll(() => fixtures.cleanup());

  it('yields upright frames of a rotated clip shorter than one sampling step', async () => {
    // 64x32 blue with a red square at the stored top-left; the probe says it is shown turned
    // 270° clockwise, which brings the stored top-left corner to the bottom-left.
    const path = await fixtures.fixture('marker-rotated.mp4');
    expect((await probeMedia(path)).rotation).toBe(270);
    const frames = [];
    for await (const frame of readSampledRgbFrames(path, 1))
      frames.push({ ...frame, data: frame.data.slice() });
    expect(frames).toHaveLength(1);
    const [frame] = frames;
    expect(frame).toMatchObject({ index: 0, timeUs: 0, width: 32, height: 64 });
    const pixel = (x: number, y: number): number[] =>
      Array.from(frame?.data.subarray((y * 32 + x) * 3, (y * 32 + x) * 3 + 3) ?? []);
    for (const [x, y, colour] of [
      [3, 60, 'red'],
      [3, 3, 'blue'],
      [28, 3, 'blue'],
      [28, 60, 'blue'],
    ] as const) {
      const [red = 0, , blue = 0] = pixel(x, y);
      expect(colour === 'red' ? red : blue, `${colour} at ${x},${y}`).toBeGreaterThan(180);
      expect(colour === 'red' ? blue : red, `${colour} at ${x},${y}`).toBeLessThan(80);
    }
  });

  it('reads one frame at a time and nothing past the end', async () => {
    const video = await fixtures.fixture('video.mp4');
    const frame = await readRgbFrameAt(video, 500_000);
    expect(frame).toMatchObject({ timeUs: 500_000, width: 160, height: 120 });
    expect(frame?.data.length).toBe(160 * 120 * 3);
    expect(await readRgbFrameAt(video, 5_000_000)).toBeUndefined();
  });

  it.skipIf(!sharedMediaAvailable)('samples a 3 s clip at 0, 1 and 2 s', async () => {
    const times = [];
    for await (const frame of readSampledRgbFrames(sharedMedia('videos/grid_bbaf2n_h264_aac.mp4'), 1)) {
      expect(frame.data.length).toBe(360 * 288 * 3);
      times.push(frame.timeUs);
    }
    expect(times).toEqual([0, 1_000_000, 2_000_000]);
  });
  if (!sharedMediaAvailable)
    console.warn(`[sampledRgbFrames] one test skipped: ${SHARED_MEDIA_SKIP_MESSAGE}`);
});
