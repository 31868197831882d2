// Trim, roll and slip: edits that move clip edges or the source window, never the clip order.
// All three share one rule set (edgeDeltaLimits): an edge may move only as far as the source
// media, the one-frame minimum length and the neighbouring clips allow. Linked clips (a video and
// its own audio) move their edges together so they stay in sync.
import { StudioError } from '../errors';
import type { Clip, Timeline } from '../model/schemas';
import { frameDuration, snapToFrame } from '../time';
import { assertClipsUnlocked, clipsOnTrack, findClip, linkedGroupOf } from './clipLookup';
import { clipDuration, clipEnd } from './edits';

export type ClipEdge = 'in' | 'out';

export interface EdgeMove {
  clipId: string;
  edge: ClipEdge;
}

/** Source length of a clip's asset in µs, or null when unlimited (stills). */
export type SourceDurationOf = (clip: Clip) => number | null;

export interface DeltaLimits {
  min: number;
  max: number;
}

/**
 * How far (µs, negative = earlier) all `moves` may shift together. An 'in' edge move changes
 * start and in point together (the clip's end stays); an 'out' edge move changes the out point.
 * A neighbour whose facing edge is in `moves` too moves along, so it does not limit (a roll).
 */
export function edgeDeltaLimits(
  timeline: Timeline,
  moves: readonly EdgeMove[],
  sourceDurationOf: SourceDurationOf,
): DeltaLimits {
  const minLength = frameDuration(timeline.fps);
  const moving = new Set(moves.map((move) => `${move.clipId}:${move.edge}`));
  let min = -Infinity;
  let max = Infinity;
  for (const move of moves) {
    const clip = findClip(timeline, move.clipId);
    const track = clipsOnTrack(timeline, clip.trackId);
    const index = track.findIndex((candidate) => candidate.id === clip.id);
    const length = clipDuration(clip);
    if (move.edge === 'in') {
      min = Math.max(min, -clip.inUs, -clip.startUs);
      max = Math.min(max, length - minLength);
      const previous = track[index - 1];
      if (previous && !moving.has(`${previous.id}:out`))
        min = Math.max(min, clipEnd(previous) - clip.startUs);
    } else {
      const source = sourceDurationOf(clip);
      if (source !== null) max = Math.min(max, source - clip.outUs);
      min = Math.max(min, minLength - length);
      const next = track[index + 1];
      if (next && !moving.has(`${next.id}:in`)) max = Math.min(max, next.startUs - clipEnd(clip));
    }
  }
  // An impossible range (a clip already shorter than a frame, say) allows no movement at all.
  if (min > max) return { min: 0, max: 0 };
  return { min: Math.min(0, min), max: Math.max(0, max) };
}

export function clampDelta(deltaUs: number, limits: DeltaLimits): number {
  return Math.min(limits.max, Math.max(limits.min, deltaUs));
}

function applyEdgeMoves(timeline: Timeline, moves: readonly EdgeMove[], deltaUs: number): Timeline {
  if (deltaUs === 0) return timeline;
  const edges = new Map<string, ClipEdge[]>();
  for (const move of moves) edges.set(move.clipId, [...(edges.get(move.clipId) ?? []), move.edge]);
  return {
    ...timeline,
    clips: timeline.clips.map((clip) => {
      const moved = edges.get(clip.id);
      if (!moved) return clip;
      let next = clip;
      if (moved.includes('in'))
        next = { ...next, startUs: next.startUs + deltaUs, inUs: next.inUs + deltaUs };
      if (moved.includes('out')) next = { ...next, outUs: next.outUs + deltaUs };
      return next;
    }),
  };
}

/**
 * Drags one edge of a clip (and the same edge of its linked clips) to `toUs` on the timeline,
 * snapped to a frame and clamped to what the media and the neighbours allow.
 */
export function trimClip(
  timeline: Timeline,
  clipId: string,
  edge: ClipEdge,
  toUs: number,
  sourceDurationOf: SourceDurationOf,
): Timeline {
  const clip = findClip(timeline, clipId);
  const group = linkedGroupOf(timeline, clip);
  assertClipsUnlocked(timeline, group);
  const moves = group.map((member) => ({ clipId: member.id, edge }));
  const edgeUs = edge === 'in' ? clip.startUs : clipEnd(clip);
  const wanted = snapToFrame(Math.max(0, toUs), timeline.fps) - edgeUs;
  return applyEdgeMoves(
    timeline,
    moves,
    clampDelta(wanted, edgeDeltaLimits(timeline, moves, sourceDurationOf)),
  );
}

/**
 * Moves the cut between two touching clips of one track to `toUs`: the left clip's out point and
 * the right clip's in point move together, so the total length stays the same.
 */
export function rollEdit(
  timeline: Timeline,
  leftClipId: string,
  rightClipId: string,
  toUs: number,
  sourceDurationOf: SourceDurationOf,
): Timeline {
  const left = findClip(timeline, leftClipId);
  const right = findClip(timeline, rightClipId);
  if (left.trackId !== right.trackId || clipEnd(left) !== right.startUs) {
    throw new StudioError(
      'INVALID_ARGUMENT',
      'A roll needs two clips that touch on the same track (the left one ending where the right one starts).',
    );
  }
  const leftGroup = linkedGroupOf(timeline, left);
  const rightGroup = linkedGroupOf(timeline, right);
  assertClipsUnlocked(timeline, [...leftGroup, ...rightGroup]);
  const moves: EdgeMove[] = [
    ...leftGroup.map((member) => ({ clipId: member.id, edge: 'out' as const })),
    ...rightGroup.map((member) => ({ clipId: member.id, edge: 'in' as const })),
  ];
  const wanted = snapToFrame(Math.max(0, toUs), timeline.fps) - clipEnd(left);
  return applyEdgeMoves(
    timeline,
    moves,
    clampDelta(wanted, edgeDeltaLimits(timeline, moves, sourceDurationOf)),
  );
}

/** How far a clip's source window may slide: in >= 0 and out <= the source length. */
export function slipLimits(group: readonly Clip[], sourceDurationOf: SourceDurationOf): DeltaLimits {
  let min = -Infinity;
  let max = Infinity;
  for (const clip of group) {
    min = Math.max(min, -clip.inUs);
    const source = sourceDurationOf(clip);
    if (source !== null) max = Math.min(max, source - clip.outUs);
  }
  if (min > max) return { min: 0, max: 0 };
  return { min: Math.min(0, min), max: Math.max(0, max) };
}

/**
 * Slides the source under a clip by `deltaUs` (positive shows later material): position and
 * length on the timeline stay, in and out points move together. Linked clips slip together.
 */
export function slipClip(
  timeline: Timeline,
  clipId: string,
  deltaUs: number,
  sourceDurationOf: SourceDurationOf,
): Timeline {
  const clip = findClip(timeline, clipId);
  const group = linkedGroupOf(timeline, clip);
  assertClipsUnlocked(timeline, group);
  const delta = clampDelta(snapToFrame(deltaUs, timeline.fps), slipLimits(group, sourceDurationOf));
  if (delta === 0) return timeline;
  const ids = new Set(group.map((member) => member.id));
  return {
    ...timeline,
    clips: timeline.clips.map((candidate) =>
      ids.has(candidate.id)
        ? { ...candidate, inUs: candidate.inUs + delta, outUs: candidate.outUs + delta }
        : candidate,
    ),
  };
}
