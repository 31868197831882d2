// Small lookups shared by the pure edit functions: find a clip or track or refuse with NOT_FOUND,
// the clips linked to a clip, and the "locked tracks are not edited" rule in one place.
import { StudioError } from '../errors';
import type { Clip, Timeline, Track } from '../model/schemas';
import { clipEnd } from './edits';

export function findClip(timeline: Timeline, clipId: string): Clip {
  const clip = timeline.clips.find((candidate) => candidate.id === clipId);
  if (!clip) throw new StudioError('NOT_FOUND', `There is no clip with id ${clipId}.`);
  return clip;
}

export function findTrack(timeline: Timeline, trackId: string): Track {
  const track = timeline.tracks.find((candidate) => candidate.id === trackId);
  if (!track) throw new StudioError('NOT_FOUND', `There is no track with id ${trackId}.`);
  return track;
}

/** The clip and every clip sharing its link group (a video and its own audio). */
export function linkedGroupOf(timeline: Timeline, clip: Clip): Clip[] {
  if (!clip.linkGroup) return [clip];
  return timeline.clips.filter((candidate) => candidate.linkGroup === clip.linkGroup);
}

/** The ids plus the ids of every clip linked to one of them; unknown ids are refused. */
export function withLinkedClipIds(timeline: Timeline, clipIds: Iterable<string>): Set<string> {
  const result = new Set<string>();
  for (const id of clipIds) {
    for (const member of linkedGroupOf(timeline, findClip(timeline, id))) result.add(member.id);
  }
  return result;
}

/** Refuses an edit that would change anything on a locked track. */
export function assertTracksUnlocked(timeline: Timeline, trackIds: Iterable<string>): void {
  for (const trackId of new Set(trackIds)) {
    const track = findTrack(timeline, trackId);
    if (track.locked) {
      throw new StudioError(
        'INVALID_ARGUMENT',
        `Track "${track.name}" is locked: unlock it to edit its clips.`,
      );
    }
  }
}

export function assertClipsUnlocked(timeline: Timeline, clips: readonly Clip[]): void {
  assertTracksUnlocked(
    timeline,
    clips.map((clip) => clip.trackId),
  );
}

/** The clips of one track in time order. */
export function clipsOnTrack(timeline: Timeline, trackId: string): Clip[] {
  return timeline.clips.filter((clip) => clip.trackId === trackId).sort((a, b) => a.startUs - b.startUs);
}

/** The clip on `trackId` that contains `us` (start inclusive, end exclusive), if any. */
export function clipAtTime(timeline: Timeline, trackId: string, us: number): Clip | undefined {
  return timeline.clips.find((clip) => clip.trackId === trackId && clip.startUs <= us && us < clipEnd(clip));
}
