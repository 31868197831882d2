import { describe, expect, test } from 'vitest';
import type { Timeline } from '../model/schemas';
import { assertNoOverlaps, clipDuration, clipEnd, timelineDuration } from './edits';
import { rippleDelete } from './rippleEdits';
import {
  RANDOM_RUNS,
  clip,
  emptyTimeline,
  randomEditState,
  seededRandom,
  track,
} from './timelineTestSupport';

describe('rippleDelete', () => {
  test('closes the gap on every track, keeping linked clips after it in sync', () => {
    const timeline: Timeline = {
      ...emptyTimeline(),
      clips: [
        clip('first', 'V1', 0, 2_000_000),
        clip('gone', 'V1', 2_000_000, 3_000_000),
        clip('v', 'V1', 6_000_000, 1_000_000, { linkGroup: 'g' }),
        clip('a', 'A1', 6_000_000, 1_000_000, { linkGroup: 'g' }),
      ],
    };
    const next = rippleDelete(timeline, ['gone']);
    const starts = Object.fromEntries(next.clips.map((candidate) => [candidate.id, candidate.startUs]));
    expect(starts).toEqual({ first: 0, v: 3_000_000, a: 3_000_000 });
    expect(timelineDuration(next)).toBe(timelineDuration(timeline) - 3_000_000);
  });

  test('closes only as far as material on another track allows, and leaves locked tracks alone', () => {
    const timeline: Timeline = {
      ...emptyTimeline([
        track('V1', 'video', 0),
        track('A1', 'audio', 1),
        track('A2', 'audio', 2, { locked: true }),
      ]),
      clips: [
        clip('gone', 'V1', 0, 4_000_000),
        clip('after', 'V1', 4_000_000, 1_000_000),
        clip('music', 'A1', 0, 3_000_000),
        clip('music-after', 'A1', 5_000_000, 1_000_000),
        clip('pinned', 'A2', 5_000_000, 1_000_000),
      ],
    };
    const next = rippleDelete(timeline, ['gone']);
    const starts = Object.fromEntries(next.clips.map((candidate) => [candidate.id, candidate.startUs]));
    // A1 has music until 3 s and its next clip at 5 s: everything can move 2 s (not 4 s).
    expect(starts).toEqual({ after: 2_000_000, music: 0, 'music-after': 3_000_000, pinned: 5_000_000 });
  });

  test('random ripple deletes: no overlaps, lengths and order kept, earlier clips and locked tracks untouched', () => {
    for (let seed = 1; seed <= RANDOM_RUNS; seed += 1) {
      const random = seededRandom(seed);
      const { timeline } = randomEditState(random, { allowLocked: true });
      const locked = new Set(
        timeline.tracks.filter((candidate) => candidate.locked).map((candidate) => candidate.id),
      );
      const chosen = timeline.clips.filter((candidate) => !locked.has(candidate.trackId) && random() < 0.3);
      if (chosen.length === 0) continue;
      const next = rippleDelete(
        timeline,
        chosen.map((candidate) => candidate.id),
      );
      assertNoOverlaps(next);
      const firstCut = Math.min(...chosen.map((candidate) => candidate.startUs));
      const after = new Map(next.clips.map((candidate) => [candidate.id, candidate]));
      expect(next.clips).toHaveLength(timeline.clips.length - chosen.length);
      for (const before of timeline.clips) {
        const now = after.get(before.id);
        if (!now) continue;
        expect(clipDuration(now), `seed ${seed}`).toBe(clipDuration(before));
        expect(now.startUs).toBeLessThanOrEqual(before.startUs);
        if (locked.has(before.trackId) || clipEnd(before) <= firstCut)
          expect(now.startUs).toBe(before.startUs);
      }
      // Clips that kept both their linked partners on unlocked tracks stay in sync.
      for (const now of next.clips) {
        const partner = next.clips.find(
          (other) => other.id !== now.id && now.linkGroup && other.linkGroup === now.linkGroup,
        );
        if (partner && !locked.has(now.trackId) && !locked.has(partner.trackId)) {
          expect(partner.startUs, `seed ${seed}`).toBe(now.startUs);
        }
      }
      // The order of clips on each track never changes.
      for (const candidate of timeline.tracks) {
        const order = (clips: Timeline['clips']) =>
          clips
            .filter((c) => c.trackId === candidate.id)
            .sort((a, b) => a.startUs - b.startUs)
            .map((c) => c.id);
        expect(order(next.clips)).toEqual(order(timeline.clips).filter((id) => after.has(id)));
      }
    }
  });
});
