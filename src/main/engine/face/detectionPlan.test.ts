import { describe, expect, it } from 'vitest';
import { planDetectionPasses, QUICK_DETECTION, THOROUGH_DETECTION } from './detectionPlan';
import { applyAffine } from './faceGeometry';

describe('detection plan', () => {
  it('letterboxes the whole frame on the first level', () => {
    const [pass] = planDetectionPasses(1920, 768, 256, QUICK_DETECTION);
    expect(applyAffine(pass!.inputToFrame, 0, 0)).toEqual({ x: 0, y: -576 });
    expect(applyAffine(pass!.inputToFrame, 256, 256)).toEqual({ x: 1920, y: 1344 });
  });

  it('tiles a group photo so that every face up to half a tile lies wholly inside some tile', () => {
    const width = 1920;
    const height = 768;
    const passes = planDetectionPasses(width, height, 256, THOROUGH_DETECTION).filter(
      (pass) => pass.level === 2,
    );
    expect(passes).toHaveLength(7 * 3);
    const tiles = passes.map((pass) => {
      const topLeft = applyAffine(pass.inputToFrame, 0, 0);
      const bottomRight = applyAffine(pass.inputToFrame, 256, 256);
      return { left: topLeft.x, top: topLeft.y, right: bottomRight.x, bottom: bottomRight.y };
    });
    const face = 240; // half of a 480 px tile
    for (let x = 0; x + face <= width; x += 37) {
      for (let y = 0; y + face <= height; y += 29) {
        const inside = tiles.some(
          (tile) => tile.left <= x && tile.top <= y && tile.right >= x + face && tile.bottom >= y + face,
        );
        expect(inside, `face at ${x},${y}`).toBe(true);
      }
    }
  });

  it('turns the whole frame for the rotated passes and tiles only upright', () => {
    const passes = planDetectionPasses(360, 288, 256, THOROUGH_DETECTION);
    expect(passes.map((pass) => pass.rotationDegrees)).toEqual([0, 90, 180, 270]);
    const quarter = passes[1]!;
    // The input's x axis runs down the frame: an upright face in the input lies on its side in the frame.
    const origin = applyAffine(quarter.inputToFrame, 128, 128);
    const right = applyAffine(quarter.inputToFrame, 228, 128);
    expect(origin.x).toBeCloseTo(180);
    expect(origin.y).toBeCloseTo(144);
    expect(right.x - origin.x).toBeCloseTo(0);
    expect(right.y - origin.y).toBeGreaterThan(0);
  });
});
