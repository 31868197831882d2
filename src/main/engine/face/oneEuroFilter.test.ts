import { describe, expect, it } from 'vitest';
import { STABLE_MESH_LANDMARKS } from './meshLandmarkIndices';
import { StableMotionMeter } from './landmarkJitter';
import { OneEuroVectorFilter } from './oneEuroFilter';

/** Deterministic noise in [-1, 1]. */
function noise(seed: number): number {
  const value = Math.sin(seed * 12.9898) * 43758.5453;
  return (value - Math.floor(value)) * 2 - 1;
}

describe('One-Euro filter', () => {
  it('steadies a still point and follows a moving one', () => {
    const still = new OneEuroVectorFilter();
    let rawMotion = 0;
    let smoothMotion = 0;
    let previousRaw = 100;
    let previousSmooth = 100;
    for (let frame = 0; frame < 100; frame++) {
      const raw = 100 + noise(frame) * 0.5;
      const [smooth] = still.filter([raw], frame / 25, 100);
      if (frame > 0) {
        rawMotion += Math.abs(raw - previousRaw);
        smoothMotion += Math.abs((smooth ?? 0) - previousSmooth);
      }
      previousRaw = raw;
      previousSmooth = smooth ?? 0;
    }
    expect(smoothMotion).toBeLessThan(rawMotion / 3);

    const moving = new OneEuroVectorFilter();
    let last = 0;
    for (let frame = 0; frame < 50; frame++) [last = 0] = moving.filter([frame * 4], frame / 25, 100);
    // A face moving 4 % of its size per frame is followed to within a frame or two.
    expect(49 * 4 - last).toBeLessThan(8);
  });

  it('starts over after reset, with the first sample unchanged', () => {
    const filter = new OneEuroVectorFilter();
    filter.filter([0, 0], 0, 10);
    filter.reset();
    expect([...filter.filter([5, 7], 0.04, 10)]).toEqual([5, 7]);
  });
});

describe('stable-point motion', () => {
  it('averages the motion of the stable points over consecutive frames only', () => {
    const meter = new StableMotionMeter();
    const frame = (shift: number) => {
      const points = new Float32Array(468 * 3);
      for (const landmark of STABLE_MESH_LANDMARKS) points[landmark * 3] = shift;
      return points;
    };
    meter.add(frame(0), false);
    meter.add(frame(2), true);
    meter.add(frame(100), false); // a gap: not a step
    meter.add(frame(101), true);
    expect(meter.stepCount).toBe(2);
    expect(meter.meanMotion()).toBeCloseTo(1.5);
  });
});
