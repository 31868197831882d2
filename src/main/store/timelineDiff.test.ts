import { describe, expect, test } from 'vitest';
import type { Clip, Timeline, Track } from '../../shared/model/schemas';
import { diffTimelines, isEmptyTimelineDiff } from './timelineDiff';

const track = (id: string, order: number, changes: Partial<Track> = {}): Track => ({
  id,
  kind: 'video',
  name: id,
  order,
  muted: false,
  solo: false,
  locked: false,
  hidden: false,
  ...changes,
});
const clip = (id: string, trackId: string, startUs: number, changes: Partial<Clip> = {}): Clip => ({
  id,
  trackId,
  assetId: 'asset-1',
  startUs,
  inUs: 0,
  outUs: 1_000_000,
  linkGroup: null,
  ...changes,
});

describe('diffTimelines', () => {
  const previous: Timeline = {
    fps: { num: 25, den: 1 },
    tracks: [track('t1', 0), track('t2', 1)],
    clips: [clip('c1', 't1', 0), clip('c2', 't1', 1_000_000), clip('c3', 't2', 0)],
  };

  test('an identical timeline (even as fresh objects) is an empty diff', () => {
    const copy = structuredClone(previous);
    const diff = diffTimelines(previous, copy);
    expect(isEmptyTimelineDiff(diff)).toBe(true);
  });

  test('finds inserted, updated and deleted tracks and clips, field by field', () => {
    const next: Timeline = {
      fps: { num: 30000, den: 1001 },
      tracks: [track('t1', 0, { muted: true }), track('t3', 1)],
      clips: [
        clip('c1', 't1', 0),
        clip('c2', 't3', 1_000_000),
        clip('c4', 't3', 5_000_000, { linkGroup: 'g' }),
      ],
    };
    const diff = diffTimelines(previous, next);
    expect(diff.fpsChanged).toBe(true);
    expect(diff.tracks.inserted.map((row) => row.id)).toEqual(['t3']);
    expect(diff.tracks.updated.map((row) => row.id)).toEqual(['t1']);
    expect(diff.tracks.deletedIds).toEqual(['t2']);
    expect(diff.clips.inserted.map((row) => row.id)).toEqual(['c4']);
    expect(diff.clips.updated.map((row) => row.id)).toEqual(['c2']);
    expect(diff.clips.deletedIds).toEqual(['c3']);
  });
});
