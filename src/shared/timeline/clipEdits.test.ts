import { describe, expect, test } from 'vitest';
import type { Timeline } from '../model/schemas';
import {
  clipTemplates,
  duplicateClips,
  linkClips,
  moveClips,
  pasteClips,
  splitClips,
  unlinkClips,
} from './clipEdits';
import { assertNoOverlaps, clipDuration, clipEnd } from './edits';
import type { EditState } from './editState';
import {
  RANDOM_RUNS,
  clip,
  emptyTimeline,
  pick,
  randomEditState,
  randomInt,
  seededRandom,
  testContext,
} from './timelineTestSupport';

function linkedPair(): EditState {
  return {
    timeline: {
      ...emptyTimeline(),
      clips: [
        clip('v', 'V1', 1_000_000, 4_000_000, { linkGroup: 'g', inUs: 2_000_000, outUs: 6_000_000 }),
        clip('a', 'A1', 1_000_000, 4_000_000, { linkGroup: 'g', inUs: 2_000_000, outUs: 6_000_000 }),
      ],
    },
    effects: [{ id: 'fx', clipId: 'v', kind: 'blur', params: { radius: 2 }, order: 0, enabled: true }],
  };
}

describe('splitClips', () => {
  test('splits a linked pair into two linked pairs meeting at the frame, copying effects to the right half', () => {
    const next = splitClips(linkedPair(), ['v'], 2_010_000, testContext());
    const clips = new Map(next.timeline.clips.map((candidate) => [candidate.id, candidate]));
    expect(next.timeline.clips).toHaveLength(4);
    expect(clips.get('v')).toMatchObject({
      startUs: 1_000_000,
      inUs: 2_000_000,
      outUs: 3_000_000,
      linkGroup: 'g',
    });
    expect(clips.get('a')).toMatchObject({ outUs: 3_000_000, linkGroup: 'g' });
    const rights = next.timeline.clips.filter((candidate) => candidate.startUs === 2_000_000);
    expect(rights).toHaveLength(2);
    expect(new Set(rights.map((candidate) => candidate.linkGroup)).size).toBe(1);
    expect(rights[0]!.linkGroup).not.toBe('g');
    for (const right of rights) expect(right).toMatchObject({ inUs: 3_000_000, outUs: 6_000_000 });
    const copied = next.effects.filter((effect) => effect.id !== 'fx');
    expect(copied).toEqual([
      {
        id: expect.any(String),
        clipId: rights.find((r) => r.trackId === 'V1')!.id,
        kind: 'blur',
        params: { radius: 2 },
        order: 0,
        enabled: true,
      },
    ]);
  });

  test('refuses when nothing spans the time, and on a locked track', () => {
    expect(() => splitClips(linkedPair(), ['v'], 9_000_000, testContext())).toThrow(/nothing to split/);
    const locked = linkedPair();
    locked.timeline.tracks[1]!.locked = true;
    expect(() => splitClips(locked, ['v'], 2_000_000, testContext())).toThrow(/locked/);
  });

  test('random splits keep the covered time and the source continuous', () => {
    for (let seed = 1; seed <= RANDOM_RUNS; seed += 1) {
      const random = seededRandom(seed);
      const state = randomEditState(random);
      if (state.timeline.clips.length === 0) continue;
      const target = pick(random, state.timeline.clips);
      const at = randomInt(random, target.startUs + 1, clipEnd(target) - 1);
      let next: EditState;
      try {
        next = splitClips(state, [target.id], at, testContext());
      } catch {
        continue; // the frame nearest `at` was one of the clip's own edges
      }
      assertNoOverlaps(next.timeline);
      const total = (timeline: Timeline) =>
        timeline.clips.reduce((sum, candidate) => sum + clipDuration(candidate), 0);
      expect(total(next.timeline), `seed ${seed}`).toBe(total(state.timeline));
      const left = next.timeline.clips.find((candidate) => candidate.id === target.id)!;
      const right = next.timeline.clips.find(
        (candidate) => candidate.trackId === target.trackId && candidate.startUs === clipEnd(left),
      )!;
      expect(right.inUs).toBe(left.outUs);
      expect(right.outUs).toBe(target.outUs);
    }
  });
});

describe('moveClips', () => {
  test('random multi-clip moves: no overlaps, lengths kept, linked clips move by the same offset', () => {
    for (let seed = 1; seed <= RANDOM_RUNS; seed += 1) {
      const random = seededRandom(seed);
      const { timeline } = randomEditState(random);
      if (timeline.clips.length === 0) continue;
      const chosen = timeline.clips.filter(() => random() < 0.3).map((candidate) => candidate.id);
      if (chosen.length === 0) continue;
      const next = moveClips(timeline, chosen, randomInt(random, -5_000_000, 5_000_000));
      assertNoOverlaps(next);
      const after = new Map(next.clips.map((candidate) => [candidate.id, candidate]));
      const offsets = new Set<number>();
      for (const before of timeline.clips) {
        const now = after.get(before.id)!;
        expect(clipDuration(now)).toBe(clipDuration(before));
        expect(now.trackId).toBe(before.trackId);
        const moved =
          chosen.includes(before.id) ||
          timeline.clips.some(
            (other) => chosen.includes(other.id) && other.linkGroup && other.linkGroup === before.linkGroup,
          );
        if (moved) offsets.add(now.startUs - before.startUs);
        else expect(now).toEqual(before);
      }
      expect(offsets.size, `seed ${seed}`).toBe(1);
    }
  });
});

describe('paste, duplicate, link', () => {
  test('duplicate places a copy of a linked pair after it, as a new linked pair with its effects', () => {
    const next = duplicateClips(linkedPair(), ['a'], testContext());
    assertNoOverlaps(next.timeline);
    const copies = next.timeline.clips.filter((candidate) => candidate.id !== 'v' && candidate.id !== 'a');
    expect(copies).toHaveLength(2);
    for (const copy of copies)
      expect(copy).toMatchObject({ startUs: 5_000_000, inUs: 2_000_000, outUs: 6_000_000 });
    expect(copies[0]!.linkGroup).toBe(copies[1]!.linkGroup);
    expect(copies[0]!.linkGroup).not.toBe('g');
    expect(next.effects).toHaveLength(2);
  });

  test('random pastes land without overlaps, keeping relative offsets', () => {
    for (let seed = 1; seed <= RANDOM_RUNS; seed += 1) {
      const random = seededRandom(seed);
      const state = randomEditState(random);
      if (state.timeline.clips.length === 0) continue;
      const chosen = state.timeline.clips.filter(() => random() < 0.4).map((candidate) => candidate.id);
      if (chosen.length === 0) continue;
      const templates = clipTemplates(state, chosen);
      const next = pasteClips(state, templates, randomInt(random, 0, 8_000_000), testContext());
      assertNoOverlaps(next.timeline);
      const pasted = next.timeline.clips.slice(state.timeline.clips.length);
      expect(pasted).toHaveLength(chosen.length);
      const first = pasted[0]!.startUs - templates[0]!.offsetUs;
      pasted.forEach((copy, index) =>
        expect(copy.startUs - templates[index]!.offsetUs, `seed ${seed}`).toBe(first),
      );
    }
  });

  test('paste refuses an audio clip on a video track', () => {
    const state = linkedPair();
    const templates = clipTemplates(state, ['a']).map((template) => ({
      ...template,
      assetId: 'audio-6s',
      trackId: 'V1',
    }));
    expect(() => pasteClips(state, templates, 0, testContext())).toThrow(/cannot go on the video track/);
  });

  test('unlink ends the group; link makes one again', () => {
    const unlinked = unlinkClips(linkedPair().timeline, ['v']);
    expect(unlinked.clips.map((candidate) => candidate.linkGroup)).toEqual([null, null]);
    const relinked = linkClips(unlinked, ['v', 'a'], 'g2');
    expect(relinked.clips.map((candidate) => candidate.linkGroup)).toEqual(['g2', 'g2']);
    expect(() => linkClips(unlinked, ['v'], 'g3')).toThrow(/two clips/);
  });
});
