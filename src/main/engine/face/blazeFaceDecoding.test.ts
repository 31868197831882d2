import { describe, expect, it } from 'vitest';
import { blazeFaceAnchors, decodeBlazeFace, sigmoid, weightedNonMaxSuppression } from './blazeFaceDecoding';

describe('BlazeFace decoding', () => {
  it('lays out 512 + 384 anchors in (y, x, k) order', () => {
    const [fine, coarse] = blazeFaceAnchors(256);
    expect(fine?.length).toBe(512 * 2);
    expect(coarse?.length).toBe(384 * 2);
    // Anchors 0 and 1 share the first stride-16 cell; anchor 2 is the next cell to the right.
    expect([...(fine ?? []).slice(0, 6)]).toEqual([8, 8, 8, 8, 24, 8]);
    // The first anchor of the second row of the stride-32 grid: 8 cells x 6 anchors later.
    expect([(coarse ?? [])[8 * 6 * 2], (coarse ?? [])[8 * 6 * 2 + 1]]).toEqual([16, 48]);
  });

  it('decodes box and keypoints relative to the anchor, keeping scores above the threshold', () => {
    const scores = new Float32Array(512).fill(-10);
    const regressors = new Float32Array(512 * 16);
    const anchor = 2 * (16 * 3 + 5); // cell (x 5, y 3), first anchor: centre (88, 56)
    scores[anchor] = 2;
    regressors.set([1, -2, 40, 44, 10, 0, 30, 0, 20, 10, 20, 20, 0, 0, 40, 0], anchor * 16);
    const detections = decodeBlazeFace(
      [
        { scores, regressors },
        { scores: new Float32Array(384).fill(-900), regressors: new Float32Array(384 * 16) },
      ],
      256,
      0.5,
    );
    expect(detections).toHaveLength(1);
    const [detection] = detections;
    expect(detection?.score).toBeCloseTo(sigmoid(2));
    expect([detection?.centerX, detection?.centerY, detection?.width, detection?.height]).toEqual([
      89, 54, 40, 44,
    ]);
    expect(detection?.keypoints[0]).toEqual({ x: 98, y: 56 });
    expect(detection?.keypoints[1]).toEqual({ x: 118, y: 56 });
    expect(() => decodeBlazeFace([{ scores, regressors: new Float32Array(3) }], 256, 0.5)).toThrow(
      /expected 512 anchors/,
    );
  });

  it('merges overlapping candidates by score-weighted average and keeps separate ones', () => {
    const candidate = (score: number, x: number) => ({ score, box: { x, y: 0, width: 10, height: 10 } });
    const merged = weightedNonMaxSuppression(
      [candidate(0.9, 0), candidate(0.6, 1), candidate(0.8, 50)],
      0.3,
      (group) => ({
        score: Math.max(...group.map((item) => item.score)),
        box: {
          ...group[0]!.box,
          x:
            group.reduce((sum, item) => sum + item.box.x * item.score, 0) /
            group.reduce((sum, item) => sum + item.score, 0),
        },
      }),
    );
    expect(merged.map((item) => item.score)).toEqual([0.9, 0.8]);
    expect(merged[0]?.box.x).toBeCloseTo(0.6 / 1.5);
    expect(merged[1]?.box.x).toBe(50);
  });
});
