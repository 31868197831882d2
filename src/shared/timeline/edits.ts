// Pure edit functions over the timeline model: no I/O, no clocks, no randomness (ids come in as
// arguments). The store applies their result in one transaction; tests check their invariants.
import { StudioError } from '../errors';
import type { Clip, MediaKind, Timeline, Track, TrackKind } from '../model/schemas';
import { US_PER_SECOND, snapToFrame } from '../time';

/** Stills have no duration of their own; they land on the timeline this long. */
export const DEFAULT_STILL_DURATION_US = 5 * US_PER_SECOND;

export interface AssetFacts {
  id: string;
  kind: MediaKind;
  durationUs: number | null;
  hasVideo: boolean;
  hasAudio: boolean;
}

export function clipDuration(clip: Pick<Clip, 'inUs' | 'outUs'>): number {
  return clip.outUs - clip.inUs;
}

export function clipEnd(clip: Pick<Clip, 'startUs' | 'inUs' | 'outUs'>): number {
  return clip.startUs + clipDuration(clip);
}

export function timelineDuration(timeline: Pick<Timeline, 'clips'>): number {
  return timeline.clips.reduce((end, clip) => Math.max(end, clipEnd(clip)), 0);
}

export function tracksOfKind(timeline: Timeline, kind: TrackKind): Track[] {
  return timeline.tracks.filter((track) => track.kind === kind).sort((a, b) => a.order - b.order);
}

function requireTrack(timeline: Timeline, trackId: string): Track {
  const track = timeline.tracks.find((candidate) => candidate.id === trackId);
  if (!track) throw new StudioError('NOT_FOUND', `There is no track with id ${trackId}.`);
  return track;
}

/**
 * The earliest start at or after `wantedStartUs` where a span of `durationUs` fits on the track
 * without overlapping any clip (ignoring the clips in `ignoreIds`).
 */
export function firstFreeStart(
  timeline: Timeline,
  trackId: string,
  wantedStartUs: number,
  durationUs: number,
  ignoreIds: ReadonlySet<string> = new Set(),
): number {
  const occupied = timeline.clips
    .filter((clip) => clip.trackId === trackId && !ignoreIds.has(clip.id))
    .map((clip) => [clip.startUs, clipEnd(clip)] as const)
    .sort((a, b) => a[0] - b[0]);
  let start = wantedStartUs;
  for (const [from, to] of occupied) {
    if (start + durationUs <= from) break;
    if (start < to) start = to;
  }
  return start;
}

export interface InsertAssetOptions {
  asset: AssetFacts;
  trackId: string | null;
  startUs: number;
  /** Fresh ids for the clips this may create: [primary, linked audio] and a link group id. */
  newIds: { clipId: string; linkedClipId: string; linkGroup: string };
}

/** Places an asset on the timeline; a video with sound also gets its linked audio clip. */
export function insertAsset(timeline: Timeline, options: InsertAssetOptions): Timeline {
  const { asset, newIds } = options;
  const primaryKind: TrackKind = asset.kind === 'audio' ? 'audio' : 'video';
  const track = options.trackId
    ? requireTrack(timeline, options.trackId)
    : tracksOfKind(timeline, primaryKind)[0];
  if (!track) throw new StudioError('NOT_FOUND', `The timeline has no ${primaryKind} track.`);
  if (track.kind !== primaryKind) {
    throw new StudioError(
      'INVALID_ARGUMENT',
      `A ${asset.kind} clip cannot go on the ${track.kind} track "${track.name}".`,
    );
  }
  if (track.locked) throw new StudioError('INVALID_ARGUMENT', `Track "${track.name}" is locked.`);
  const durationUs = asset.durationUs && asset.durationUs > 0 ? asset.durationUs : DEFAULT_STILL_DURATION_US;
  const wanted = snapToFrame(options.startUs, timeline.fps);
  // The linked sound goes to the first audio track that is not locked (none: the video comes alone).
  const linkedAudioTrack =
    asset.kind === 'video' && asset.hasAudio
      ? tracksOfKind(timeline, 'audio').find((candidate) => !candidate.locked)
      : undefined;

  // Both clips of a linked pair must start together: find a start free on both tracks.
  let start = firstFreeStart(timeline, track.id, wanted, durationUs);
  if (linkedAudioTrack) {
    for (let guard = 0; guard < 1000; guard += 1) {
      const audioStart = firstFreeStart(timeline, linkedAudioTrack.id, start, durationUs);
      const videoStart = firstFreeStart(timeline, track.id, audioStart, durationUs);
      if (videoStart === audioStart) {
        start = videoStart;
        break;
      }
      start = videoStart;
    }
  }
  const linkGroup = linkedAudioTrack ? newIds.linkGroup : null;
  const clips: Clip[] = [
    {
      id: newIds.clipId,
      trackId: track.id,
      assetId: asset.id,
      startUs: start,
      inUs: 0,
      outUs: durationUs,
      linkGroup,
    },
  ];
  if (linkedAudioTrack) {
    clips.push({
      id: newIds.linkedClipId,
      trackId: linkedAudioTrack.id,
      assetId: asset.id,
      startUs: start,
      inUs: 0,
      outUs: durationUs,
      linkGroup,
    });
  }
  return { ...timeline, clips: [...timeline.clips, ...clips] };
}

/** Moves a clip (and the clips linked to it, by the same offset) without creating overlaps. */
export function moveClip(timeline: Timeline, clipId: string, trackId: string, startUs: number): Timeline {
  const clip = timeline.clips.find((candidate) => candidate.id === clipId);
  if (!clip) throw new StudioError('NOT_FOUND', `There is no clip with id ${clipId}.`);
  const from = requireTrack(timeline, clip.trackId);
  const to = requireTrack(timeline, trackId);
  if (from.kind !== to.kind) {
    throw new StudioError(
      'INVALID_ARGUMENT',
      `A ${from.kind} clip cannot move to the ${to.kind} track "${to.name}".`,
    );
  }
  if (from.locked || to.locked) throw new StudioError('INVALID_ARGUMENT', 'A locked track cannot be edited.');
  const group = clip.linkGroup
    ? timeline.clips.filter((candidate) => candidate.linkGroup === clip.linkGroup)
    : [clip];
  // Linked clips move too, so their tracks must be unlocked as well.
  if (group.some((member) => timeline.tracks.find((track) => track.id === member.trackId)?.locked)) {
    throw new StudioError('INVALID_ARGUMENT', 'A locked track cannot be edited.');
  }
  const groupIds = new Set(group.map((member) => member.id));
  const wanted = snapToFrame(startUs, timeline.fps);
  // Find an offset at which every member fits on its (possibly new) track.
  let offset = wanted - clip.startUs;
  for (let guard = 0; guard < 1000; guard += 1) {
    let moved = false;
    for (const member of group) {
      const memberTrack = member.id === clip.id ? to.id : member.trackId;
      const memberStart = Math.max(0, member.startUs + offset);
      const free = firstFreeStart(timeline, memberTrack, memberStart, clipDuration(member), groupIds);
      if (free !== memberStart) {
        offset += free - memberStart;
        moved = true;
      }
    }
    if (!moved) break;
  }
  const minStart = Math.min(...group.map((member) => member.startUs));
  if (minStart + offset < 0) offset = -minStart;
  return {
    ...timeline,
    clips: timeline.clips.map((candidate) => {
      if (!groupIds.has(candidate.id)) return candidate;
      return {
        ...candidate,
        trackId: candidate.id === clip.id ? to.id : candidate.trackId,
        startUs: candidate.startUs + offset,
      };
    }),
  };
}

export function removeClips(timeline: Timeline, clipIds: readonly string[]): Timeline {
  const ids = new Set(clipIds);
  for (const id of ids) {
    if (!timeline.clips.some((clip) => clip.id === id)) {
      throw new StudioError('NOT_FOUND', `There is no clip with id ${id}.`);
    }
  }
  return { ...timeline, clips: timeline.clips.filter((clip) => !ids.has(clip.id)) };
}

export function addTrack(timeline: Timeline, kind: TrackKind, id: string, name: string | null): Timeline {
  const sameKind = tracksOfKind(timeline, kind);
  const label = name ?? `${kind === 'video' ? 'V' : 'A'}${sameKind.length + 1}`;
  // Video tracks stack above audio tracks; a new video track goes on top of the video tracks.
  const tracks = [...timeline.tracks].sort((a, b) => a.order - b.order);
  const insertAt = kind === 'video' ? 0 : tracks.length;
  const track: Track = {
    id,
    kind,
    name: label,
    order: insertAt,
    muted: false,
    solo: false,
    locked: false,
    hidden: false,
  };
  tracks.splice(insertAt, 0, track);
  return { ...timeline, tracks: tracks.map((candidate, order) => ({ ...candidate, order })) };
}

/** Throws if two clips on one track overlap: the invariant every edit must keep. */
export function assertNoOverlaps(timeline: Timeline): void {
  for (const track of timeline.tracks) {
    const clips = timeline.clips
      .filter((clip) => clip.trackId === track.id)
      .sort((a, b) => a.startUs - b.startUs);
    for (let index = 1; index < clips.length; index += 1) {
      const previous = clips[index - 1]!;
      const current = clips[index]!;
      if (clipEnd(previous) > current.startUs) {
        throw new StudioError(
          'INTERNAL',
          `Clips ${previous.id} and ${current.id} overlap on track "${track.name}".`,
        );
      }
    }
  }
}
