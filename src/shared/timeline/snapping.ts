// Snapping: a dragged clip or edge is pulled onto nearby points (the playhead, clip edges,
// markers, the in/out points) when within reach, else onto the nearest frame. Pure, so the
// renderer's drag preview and the tests agree on where things land.
import type { Timeline } from '../model/schemas';
import { snapToFrame, type Rational } from '../time';
import { clipEnd } from './edits';

export interface SnapResult {
  us: number;
  /** The point it snapped to, or null when it only snapped to a frame. */
  snappedTo: number | null;
}

/** Points worth snapping to: 0, the playhead, edges of clips not being dragged, and extra marks. */
export function snapTargets(
  timeline: Timeline,
  ignoreClipIds: ReadonlySet<string>,
  playheadUs: number,
  marksUs: readonly number[] = [],
): number[] {
  const points = new Set<number>([0, playheadUs, ...marksUs]);
  for (const clip of timeline.clips) {
    if (ignoreClipIds.has(clip.id)) continue;
    points.add(clip.startUs);
    points.add(clipEnd(clip));
  }
  return [...points].sort((a, b) => a - b);
}

/** Snaps one time (an edge, the playhead) onto the nearest target within `reachUs`. */
export function snapTime(
  wantedUs: number,
  targets: readonly number[],
  reachUs: number,
  fps: Rational,
): SnapResult {
  let best: number | null = null;
  let bestDistance = Infinity;
  for (const target of targets) {
    const distance = Math.abs(target - wantedUs);
    if (distance <= reachUs && distance < bestDistance) {
      best = target;
      bestDistance = distance;
    }
  }
  return best === null ? { us: snapToFrame(wantedUs, fps), snappedTo: null } : { us: best, snappedTo: best };
}

/** Snaps a span being moved: either its start or its end may land on a target, whichever is closer. */
export function snapSpanStart(
  wantedStartUs: number,
  durationUs: number,
  targets: readonly number[],
  reachUs: number,
  fps: Rational,
): SnapResult {
  let best: SnapResult | null = null;
  let bestDistance = Infinity;
  for (const target of targets) {
    for (const [start, snappedTo] of [
      [target, target],
      [target - durationUs, target],
    ] as const) {
      const distance = Math.abs(start - wantedStartUs);
      if (start >= 0 && distance <= reachUs && distance < bestDistance) {
        best = { us: start, snappedTo };
        bestDistance = distance;
      }
    }
  }
  return best ?? { us: snapToFrame(Math.max(0, wantedStartUs), fps), snappedTo: null };
}
