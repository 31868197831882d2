import { describe, expect, test } from 'vitest';
import { applyEditCommand } from './applyEditCommand';
import { applyEditPatch, diffEditStates, isEmptyPatch } from './editHistory';
import type { EditState } from './editState';
import {
  canonical,
  deepCopy,
  randomCommand,
  randomEditState,
  seededRandom,
  testContext,
} from './timelineTestSupport';

describe('edit history patches', () => {
  test('random command sequences: the forward patch redoes, the inverse undoes, all the way back', () => {
    for (let seed = 1; seed <= 150; seed += 1) {
      const random = seededRandom(seed);
      const context = testContext(`s${seed}`);
      const start = randomEditState(random);
      const history: {
        forward: ReturnType<typeof diffEditStates>['forward'];
        inverse: ReturnType<typeof diffEditStates>['inverse'];
      }[] = [];
      let state = start;
      for (let step = 0; step < 12; step += 1) {
        const command = randomCommand(random, state);
        if (!command) continue;
        let next: EditState;
        try {
          next = applyEditCommand(state, command, context);
        } catch {
          continue; // refused (locked, nothing under the time...): nothing to record
        }
        const patch = diffEditStates(state, next);
        expect(canonical(applyEditPatch(state, patch.forward)), `seed ${seed} ${command.type}`).toEqual(
          canonical(next),
        );
        expect(canonical(applyEditPatch(next, patch.inverse)), `seed ${seed} ${command.type}`).toEqual(
          canonical(state),
        );
        if (!isEmptyPatch(patch.forward)) history.push(patch);
        state = next;
      }
      const end = state;
      for (const entry of [...history].reverse()) state = applyEditPatch(state, entry.inverse);
      expect(canonical(state), `seed ${seed}: undo all`).toEqual(canonical(start));
      for (const entry of history) state = applyEditPatch(state, entry.forward);
      expect(canonical(state), `seed ${seed}: redo all`).toEqual(canonical(end));
    }
  });

  test('an edit that changes nothing gives an empty patch', () => {
    const state = randomEditState(seededRandom(3));
    expect(isEmptyPatch(diffEditStates(state, deepCopy(state)).forward)).toBe(true);
  });
});
