import { describe, expect, it } from 'vitest';
import { analysisFrameIndexAt, analysisFrameTimeUs, outputFrameMicroseconds } from './analysisFrameIndex';

describe('analysisFrameIndexAt', () => {
  it('is floor(time x rate) for a constant-rate video, with the rounding of computed times absorbed', () => {
    const analysis = { fps: { num: 30000, den: 1001 } };
    expect(analysisFrameIndexAt(analysis, 0)).toBe(0);
    expect(analysisFrameIndexAt(analysis, analysisFrameTimeUs(analysis, 7))).toBe(7);
    expect(analysisFrameIndexAt(analysis, analysisFrameTimeUs(analysis, 8) - 2)).toBe(7);
    expect(analysisFrameIndexAt({ fps: null }, 1_000_000)).toBe(25);
  });

  it('looks a variable-rate video up by its frame times: the last frame shown at or before the time', () => {
    // 30 fps for 0.1 s, then 10 fps.
    const frameTimesUs = [0, 33_333, 66_667, 100_000, 200_000, 300_000];
    const analysis = { fps: { num: 20, den: 1 }, frameTimesUs };
    expect(analysisFrameIndexAt(analysis, 0)).toBe(0);
    expect(analysisFrameIndexAt(analysis, 50_000)).toBe(1);
    expect(analysisFrameIndexAt(analysis, 99_999)).toBe(3); // within the µs of slack
    expect(analysisFrameIndexAt(analysis, 150_000)).toBe(3);
    expect(analysisFrameIndexAt(analysis, 250_000)).toBe(4); // index / 20 fps would say frame 5
    expect(analysisFrameIndexAt(analysis, 5_000_000)).toBe(5); // after the end: the last frame
    expect(analysisFrameIndexAt(analysis, -10)).toBe(0);
    frameTimesUs.forEach((time, index) => {
      expect(analysisFrameTimeUs(analysis, index)).toBe(time);
      expect(analysisFrameIndexAt(analysis, time)).toBe(index);
    });
  });

  it("follows ffmpeg's fps filter in a render: each source frame from the output frame its time rounds to", () => {
    // A 30 fps video in a 25 fps render: output frame n (at n / 25 s) shows the last source frame
    // before (n + 1/2) / 25 s. Frame 3 (120 ms) shows source frame 4 (133 ms < 140 ms).
    const thirty = { fps: { num: 30, den: 1 } };
    const frameUs = outputFrameMicroseconds({ num: 25, den: 1 });
    const shown = [0, 1, 2, 3, 4, 5, 6].map((n) => analysisFrameIndexAt(thirty, n * 40_000, frameUs));
    expect(shown).toEqual([0, 1, 2, 4, 5, 6, 7]);
    // The same rate on both sides: frame n is frame n.
    const same = { fps: { num: 30000, den: 1001 } };
    const sameUs = outputFrameMicroseconds(same.fps);
    for (let n = 0; n < 100; n += 1) {
      expect(analysisFrameIndexAt(same, analysisFrameTimeUs(same, n), sameUs)).toBe(n);
    }
    // A variable-rate video: the next frame 120 ms later is shown from the output frame nearest it.
    const variable = { fps: { num: 135, den: 8 }, frameTimesUs: [0, 40_000, 80_000, 200_000, 320_000] };
    const outputUs = outputFrameMicroseconds(variable.fps); // 59.26 ms
    expect(analysisFrameIndexAt(variable, 2 * outputUs, outputUs)).toBe(2); // 118.5 ms
    expect(analysisFrameIndexAt(variable, 3 * outputUs, outputUs)).toBe(3); // 177.8 ms: 200 ms is nearer
    expect(outputFrameMicroseconds(undefined)).toBe(0);
  });
});
