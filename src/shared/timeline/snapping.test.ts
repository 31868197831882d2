import { describe, expect, test } from 'vitest';
import { moveClip } from './edits';
import { snapSpanStart, snapTargets, snapTime } from './snapping';
import {
  RANDOM_RUNS,
  TEST_FPS,
  clip,
  emptyTimeline,
  randomEditState,
  randomInt,
  seededRandom,
  pick,
} from './timelineTestSupport';
import { assertNoOverlaps } from './edits';

describe('snapping', () => {
  const timeline = { ...emptyTimeline(), clips: [clip('a', 'V1', 1_000_000, 2_000_000)] };

  test('pulls onto the playhead, clip edges and markers within reach, else onto a frame', () => {
    const targets = snapTargets(timeline, new Set(), 5_000_000, [7_000_000]);
    expect(targets).toEqual([0, 1_000_000, 3_000_000, 5_000_000, 7_000_000]);
    expect(snapTime(3_050_000, targets, 100_000, TEST_FPS)).toEqual({ us: 3_000_000, snappedTo: 3_000_000 });
    expect(snapTime(6_930_000, targets, 100_000, TEST_FPS)).toEqual({ us: 7_000_000, snappedTo: 7_000_000 });
    expect(snapTime(6_010_000, targets, 100_000, TEST_FPS)).toEqual({ us: 6_000_000, snappedTo: null });
  });

  test('a moved span snaps by its start or its end, whichever is nearer, and ignores the dragged clip', () => {
    const targets = snapTargets(timeline, new Set(['a']), 5_000_000);
    expect(targets).toEqual([0, 5_000_000]);
    expect(snapSpanStart(2_960_000, 2_000_000, targets, 100_000, TEST_FPS)).toEqual({
      us: 3_000_000,
      snappedTo: 5_000_000,
    });
  });

  test('a snapped move never overlaps: moveClip pushes past occupied places', () => {
    for (let seed = 1; seed <= RANDOM_RUNS; seed += 1) {
      const random = seededRandom(seed);
      const { timeline: random_timeline } = randomEditState(random);
      if (random_timeline.clips.length === 0) continue;
      const moving = pick(random, random_timeline.clips);
      const targets = snapTargets(random_timeline, new Set([moving.id]), randomInt(random, 0, 9_000_000));
      const wanted = snapSpanStart(
        randomInt(random, 0, 9_000_000),
        moving.outUs - moving.inUs,
        targets,
        400_000,
        TEST_FPS,
      );
      const sameKind = random_timeline.tracks.filter(
        (t) => t.kind === random_timeline.tracks.find((x) => x.id === moving.trackId)!.kind,
      );
      const next = moveClip(random_timeline, moving.id, pick(random, sameKind).id, wanted.us);
      expect(() => assertNoOverlaps(next), `seed ${seed}`).not.toThrow();
    }
  });
});
