import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFixtureFolder, type FixtureFolder } from './mediaTestFixtures';
import { readScaledLumaFrames, scaledLumaDecodeArguments } from './scaledLumaFrames';

describe('scaled luma frames', () => {
  let fixtures: FixtureFolder;
  beforeAll(async () => {
    fixtures = await createFixtureFolder('doppel-luma-test-');
  });
  afterAll(async () => {
    await fixtures?.cleanup();
  });

  it('builds the decode arguments', () => {
    expect(
      scaledLumaDecodeArguments({
        inputPath: '/v/a b.mp4',
        streamIndex: 1,
        width: 384,
        height: 384,
        maxFrames: 250,
      }),
    ).toEqual([
      '-hide_banner',
      '-nostdin',
      '-v',
      'error',
      '-noautorotate',
      '-protocol_whitelist',
      'file',
      '-i',
      'file:/v/a b.mp4',
      '-map',
      '0:1',
      '-frames:v',
      '250',
      '-vf',
      'scale=384:384:flags=area,format=gray',
      '-f',
      'rawvideo',
      '-pix_fmt',
      'gray',
      'pipe:1',
    ]);
    expect(() =>
      scaledLumaDecodeArguments({ inputPath: 'x', streamIndex: 0, width: 0, height: 4, maxFrames: 1 }),
    ).toThrow(/width: 0/);
  });

  it('reads grey frames at the asked size, stops at maxFrames, and refuses files without video', async () => {
    const sizes: number[] = [];
    let brightest = 0;
    for await (const frame of readScaledLumaFrames(await fixtures.fixture('video.mp4'), {
      width: 64,
      height: 48,
      maxFrames: 10,
    })) {
      sizes.push(frame.length);
      brightest = Math.max(brightest, ...frame);
    }
    expect(sizes).toEqual(Array(10).fill(64 * 48));
    expect(brightest).toBeGreaterThan(200); // testsrc has white areas
    const all: number[] = [];
    for await (const frame of readScaledLumaFrames(await fixtures.fixture('video.mp4'), {
      width: 8,
      height: 8,
      maxFrames: 1000,
    })) {
      all.push(frame.length);
    }
    expect(all).toHaveLength(25); // 1 s at 25 fps
    const audioOnly = readScaledLumaFrames(await fixtures.fixture('tone.wav'), {
      width: 8,
      height: 8,
      maxFrames: 1,
    });
    await expect(audioOnly.next()).rejects.toMatchObject({ code: 'UNSUPPORTED_FORMAT' });
  });
});
