import { describe, expect, test } from 'vitest';
import { moveTrack, removeTrack, renameTrack, setTrackFlags } from './trackEdits';
import { clip, emptyTimeline, track } from './timelineTestSupport';

const fourTracks = () => ({
  ...emptyTimeline([
    track('V2', 'video', 0),
    track('V1', 'video', 1),
    track('A1', 'audio', 2),
    track('A2', 'audio', 3),
  ]),
  clips: [clip('c', 'V1', 0, 1_000_000)],
});
const topToBottom = (tracks: { id: string; order: number }[]) =>
  [...tracks].sort((a, b) => a.order - b.order).map((candidate) => candidate.id);

describe('track edits', () => {
  test('reorder moves a track among its own kind and keeps orders 0..n-1, video above audio', () => {
    const moved = moveTrack(fourTracks(), 'V2', 5);
    expect(topToBottom(moved.tracks)).toEqual(['V1', 'V2', 'A1', 'A2']);
    expect(moved.tracks.map((candidate) => candidate.order).sort()).toEqual([0, 1, 2, 3]);
    expect(topToBottom(moveTrack(fourTracks(), 'A2', 0).tracks)).toEqual(['V2', 'V1', 'A2', 'A1']);
  });

  test('rename trims and refuses empty names; flags change only what is given', () => {
    expect(renameTrack(fourTracks(), 'A1', '  Dialogue ').tracks.find((t) => t.id === 'A1')!.name).toBe(
      'Dialogue',
    );
    expect(() => renameTrack(fourTracks(), 'A1', '   ')).toThrow(/name/);
    const muted = setTrackFlags(fourTracks(), 'A1', { muted: true, solo: true });
    expect(muted.tracks.find((t) => t.id === 'A1')).toMatchObject({
      muted: true,
      solo: true,
      locked: false,
      hidden: false,
    });
  });

  test('remove takes the clips with it, renumbers, and refuses a locked track', () => {
    const removed = removeTrack(fourTracks(), 'V1');
    expect(removed.clips).toEqual([]);
    expect(topToBottom(removed.tracks)).toEqual(['V2', 'A1', 'A2']);
    expect(removed.tracks.map((candidate) => candidate.order).sort()).toEqual([0, 1, 2]);
    const locked = setTrackFlags(fourTracks(), 'V1', { locked: true });
    expect(() => removeTrack(locked, 'V1')).toThrow(/locked/);
  });
});
