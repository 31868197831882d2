// Sampled RGB frames: the exact ffmpeg arguments, and real decodes — upright frames of a rotated
// clip, a clip shorter than one sampling step, one frame at a time, a time past the end, and the
// once-per-second grid of a real 3 s clip; and the frame "as rendered" (the preview's), checked
// against the render's own decode of a 30 fps clip at 25 fps.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { locateFfmpeg } from './ffmpegLocator';
import type { FixtureFolder } from './mediaTestFixtures';
import {
  createFixtureFolder,
  SHARED_MEDIA_SKIP_MESSAGE,
  sharedMedia,
  sharedMediaAvailable,
} from './mediaTestFixtures';
import { probeMedia } from './probeMedia';
import { segmentDecodeArguments } from './renderArguments';
import { runProcess } from './runProcess';
import {
  readRgbFrameAsRendered,
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
    expect(
      sampledRgbDecodeArguments({
        inputPath: '/m/a.mp4',
        streamIndex: 0,
        size,
        atUs: 1_500_000,
        asRendered: { outputFrameRate: { num: 30000, den: 1001 } },
      }),
    ).toEqual([
      ...['-hide_banner', '-nostdin', '-v', 'error'],
      // As the render decodes a segment starting at 1.5 s: 30 output frames earlier, then trimmed.
      ...['-ss', '0.499000'],
      ...['-protocol_whitelist', 'file', '-i', 'file:/m/a.mp4'],
      ...['-map', '0:0', '-an', '-sn'],
      '-frames:v',
      '1',
      '-vf',
      'fps=30000/1001:start_time=0,trim=start_frame=30,setpts=PTS-STARTPTS,scale=1280:720:flags=area,setsar=1,format=rgb24',
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

  it('shows, as rendered, the frame a continuous 25 fps decode of a 30 fps clip shows', async () => {
    // Frame k of the clip is a flat grey of level 20 + 3k, so a picture tells which frame it is; it
    // has a sound track, as most clips do (which changes how ffmpeg times the first frames out).
    const ffmpeg = await locateFfmpeg();
    const clip = join(fixtures.dir, 'numbered-30fps.mp4');
    await runProcess(ffmpeg, [
      ...['-v', 'error', '-f', 'lavfi', '-i', 'nullsrc=s=64x48:r=30:d=2.5'],
      ...['-f', 'lavfi', '-i', 'anullsrc=r=48000:cl=mono', '-t', '2.5'],
      ...['-vf', "geq=lum='20+3*N':cb=128:cr=128", '-c:v', 'libx264', '-qp', '0', '-g', '30'],
      ...['-pix_fmt', 'yuv420p', '-c:a', 'aac', clip],
    ]);
    const fps = { num: 25, den: 1 };
    const mean = (data: Uint8Array): number => data.reduce((sum, value) => sum + value, 0) / data.length;
    // What the render decodes for a segment of this clip starting at `startUs` (its own arguments).
    const rendered = async (startUs: number, frameCount: number): Promise<number[]> => {
      const output = { width: 64, height: 48, fps, pixelFormat: 'rgb24' as const };
      const args = segmentDecodeArguments({
        source: { kind: 'video', path: clip, streamIndex: null, startUs },
        frameCount,
        output,
      });
      const { stdout } = await runProcess(ffmpeg, args);
      const bytes = 64 * 48 * 3;
      return Array.from({ length: frameCount }, (_, n) => mean(stdout.subarray(n * bytes, (n + 1) * bytes)));
    };
    // The truth: one decode from the start, output frame n at n × 40 ms.
    const continuous = await rendered(0, 60);
    // Segments of a render starting mid-clip: at 1.24 s and 0.04 s the next source frame is 27 ms
    // away, more than half an output frame (a plain seek there started the segment one output
    // frame late); 1.2 s and 0 fall on source frames.
    for (const startFrame of [31, 30, 1, 0]) {
      const segment = await rendered(startFrame * 40_000, 60 - startFrame);
      segment.forEach((value, n) =>
        expect(value, `segment from output frame ${startFrame}, frame ${n}`).toBeCloseTo(
          continuous[startFrame + n]!,
          0,
        ),
      );
    }
    let plainSeekDiffers = 0;
    for (const n of [0, 1, 2, 3, 7, 24, 26, 31, 44, 59]) {
      const frame = await readRgbFrameAsRendered(clip, { sourceUs: n * 40_000, outputFrameRate: fps });
      expect(frame, `output frame ${n}`).toBeDefined();
      expect(mean(frame!.data), `output frame ${n}`).toBeCloseTo(continuous[n]!, 0);
      const plain = await readRgbFrameAt(clip, n * 40_000);
      if (Math.abs(mean(plain!.data) - continuous[n]!) > 1) plainSeekDiffers += 1;
    }
    // The check can fail: a plain seek (the first frame at or after the time) shows other frames.
    expect(plainSeekDiffers).toBeGreaterThan(4);
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
