import { describe, expect, test } from 'vitest';
import {
  addEffect,
  effectsOfClip,
  moveEffect,
  removeEffect,
  setEffectEnabled,
  setEffectParams,
} from './effectEdits';
import type { EditState } from './editState';
import { clip, emptyTimeline, testContext } from './timelineTestSupport';

const withClip = (): EditState => ({
  timeline: { ...emptyTimeline(), clips: [clip('c', 'V1', 0, 1_000_000)] },
  effects: [],
});

describe('effects stack', () => {
  test('add, reorder, remove keep the stack numbered 0..n-1; defaults fill missing params', () => {
    const context = testContext('fx');
    let state = addEffect(withClip(), 'c', 'blur', {}, context);
    state = addEffect(state, 'c', 'faceSwap', { source: 'id-1' }, context);
    state = addEffect(state, 'c', 'blur', { radius: 9 }, context);
    expect(
      effectsOfClip(state.effects, 'c').map((effect) => [effect.id, effect.order, effect.params]),
    ).toEqual([
      ['fx-1', 0, { radius: 4 }],
      ['fx-2', 1, { source: 'id-1' }],
      ['fx-3', 2, { radius: 9 }],
    ]);
    state = moveEffect(state, 'fx-3', 0);
    expect(effectsOfClip(state.effects, 'c').map((effect) => effect.id)).toEqual(['fx-3', 'fx-1', 'fx-2']);
    state = removeEffect(state, 'fx-1');
    expect(effectsOfClip(state.effects, 'c').map((effect) => [effect.id, effect.order])).toEqual([
      ['fx-3', 0],
      ['fx-2', 1],
    ]);
  });

  test('enable and params; unknown kinds and locked tracks are refused', () => {
    const context = testContext('fx');
    let state = addEffect(withClip(), 'c', 'blur', {}, context);
    state = setEffectEnabled(state, 'fx-1', false);
    state = setEffectParams(state, 'fx-1', { radius: 7, feather: 0.5 });
    state = setEffectParams(state, 'fx-1', { feather: null });
    expect(state.effects[0]).toMatchObject({ enabled: false, params: { radius: 7 } });
    expect(() => addEffect(state, 'c', 'sepia', {}, context)).toThrow(/not an effect this studio can apply/);
    state.timeline.tracks[0]!.locked = true;
    expect(() => setEffectEnabled(state, 'fx-1', true)).toThrow(/locked/);
  });
});
