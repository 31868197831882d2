// Ripple delete: remove clips and close the gaps they leave. The gap closes on every unlocked
// track at once (what Shotcut calls "ripple all tracks"), so clips after the cut keep their sync
// with each other, linked audio included. Where another track has material inside the gap, the
// gap closes only as far as that material allows: a ripple never makes clips overlap.
import type { Clip, Timeline } from '../model/schemas';
import { assertClipsUnlocked, findClip } from './clipLookup';
import { clipEnd, removeClips } from './edits';

/** Time spans covered by the clips, merged where they touch or overlap, latest first. */
function mergedSpansLatestFirst(clips: readonly Clip[]): [number, number][] {
  const spans = clips
    .map((clip) => [clip.startUs, clipEnd(clip)] as [number, number])
    .sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const span of spans) {
    const last = merged[merged.length - 1];
    if (last && span[0] <= last[1]) last[1] = Math.max(last[1], span[1]);
    else merged.push([...span]);
  }
  return merged.reverse();
}

/**
 * How far clips starting at or after `endUs` can shift left (up to `gapUs`) on every unlocked
 * track without reaching the clips that stay in place.
 */
export function rippleShiftAt(timeline: Timeline, startUs: number, endUs: number): number {
  let shift = endUs - startUs;
  for (const track of timeline.tracks) {
    if (track.locked) continue;
    let lastStayingEnd = 0;
    let firstMovingStart = Infinity;
    for (const clip of timeline.clips) {
      if (clip.trackId !== track.id) continue;
      if (clip.startUs >= endUs) firstMovingStart = Math.min(firstMovingStart, clip.startUs);
      else lastStayingEnd = Math.max(lastStayingEnd, clipEnd(clip));
    }
    if (firstMovingStart !== Infinity) shift = Math.min(shift, firstMovingStart - lastStayingEnd);
  }
  return Math.max(0, shift);
}

/** Shifts every clip on an unlocked track that starts at or after `fromUs` by `-shiftUs`. */
function shiftLeftFrom(timeline: Timeline, fromUs: number, shiftUs: number): Timeline {
  if (shiftUs === 0) return timeline;
  const locked = new Set(timeline.tracks.filter((track) => track.locked).map((track) => track.id));
  return {
    ...timeline,
    clips: timeline.clips.map((clip) =>
      clip.startUs >= fromUs && !locked.has(clip.trackId)
        ? { ...clip, startUs: clip.startUs - shiftUs }
        : clip,
    ),
  };
}

/** Removes the clips (only those listed: select linked clips to remove them too) and closes the gaps. */
export function rippleDelete(timeline: Timeline, clipIds: readonly string[]): Timeline {
  const removed = [...new Set(clipIds)].map((id) => findClip(timeline, id));
  assertClipsUnlocked(timeline, removed);
  let next = removeClips(timeline, clipIds);
  // Latest gap first: closing it moves only later clips, so earlier gaps keep their positions.
  for (const [start, end] of mergedSpansLatestFirst(removed)) {
    next = shiftLeftFrom(next, end, rippleShiftAt(next, start, end));
  }
  return next;
}
