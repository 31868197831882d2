// The difference between the stored timeline and the one an edit produced, so writeTimeline only
// touches rows that changed (cheap commits, and triggers or history see real changes only).
import type { Clip, Timeline, Track } from '../../shared/model/schemas';

export interface RowChanges<Row> {
  inserted: Row[];
  updated: Row[];
  deletedIds: string[];
}

export interface TimelineDiff {
  fpsChanged: boolean;
  tracks: RowChanges<Track>;
  clips: RowChanges<Clip>;
}

const TRACK_FIELDS = ['kind', 'name', 'order', 'muted', 'solo', 'locked', 'hidden'] as const;
const CLIP_FIELDS = ['trackId', 'assetId', 'startUs', 'inUs', 'outUs', 'linkGroup'] as const;

function diffRows<Row extends { id: string }>(
  previous: readonly Row[],
  next: readonly Row[],
  fields: readonly (keyof Row)[],
): RowChanges<Row> {
  const previousById = new Map(previous.map((row) => [row.id, row]));
  const nextIds = new Set(next.map((row) => row.id));
  const changes: RowChanges<Row> = { inserted: [], updated: [], deletedIds: [] };
  for (const row of next) {
    const before = previousById.get(row.id);
    if (!before) changes.inserted.push(row);
    else if (fields.some((field) => before[field] !== row[field])) changes.updated.push(row);
  }
  for (const row of previous) if (!nextIds.has(row.id)) changes.deletedIds.push(row.id);
  return changes;
}

export function diffTimelines(previous: Timeline, next: Timeline): TimelineDiff {
  return {
    fpsChanged: previous.fps.num !== next.fps.num || previous.fps.den !== next.fps.den,
    tracks: diffRows(previous.tracks, next.tracks, TRACK_FIELDS),
    clips: diffRows(previous.clips, next.clips, CLIP_FIELDS),
  };
}

export function isEmptyTimelineDiff(diff: TimelineDiff): boolean {
  const { tracks, clips } = diff;
  return (
    !diff.fpsChanged &&
    tracks.inserted.length + tracks.updated.length + tracks.deletedIds.length === 0 &&
    clips.inserted.length + clips.updated.length + clips.deletedIds.length === 0
  );
}
