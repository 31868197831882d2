// The analysis frame reader with real ffmpeg on generated clips: exact arguments, every Nth frame
// with its index in the whole stream, shrinking, the player's rotation, and clear errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StudioError } from '../../shared/errors';
import { createFixtureFolder, type FixtureFolder } from './mediaTestFixtures';
import { analysisFrameSize, analysisFramesArguments, openAnalysisFrames } from './videoFrameReader';

describe('videoFrameReader', () => {
  let fixtures: FixtureFolder;

  beforeAll(async () => {
    fixtures = await createFixtureFolder('doppel-frame-reader-');
  });

  afterAll(async () => fixtures?.cleanup());

  it('builds the decode arguments', () => {
    expect(
      analysisFramesArguments({ inputPath: '/m/a b.mp4', streamIndex: 0, width: 640, height: 360, every: 3 }),
    ).toEqual([
      '-hide_banner',
      '-nostdin',
      '-v',
      'error',
      '-protocol_whitelist',
      'file',
      '-i',
      'file:/m/a b.mp4',
      '-map',
      '0:0',
      '-vf',
      'select=not(mod(n\\,3)),scale=w=iw*sar:h=ih,scale=w=640:h=360:flags=bilinear,setsar=1,format=rgb24',
      '-fps_mode',
      'passthrough',
      '-f',
      'rawvideo',
      '-pix_fmt',
      'rgb24',
      'pipe:1',
    ]);
    expect(() =>
      analysisFramesArguments({ inputPath: 'x', streamIndex: 0, width: 0, height: 1, every: 1 }),
    ).toThrow(/width/);
    expect(analysisFrameSize(3840, 2160, 1920)).toEqual({ width: 1920, height: 1080 });
    expect(analysisFrameSize(360, 288, 1920)).toEqual({ width: 360, height: 288 });
  });

  it('yields every Nth frame with its stream index and time', async () => {
    const source = await openAnalysisFrames(await fixtures.fixture('video.mp4'), { every: 5 });
    expect([source.width, source.height, source.expectedFrames]).toEqual([160, 120, 5]);
    const frames = [];
    for await (const frame of source.frames)
      frames.push({ index: frame.index, timeUs: frame.timeUs, bytes: frame.data.length });
    expect(frames).toEqual(
      [0, 5, 10, 15, 20].map((index) => ({ index, timeUs: index * 40_000, bytes: 160 * 120 * 3 })),
    );
  });

  it('shrinks to the long side asked for, and turns rotated videos upright', async () => {
    const small = await openAnalysisFrames(await fixtures.fixture('video.mp4'), {
      maxLongSide: 80,
      maxFrames: 1,
    });
    expect([small.width, small.height]).toEqual([80, 60]);
    await small.frames.return(undefined);

    // Blue 64x32 with a red square top-left in the coded picture, shown turned a quarter: 32x64,
    // the square top-right for a clockwise turn, bottom-left for an anticlockwise one.
    const turned = await openAnalysisFrames(await fixtures.fixture('marker-rotated.mp4'), { maxFrames: 1 });
    expect([turned.width, turned.height]).toEqual([32, 64]);
    const { value: frame } = await turned.frames.next();
    const pixel = (x: number, y: number) =>
      Array.from(frame!.data.subarray((y * 32 + x) * 3, (y * 32 + x) * 3 + 3));
    const [x, y] = turned.probe.rotation === 90 ? [28, 4] : [4, 60];
    const [red, , blue] = pixel(x, y);
    expect(red).toBeGreaterThan(150);
    expect(blue).toBeLessThan(100);
    expect(pixel(4, 4)[2]).toBeGreaterThan(150);
    await turned.frames.return(undefined);
  });

  it('refuses audio files and stills, naming the file', async () => {
    const tone = await fixtures.fixture('tone.wav');
    const error = await openAnalysisFrames(tone).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StudioError);
    expect((error as StudioError).code).toBe('UNSUPPORTED_FORMAT');
    expect((error as StudioError).message).toBe(
      `"${tone}" has no video stream: there are no frames to analyse (it holds only audio).`,
    );
    const picture = await fixtures.fixture('picture.png');
    await expect(openAnalysisFrames(picture)).rejects.toThrow(`"${picture}" is a still image, not a video.`);
  });
});
