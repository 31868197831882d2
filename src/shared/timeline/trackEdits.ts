// Track edits: rename, mute/solo/lock/hide, reorder and remove (adding is in ./edits.ts).
// Tracks of one kind stay together (video above audio), so a reorder moves a track among the
// tracks of its own kind.
import { StudioError } from '../errors';
import type { Timeline, Track } from '../model/schemas';
import { findTrack } from './clipLookup';

export type TrackFlags = Partial<Pick<Track, 'muted' | 'solo' | 'locked' | 'hidden'>>;

function replaceTrack(timeline: Timeline, next: Track): Timeline {
  return { ...timeline, tracks: timeline.tracks.map((track) => (track.id === next.id ? next : track)) };
}

export function renameTrack(timeline: Timeline, trackId: string, name: string): Timeline {
  const track = findTrack(timeline, trackId);
  const trimmed = name.trim();
  if (trimmed.length === 0) throw new StudioError('INVALID_ARGUMENT', 'A track needs a name.');
  return replaceTrack(timeline, { ...track, name: trimmed });
}

/** Sets any of mute, solo, lock and hide; flags left out keep their value. */
export function setTrackFlags(timeline: Timeline, trackId: string, flags: TrackFlags): Timeline {
  const track = findTrack(timeline, trackId);
  return replaceTrack(timeline, { ...track, ...flags });
}

/** Orders are 0..n-1 from the top, video tracks first, keeping the given relative order. */
function renumbered(tracks: readonly Track[]): Track[] {
  const video = tracks.filter((track) => track.kind === 'video');
  const audio = tracks.filter((track) => track.kind === 'audio');
  return [...video, ...audio].map((track, order) => (track.order === order ? track : { ...track, order }));
}

/** Moves a track to position `toIndex` among the tracks of its kind (0 = the top one). */
export function moveTrack(timeline: Timeline, trackId: string, toIndex: number): Timeline {
  const track = findTrack(timeline, trackId);
  const sorted = [...timeline.tracks].sort((a, b) => a.order - b.order);
  const sameKind = sorted.filter((candidate) => candidate.kind === track.kind && candidate.id !== track.id);
  const index = Math.max(0, Math.min(sameKind.length, Math.round(toIndex)));
  sameKind.splice(index, 0, track);
  const others = sorted.filter((candidate) => candidate.kind !== track.kind);
  return { ...timeline, tracks: renumbered([...sameKind, ...others]) };
}

/** Removes a track with its clips. A locked track is refused: unlock it first. */
export function removeTrack(timeline: Timeline, trackId: string): Timeline {
  const track = findTrack(timeline, trackId);
  if (track.locked)
    throw new StudioError('INVALID_ARGUMENT', `Track "${track.name}" is locked: unlock it to remove it.`);
  const tracks = renumbered(
    [...timeline.tracks].sort((a, b) => a.order - b.order).filter((candidate) => candidate.id !== trackId),
  );
  return { ...timeline, tracks, clips: timeline.clips.filter((clip) => clip.trackId !== trackId) };
}
