// The effects stack of a clip: add, remove, reorder, enable/disable, change parameters. The
// order field is kept as 0..n-1 per clip, so "move to index" is all a reorder needs.
import { StudioError } from '../errors';
import { assertClipsUnlocked, findClip } from './clipLookup';
import type { ClipEffect, EditContext, EditState, EffectParams } from './editState';

function findEffect(state: EditState, effectId: string): ClipEffect {
  const effect = state.effects.find((candidate) => candidate.id === effectId);
  if (!effect) throw new StudioError('NOT_FOUND', `There is no effect with id ${effectId}.`);
  return effect;
}

function assertClipEditable(state: EditState, clipId: string): void {
  assertClipsUnlocked(state.timeline, [findClip(state.timeline, clipId)]);
}

/** The clip's effects in stack order. */
export function effectsOfClip(effects: readonly ClipEffect[], clipId: string): ClipEffect[] {
  return effects.filter((effect) => effect.clipId === clipId).sort((a, b) => a.order - b.order);
}

/** Replaces one clip's stack with `stack` (in that order), renumbering the orders. */
function withStack(state: EditState, clipId: string, stack: readonly ClipEffect[]): EditState {
  const renumbered = stack.map((effect, order) => (effect.order === order ? effect : { ...effect, order }));
  return {
    ...state,
    effects: [...state.effects.filter((effect) => effect.clipId !== clipId), ...renumbered],
  };
}

export function addEffect(
  state: EditState,
  clipId: string,
  kind: string,
  params: EffectParams,
  context: EditContext,
): EditState {
  assertClipEditable(state, clipId);
  if (!context.effectKinds.includes(kind)) {
    const known = context.effectKinds.length > 0 ? context.effectKinds.join(', ') : 'none yet';
    throw new StudioError(
      'INVALID_ARGUMENT',
      `"${kind}" is not an effect this studio can apply (available: ${known}).`,
    );
  }
  const stack = effectsOfClip(state.effects, clipId);
  const effect: ClipEffect = {
    id: context.newId(),
    clipId,
    kind,
    params: { ...(context.effectDefaults?.(kind) ?? {}), ...params },
    order: stack.length,
    enabled: true,
  };
  return withStack(state, clipId, [...stack, effect]);
}

export function removeEffect(state: EditState, effectId: string): EditState {
  const effect = findEffect(state, effectId);
  assertClipEditable(state, effect.clipId);
  return withStack(
    state,
    effect.clipId,
    effectsOfClip(state.effects, effect.clipId).filter((candidate) => candidate.id !== effectId),
  );
}

/** Moves an effect to `toIndex` in its clip's stack (0 = applied first). */
export function moveEffect(state: EditState, effectId: string, toIndex: number): EditState {
  const effect = findEffect(state, effectId);
  assertClipEditable(state, effect.clipId);
  const stack = effectsOfClip(state.effects, effect.clipId).filter((candidate) => candidate.id !== effectId);
  stack.splice(Math.max(0, Math.min(stack.length, Math.round(toIndex))), 0, effect);
  return withStack(state, effect.clipId, stack);
}

export function setEffectEnabled(state: EditState, effectId: string, enabled: boolean): EditState {
  const effect = findEffect(state, effectId);
  assertClipEditable(state, effect.clipId);
  return {
    ...state,
    effects: state.effects.map((candidate) =>
      candidate.id === effectId ? { ...candidate, enabled } : candidate,
    ),
  };
}

/** Merges `params` into the effect's parameters (a key set to null is removed). */
export function setEffectParams(state: EditState, effectId: string, params: EffectParams): EditState {
  const effect = findEffect(state, effectId);
  assertClipEditable(state, effect.clipId);
  const merged: EffectParams = { ...effect.params };
  for (const [key, value] of Object.entries(params)) {
    if (value === null) delete merged[key];
    else merged[key] = value;
  }
  return {
    ...state,
    effects: state.effects.map((candidate) =>
      candidate.id === effectId ? { ...candidate, params: merged } : candidate,
    ),
  };
}
