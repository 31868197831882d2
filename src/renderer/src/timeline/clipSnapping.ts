// Where a dragged clip lands: frame-snapped, and pulled onto nearby clip edges or the playhead.
import type { Clip, Timeline } from '../../../shared/model/schemas';
import { snapToFrame, type Rational } from '../../../shared/time';
import { clipEnd, clipDuration } from '../../../shared/timeline/edits';
import { pxToUs } from './timelineGeometry';

export const SNAP_DISTANCE_PX = 8;

export function snapCandidates(
  timeline: Timeline,
  ignoreIds: ReadonlySet<string>,
  playheadUs: number,
): number[] {
  const points = [0, playheadUs];
  for (const clip of timeline.clips) {
    if (ignoreIds.has(clip.id)) continue;
    points.push(clip.startUs, clipEnd(clip));
  }
  return points;
}

/** The start for `clip` when dragged by `rawDeltaUs`, snapped to edges within SNAP_DISTANCE_PX. */
export function snappedStart(
  clip: Clip,
  rawDeltaUs: number,
  candidates: readonly number[],
  pxPerSecond: number,
  fps: Rational,
): number {
  const wanted = Math.max(0, clip.startUs + rawDeltaUs);
  const duration = clipDuration(clip);
  const reach = pxToUs(SNAP_DISTANCE_PX, pxPerSecond);
  let best = wanted;
  let bestDistance = reach + 1;
  for (const point of candidates) {
    for (const start of [point, point - duration]) {
      const distance = Math.abs(start - wanted);
      if (start >= 0 && distance <= reach && distance < bestDistance) {
        best = start;
        bestDistance = distance;
      }
    }
  }
  return bestDistance <= reach ? best : snapToFrame(wanted, fps);
}

/** The clips that move with `clip` (its link group, or itself). */
export function clipGroup(timeline: Timeline, clip: Clip): Clip[] {
  return clip.linkGroup
    ? timeline.clips.filter((candidate) => candidate.linkGroup === clip.linkGroup)
    : [clip];
}
