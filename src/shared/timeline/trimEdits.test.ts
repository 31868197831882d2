import { describe, expect, test } from 'vitest';
import type { Clip, Timeline } from '../model/schemas';
import { assertNoOverlaps, clipDuration, clipEnd } from './edits';
import {
  FRAME_US,
  RANDOM_RUNS,
  TEST_FPS,
  clip,
  emptyTimeline,
  pick,
  randomEditState,
  randomInt,
  seededRandom,
  track,
} from './timelineTestSupport';
import { rollEdit, slipClip, trimClip, type SourceDurationOf } from './trimEdits';

const tenSeconds: SourceDurationOf = () => 10_000_000;
const byId = (timeline: Timeline) => new Map(timeline.clips.map((candidate) => [candidate.id, candidate]));

function twoClips(): Timeline {
  return {
    ...emptyTimeline(),
    clips: [
      clip('left', 'V1', 0, 2_000_000),
      clip('right', 'V1', 3_000_000, 2_000_000, { inUs: 1_000_000, outUs: 3_000_000 }),
    ],
  };
}

describe('trimClip', () => {
  test('an out-trim stops at the next clip, an in-trim at the previous one and at the source start', () => {
    const timeline = twoClips();
    const longer = trimClip(timeline, 'left', 'out', 9_000_000, tenSeconds);
    expect(byId(longer).get('left')!.outUs).toBe(3_000_000); // stopped by "right" at 3 s
    const earlier = trimClip(timeline, 'right', 'in', 0, tenSeconds);
    // The source only has 1 s before the in point, and "left" ends at 2 s: 2 s wins.
    expect(byId(earlier).get('right')).toMatchObject({ startUs: 2_000_000, inUs: 0, outUs: 3_000_000 });
  });

  test('a clip never gets shorter than one frame, and the trim lands on a frame', () => {
    const timeline = twoClips();
    const shortest = trimClip(timeline, 'left', 'out', 0, tenSeconds);
    expect(clipDuration(byId(shortest).get('left')!)).toBe(FRAME_US);
    const onFrame = trimClip(timeline, 'left', 'out', 1_234_567, tenSeconds);
    expect(byId(onFrame).get('left')!.outUs % FRAME_US).toBe(0);
  });

  test('linked clips trim together, and a locked track refuses the trim', () => {
    const timeline: Timeline = {
      ...emptyTimeline(),
      clips: [
        clip('v', 'V1', 0, 4_000_000, { linkGroup: 'g' }),
        clip('a', 'A1', 0, 4_000_000, { linkGroup: 'g' }),
      ],
    };
    const trimmed = trimClip(timeline, 'v', 'in', 1_000_000, tenSeconds);
    expect(byId(trimmed).get('a')).toMatchObject({ startUs: 1_000_000, inUs: 1_000_000, outUs: 4_000_000 });
    const locked = {
      ...timeline,
      tracks: timeline.tracks.map((candidate) => ({ ...candidate, locked: candidate.id === 'A1' })),
    };
    expect(() => trimClip(locked, 'v', 'in', 1_000_000, tenSeconds)).toThrow(/locked/);
  });

  test('random trims: no overlaps, the other edge stays put, source bounds and one frame kept', () => {
    for (let seed = 1; seed <= RANDOM_RUNS; seed += 1) {
      const random = seededRandom(seed);
      const { timeline } = randomEditState(random);
      if (timeline.clips.length === 0) continue;
      const target = pick(random, timeline.clips);
      const edge = random() < 0.5 ? 'in' : 'out';
      const toUs = randomInt(random, 0, 20_000_000);
      const next = trimClip(timeline, target.id, edge, toUs, tenSeconds);
      assertNoOverlaps(next);
      const after = byId(next);
      const group = new Set(
        timeline.clips
          .filter((c) => c.id === target.id || (target.linkGroup && c.linkGroup === target.linkGroup))
          .map((c) => c.id),
      );
      const deltas = new Set<number>();
      for (const before of timeline.clips) {
        const now = after.get(before.id)!;
        if (!group.has(before.id)) {
          expect(now, `seed ${seed}`).toEqual(before);
          continue;
        }
        if (edge === 'in') {
          expect(clipEnd(now), `seed ${seed}: the end stays`).toBe(clipEnd(before));
          expect(now.outUs).toBe(before.outUs);
          deltas.add(now.startUs - before.startUs);
        } else {
          expect(now.startUs).toBe(before.startUs);
          expect(now.inUs).toBe(before.inUs);
          deltas.add(now.outUs - before.outUs);
        }
        expect(now.inUs).toBeGreaterThanOrEqual(0);
        expect(now.outUs).toBeLessThanOrEqual(10_000_000);
        expect(clipDuration(now)).toBeGreaterThanOrEqual(FRAME_US);
      }
      expect(deltas.size, `seed ${seed}: linked clips move by one delta`).toBe(1);
    }
  });
});

describe('rollEdit', () => {
  function touching(): Timeline {
    return {
      ...emptyTimeline(),
      clips: [
        clip('left', 'V1', 0, 2_000_000, { inUs: 1_000_000, outUs: 3_000_000 }),
        clip('right', 'V1', 2_000_000, 2_000_000, { inUs: 1_000_000, outUs: 3_000_000 }),
      ],
    };
  }

  test('moves the cut keeping the total length, clamped by both sources', () => {
    const timeline = touching();
    const rolled = rollEdit(timeline, 'left', 'right', 2_410_000, tenSeconds);
    const left = byId(rolled).get('left')!;
    const right = byId(rolled).get('right')!;
    expect(clipEnd(left)).toBe(2_400_000); // the frame nearest 2.41 s at 25 fps
    expect(right.startUs).toBe(clipEnd(left));
    expect(clipDuration(left) + clipDuration(right)).toBe(4_000_000);
    expect(clipEnd(right)).toBe(4_000_000);
    // The right clip's source starts 1 s before its in point: the cut cannot go earlier than 1 s.
    const early = rollEdit(timeline, 'left', 'right', 0, tenSeconds);
    expect(byId(early).get('right')).toMatchObject({ startUs: 1_000_000, inUs: 0 });
  });

  test('refuses clips that do not touch', () => {
    const timeline = twoClips();
    expect(() => rollEdit(timeline, 'left', 'right', 2_500_000, tenSeconds)).toThrow(/touch/);
  });

  test('random rolls keep every clip end outside the pair, and the pair’s total length', () => {
    for (let seed = 1; seed <= RANDOM_RUNS; seed += 1) {
      const random = seededRandom(seed);
      const length = () => randomInt(random, 1, 60) * FRAME_US;
      const leftLength = length();
      const left = clip('l', 'V1', randomInt(random, 0, 20) * FRAME_US, leftLength, {
        inUs: randomInt(random, 0, 50) * FRAME_US,
      });
      left.outUs = left.inUs + leftLength;
      const right = clip('r', 'V1', clipEnd(left), length(), { inUs: randomInt(random, 0, 50) * FRAME_US });
      right.outUs = right.inUs + clipDuration(clip('x', 'V1', 0, length()));
      const timeline: Timeline = { fps: TEST_FPS, tracks: [track('V1', 'video', 0)], clips: [left, right] };
      const next = rollEdit(timeline, 'l', 'r', randomInt(random, 0, 10_000_000), tenSeconds);
      assertNoOverlaps(next);
      const [l, r] = [byId(next).get('l')!, byId(next).get('r')!];
      expect(clipEnd(l), `seed ${seed}`).toBe(r.startUs);
      expect(l.startUs).toBe(left.startUs);
      expect(clipEnd(r)).toBe(clipEnd(right));
      expect(r.inUs).toBeGreaterThanOrEqual(0);
      expect(l.outUs).toBeLessThanOrEqual(10_000_000);
      expect(Math.min(clipDuration(l), clipDuration(r))).toBeGreaterThanOrEqual(FRAME_US);
    }
  });
});

describe('slipClip', () => {
  test('random slips keep position and length and stay inside the source', () => {
    for (let seed = 1; seed <= RANDOM_RUNS; seed += 1) {
      const random = seededRandom(seed);
      const { timeline } = randomEditState(random);
      if (timeline.clips.length === 0) continue;
      const target = pick(random, timeline.clips);
      const next = slipClip(timeline, target.id, randomInt(random, -12_000_000, 12_000_000), tenSeconds);
      for (const before of timeline.clips) {
        const now: Clip = byId(next).get(before.id)!;
        expect(now.startUs, `seed ${seed}`).toBe(before.startUs);
        expect(clipDuration(now)).toBe(clipDuration(before));
        expect(now.inUs).toBeGreaterThanOrEqual(0);
        expect(now.outUs).toBeLessThanOrEqual(10_000_000);
        if (before.id !== target.id && (!target.linkGroup || before.linkGroup !== target.linkGroup))
          expect(now).toEqual(before);
      }
    }
  });

  test('a still has no end to slip against, but never goes before 0', () => {
    const timeline: Timeline = {
      ...emptyTimeline(),
      clips: [clip('s', 'V1', 0, 1_000_000, { assetId: 'still' })],
    };
    const slipped = slipClip(timeline, 's', -5_000_000, () => null);
    expect(byId(slipped).get('s')).toMatchObject({ inUs: 0, outUs: 1_000_000 });
    const later = slipClip(timeline, 's', 60_000_000, () => null);
    expect(byId(later).get('s')!.inUs).toBe(60_000_000);
  });
});
