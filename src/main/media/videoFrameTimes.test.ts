// Frame times from the container: the exact ffprobe arguments, the parsing rules, and real ffmpeg
// on a variable-frame-rate clip (30 fps for a second, then 10 fps) and a constant-rate one.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openAnalysisFrames } from './videoFrameReader';
import { makeSolidColourClip, makeVariableFrameRateClip } from './renderTestFixtures';
import {
  frameTimesArguments,
  isVariableFrameRate,
  parseFrameTimes,
  readVideoFrameTimesUs,
} from './videoFrameTimes';

const folder = mkdtempSync(join(tmpdir(), 'doppel-frame-times-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('frame times', () => {
  it('builds the ffprobe arguments', () => {
    expect(frameTimesArguments('/m/a b.mp4', 2)).toEqual([
      ...['-hide_banner', '-v', 'error', '-protocol_whitelist', 'file'],
      ...['-select_streams', '2', '-show_entries', 'packet=pts_time,flags', '-of', 'csv=p=0'],
      'file:/m/a b.mp4',
    ]);
  });

  it('sorts into presentation order, starts at the first shown frame and skips discarded packets', () => {
    // Decode order with B-frames; the first packet is before an edit list's start (flag D).
    const csv = ['-0.040000,KD_', '1.000000,K__', '1.080000,___', '1.040000,___', '1.120000,___', ''].join(
      '\n',
    );
    expect(parseFrameTimes(csv)).toEqual([0, 40_000, 80_000, 120_000]);
  });

  it('gives up (index / rate rules) when a packet has no time', () => {
    expect(parseFrameTimes('0.000000,K__\nN/A,___\n')).toBeUndefined();
    expect(parseFrameTimes('')).toBeUndefined();
  });

  it('calls a stream variable only when a frame is more than half a frame off index / rate', () => {
    const fps = { num: 25, den: 1 };
    expect(isVariableFrameRate([0, 40_000, 80_000, 120_000], fps)).toBe(false);
    expect(isVariableFrameRate([0, 40_000, 99_000, 120_000], fps)).toBe(false);
    expect(isVariableFrameRate([0, 40_000, 101_000, 141_000], fps)).toBe(true);
  });

  it('reads a real variable-frame-rate clip, and the analysis reader uses its times', async () => {
    const clip = await makeVariableFrameRateClip(join(folder, 'vfr.mp4'), 2);
    const times = await readVideoFrameTimesUs(clip, 0);
    expect(times).toHaveLength(40);
    expect(times![29]).toBeCloseTo(29_000_000 / 30, -3);
    expect(times![30]).toBeCloseTo(1_000_000, -3);
    expect(times![31]).toBeCloseTo(1_100_000, -3);
    expect(times![39]).toBeCloseTo(1_900_000, -3);

    const source = await openAnalysisFrames(clip, { frameTimes: true, maxLongSide: 32 });
    expect(source.frameTimesUs).toEqual(times);
    const seen: number[] = [];
    for await (const frame of source.frames) seen.push(frame.timeUs);
    expect(seen).toEqual(times);
    // Without asking, the reader keeps index / rate (and reads no times).
    expect((await openAnalysisFrames(clip, { maxFrames: 1 })).frameTimesUs).toBeNull();
  });

  it('keeps index / rate for a constant-rate clip', async () => {
    const clip = await makeSolidColourClip(join(folder, 'cfr.mp4'), { colour: 'red', seconds: 1 });
    const source = await openAnalysisFrames(clip, { frameTimes: true, maxLongSide: 32 });
    expect(source.frameTimesUs).toBeNull();
    const seen: number[] = [];
    for await (const frame of source.frames) seen.push(frame.timeUs);
    expect(seen).toHaveLength(25);
    expect(seen[24]).toBe(960_000);
  });
});
