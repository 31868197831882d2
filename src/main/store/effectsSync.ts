// Between the store's effect rows and the editor's ClipEffect model: conversion, and writing a
// wanted list of effects as the few inserts, updates and deletes that differ.
import type { ClipEffect } from '../../shared/timeline/editState';
import type { EffectQueries, EffectRecord } from './queries/effects';

export function recordToClipEffect(record: EffectRecord): ClipEffect {
  const params = record.params;
  return {
    id: record.id,
    clipId: record.clipId,
    kind: record.kind,
    // Rows written by other code may hold any JSON: the editor works with objects only.
    params:
      typeof params === 'object' && params !== null && !Array.isArray(params)
        ? (params as Record<string, unknown>)
        : {},
    order: record.order,
    enabled: record.enabled,
  };
}

/** Makes the effects table equal `wanted`. Call inside a transaction, after the clips exist. */
export function syncEffects(effects: EffectQueries, wanted: readonly ClipEffect[]): void {
  const current = new Map(effects.list().map((effect) => [effect.id, effect]));
  const wantedIds = new Set(wanted.map((effect) => effect.id));
  for (const id of current.keys()) if (!wantedIds.has(id)) effects.remove(id);
  for (const effect of wanted) {
    const stored = current.get(effect.id);
    if (!stored) effects.insert(effect);
    else if (JSON.stringify(recordToClipEffect(stored)) !== JSON.stringify(effect)) {
      const { id, clipId: _clipId, ...changes } = effect;
      effects.update(id, changes);
    }
  }
}
