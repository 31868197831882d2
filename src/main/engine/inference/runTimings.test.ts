import { describe, expect, it } from 'vitest';
import { RunTimingWindow } from './runTimings';

describe('RunTimingWindow', () => {
  it('keeps only the last N durations and summarises them', () => {
    const window = new RunTimingWindow(4);
    expect(window.stats().medianMs).toBeUndefined();
    for (const duration of [100, 1, 2, 3, 4]) window.record(duration);
    expect(window.durations()).toEqual([1, 2, 3, 4]);
    const stats = window.stats();
    expect(stats).toMatchObject({ totalRuns: 5, windowRuns: 4, lastMs: 4, minMs: 1, maxMs: 4, meanMs: 2.5 });
    expect(stats.medianMs).toBe(2.5);
    expect(stats.p95Ms).toBeCloseTo(3.85, 10);
  });

  it('rejects an empty window', () => {
    expect(() => new RunTimingWindow(0)).toThrow(RangeError);
  });
});
