// Undo/redo records what an edit changed as row snapshots, not as inverse commands: for every
// track, clip and effect the edit inserted, changed or deleted, the row before and after. Undo
// writes the "before" rows back, redo the "after" rows. This undoes any command, present or
// future, exactly (a ripple's shifted clips, a deleted clip's cascaded effects) with no
// per-command inverse logic to get wrong, and it costs only the rows that changed.
import { z } from 'zod';
import { clipSchema, trackSchema, type Clip, type Track } from '../model/schemas';
import { clipEffectSchema, type ClipEffect, type EditState } from './editState';

const rowChangesSchema = <Row extends z.ZodType>(row: Row) =>
  z.object({ upsert: z.array(row), remove: z.array(z.string()) });

export const editPatchSchema = z.object({
  tracks: rowChangesSchema(trackSchema),
  clips: rowChangesSchema(clipSchema),
  effects: rowChangesSchema(clipEffectSchema),
});
export type EditPatch = z.infer<typeof editPatchSchema>;

export interface RowChanges<Row> {
  upsert: Row[];
  remove: string[];
}

/** What the Edit menu needs to know about the history. */
export const historyStateSchema = z.object({
  canUndo: z.boolean(),
  canRedo: z.boolean(),
  /** The label of the edit that undo would take back ("Split"), or null. */
  undoLabel: z.string().nullable(),
  redoLabel: z.string().nullable(),
});
export type HistoryState = z.infer<typeof historyStateSchema>;

function sameRow(a: unknown, b: unknown): boolean {
  // Rows are plain JSON data (numbers, strings, booleans, null, params objects).
  return JSON.stringify(a) === JSON.stringify(b);
}

function diffRows<Row extends { id: string }>(
  before: readonly Row[],
  after: readonly Row[],
): { forward: RowChanges<Row>; inverse: RowChanges<Row> } {
  const beforeById = new Map(before.map((row) => [row.id, row]));
  const afterById = new Map(after.map((row) => [row.id, row]));
  const forward: RowChanges<Row> = { upsert: [], remove: [] };
  const inverse: RowChanges<Row> = { upsert: [], remove: [] };
  for (const row of after) {
    const previous = beforeById.get(row.id);
    if (!previous) {
      forward.upsert.push(row);
      inverse.remove.push(row.id);
    } else if (!sameRow(previous, row)) {
      forward.upsert.push(row);
      inverse.upsert.push(previous);
    }
  }
  for (const row of before) {
    if (!afterById.has(row.id)) {
      forward.remove.push(row.id);
      inverse.upsert.push(row);
    }
  }
  return { forward, inverse };
}

/** The patch that turns `before` into `after`, and the one that turns it back. */
export function diffEditStates(
  before: EditState,
  after: EditState,
): { forward: EditPatch; inverse: EditPatch } {
  const tracks = diffRows<Track>(before.timeline.tracks, after.timeline.tracks);
  const clips = diffRows<Clip>(before.timeline.clips, after.timeline.clips);
  const effects = diffRows<ClipEffect>(before.effects, after.effects);
  return {
    forward: { tracks: tracks.forward, clips: clips.forward, effects: effects.forward },
    inverse: { tracks: tracks.inverse, clips: clips.inverse, effects: effects.inverse },
  };
}

export function isEmptyPatch(patch: EditPatch): boolean {
  return [patch.tracks, patch.clips, patch.effects].every(
    (changes) => changes.upsert.length === 0 && changes.remove.length === 0,
  );
}

function applyRows<Row extends { id: string }>(rows: readonly Row[], changes: RowChanges<Row>): Row[] {
  const removed = new Set(changes.remove);
  const replacements = new Map(changes.upsert.map((row) => [row.id, row]));
  const result: Row[] = [];
  for (const row of rows) {
    if (removed.has(row.id)) continue;
    const replacement = replacements.get(row.id);
    result.push(replacement ?? row);
    replacements.delete(row.id);
  }
  return [...result, ...replacements.values()];
}

/** Applies a patch (forward to redo, inverse to undo). */
export function applyEditPatch(state: EditState, patch: EditPatch): EditState {
  return {
    timeline: {
      ...state.timeline,
      tracks: applyRows(state.timeline.tracks, patch.tracks),
      clips: applyRows(state.timeline.clips, patch.clips),
    },
    effects: applyRows(state.effects, patch.effects),
  };
}
