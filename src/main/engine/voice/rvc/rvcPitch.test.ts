import { describe, expect, it } from 'vitest';
import { coarsePitch, coarsePitchTrack, resampleF0Track, transposeTrack } from './rvcPitch';

describe('RVC pitch', () => {
  it('quantises F0 the way RVC does (mel 50–1100 Hz onto 1…255)', () => {
    expect(coarsePitch(0)).toBe(1);
    expect(coarsePitch(50)).toBe(1);
    expect(coarsePitch(1100)).toBe(255);
    expect(coarsePitch(5000)).toBe(255);
    // 1127·ln(1+f/700) for 200 Hz = 283.23; (283.23 − 77.76)·254/(1064.41 − 77.76) + 1 = 53.9 → 54
    expect(coarsePitch(200)).toBe(54);
    expect(Array.from(coarsePitchTrack(Float32Array.from([0, 200, 1100])))).toEqual([1n, 54n, 255n]);
  });

  it('transposes voiced frames only', () => {
    expect(Array.from(transposeTrack(Float32Array.from([0, 100, 220]), 12))).toEqual([0, 200, 440]);
  });

  it('resamples the 5 ms tracker frames to 10 ms frames, keeping unvoiced gaps', () => {
    // Tracker frames every 110/22050 s ≈ 4.99 ms: voiced 100 Hz rising by 1 Hz per frame, then a gap.
    const tracker = Float32Array.from({ length: 40 }, (_, index) => (index < 20 ? 100 + index : 0));
    const resampled = resampleF0Track(tracker, 0, 20);
    expect(resampled[0]).toBeCloseTo(100, 6);
    expect(resampled[5]).toBeCloseTo(100 + (0.05 * 22050) / 110, 3);
    expect(resampled[15]).toBe(0);
  });
});
