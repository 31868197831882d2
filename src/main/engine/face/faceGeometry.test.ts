import { describe, expect, it } from 'vitest';
import {
  applyAffine,
  composeAffine,
  intersectionOverUnion,
  invertAffine,
  normaliseAngle,
  regionBoundingBox,
  regionToFrameAffine,
  rollFromEyes,
} from './faceGeometry';

describe('face geometry', () => {
  it('maps a turned crop onto its frame region, and back', () => {
    const region = { centerX: 100, centerY: 50, size: 40, angle: Math.PI / 2 };
    const toFrame = regionToFrameAffine(region, 192);
    // The crop's centre is the region's centre; its top-left corner is turned a quarter clockwise.
    expect(applyAffine(toFrame, 96, 96)).toEqual({ x: 100, y: 50 });
    const corner = applyAffine(toFrame, 0, 0);
    expect(corner.x).toBeCloseTo(120);
    expect(corner.y).toBeCloseTo(30);
    const back = applyAffine(invertAffine(toFrame), corner.x, corner.y);
    expect(back.x).toBeCloseTo(0);
    expect(back.y).toBeCloseTo(0);
  });

  it('composes transforms right to left', () => {
    const scale = [2, 0, 0, 0, 2, 0] as const;
    const shift = [1, 0, 5, 0, 1, -3] as const;
    expect(applyAffine(composeAffine(shift, scale), 1, 1)).toEqual({ x: 7, y: -1 });
    expect(applyAffine(composeAffine(scale, shift), 1, 1)).toEqual({ x: 12, y: -4 });
  });

  it('measures overlap and the box around a turned square', () => {
    const box = { x: 0, y: 0, width: 10, height: 10 };
    expect(intersectionOverUnion(box, box)).toBe(1);
    expect(intersectionOverUnion(box, { x: 5, y: 0, width: 10, height: 10 })).toBeCloseTo(50 / 150);
    expect(intersectionOverUnion(box, { x: 20, y: 20, width: 5, height: 5 })).toBe(0);
    const turned = regionBoundingBox({ centerX: 0, centerY: 0, size: 10, angle: Math.PI / 4 });
    expect(turned.width).toBeCloseTo(10 * Math.SQRT2);
  });

  it('reads the roll from the eyes: upright, clockwise, upside down', () => {
    expect(rollFromEyes({ x: 10, y: 10 }, { x: 20, y: 10 })).toBeCloseTo(0);
    expect(rollFromEyes({ x: 10, y: 10 }, { x: 10, y: 20 })).toBeCloseTo(Math.PI / 2);
    expect(Math.abs(rollFromEyes({ x: 20, y: 10 }, { x: 10, y: 10 }))).toBeCloseTo(Math.PI);
    expect(normaliseAngle(3 * Math.PI)).toBeCloseTo(Math.PI);
    expect(normaliseAngle(-Math.PI / 2 - 2 * Math.PI)).toBeCloseTo(-Math.PI / 2);
  });
});
