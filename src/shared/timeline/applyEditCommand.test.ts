import { describe, expect, test } from 'vitest';
import { applyEditCommand, describeEditCommand } from './applyEditCommand';
import { assertNoOverlaps } from './edits';
import type { EditState } from './editState';
import {
  canonical,
  deepCopy,
  randomCommand,
  randomEditState,
  seededRandom,
  testContext,
} from './timelineTestSupport';

describe('applyEditCommand', () => {
  test('random sequences keep the invariants; refused commands change nothing; locked tracks never change', () => {
    for (let seed = 1; seed <= 200; seed += 1) {
      const random = seededRandom(seed);
      const context = testContext(`r${seed}`);
      let state: EditState = randomEditState(random, { allowLocked: true });
      for (let step = 0; step < 15; step += 1) {
        const command = randomCommand(random, state);
        if (!command) continue;
        expect(describeEditCommand(command).length).toBeGreaterThan(0);
        const before = deepCopy(state);
        let next: EditState;
        try {
          next = applyEditCommand(state, command, context);
        } catch (error) {
          expect((error as { code?: string }).code, `seed ${seed} ${command.type}`).toMatch(
            /INVALID_ARGUMENT|NOT_FOUND/,
          );
          expect(canonical(state)).toEqual(canonical(before));
          continue;
        }
        assertNoOverlaps(next.timeline);
        const clipIds = new Set(next.timeline.clips.map((clip) => clip.id));
        for (const effect of next.effects) expect(clipIds.has(effect.clipId)).toBe(true);
        const trackIds = new Set(next.timeline.tracks.map((track) => track.id));
        for (const clip of next.timeline.clips) expect(trackIds.has(clip.trackId)).toBe(true);
        if (command.type !== 'setTrackFlags' && command.type !== 'moveTrack' && command.type !== 'addTrack') {
          for (const track of before.timeline.tracks.filter((candidate) => candidate.locked)) {
            const clipsOn = (s: EditState) =>
              canonical(s).timeline.clips.filter((clip) => clip.trackId === track.id);
            expect(clipsOn(next), `seed ${seed} ${command.type}: locked track changed`).toEqual(
              clipsOn(before),
            );
          }
        }
        state = next;
      }
    }
  });
});
