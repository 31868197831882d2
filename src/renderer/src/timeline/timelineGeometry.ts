// Timeline coordinates: x (CSS px inside the lanes) = µs × pxPerSecond / 1e6. Zoom is pxPerSecond.
import { US_PER_SECOND } from '../../../shared/time';

export const TRACK_HEADER_WIDTH = 150;
export const RULER_HEIGHT = 30;
export const TRACK_HEIGHTS = { video: 64, audio: 52 } as const;

export const MIN_PX_PER_SECOND = 1;
export const MAX_PX_PER_SECOND = 2000;
export const DEFAULT_PX_PER_SECOND = 80;
/** How close (CSS px) a dragged clip or edge must come to a point to snap onto it. */
export const SNAP_DISTANCE_PX = 8;
const ZOOM_FACTOR = 1.25;

/** Room after the last clip so there is always somewhere to drop. */
export const TRAILING_SPACE_US = 30 * US_PER_SECOND;

export function usToPx(us: number, pxPerSecond: number): number {
  return (us * pxPerSecond) / US_PER_SECOND;
}

export function pxToUs(px: number, pxPerSecond: number): number {
  return Math.round((px * US_PER_SECOND) / pxPerSecond);
}

export function clampZoom(pxPerSecond: number): number {
  return Math.min(MAX_PX_PER_SECOND, Math.max(MIN_PX_PER_SECOND, pxPerSecond));
}

export function zoomedIn(pxPerSecond: number, steps = 1): number {
  return clampZoom(pxPerSecond * ZOOM_FACTOR ** steps);
}

export function zoomedOut(pxPerSecond: number, steps = 1): number {
  return clampZoom(pxPerSecond / ZOOM_FACTOR ** steps);
}

/** The zoom at which `durationUs` fills `widthPx`. */
export function zoomToFit(durationUs: number, widthPx: number): number {
  if (durationUs <= 0 || widthPx <= 0) return DEFAULT_PX_PER_SECOND;
  return clampZoom((widthPx * 0.95 * US_PER_SECOND) / durationUs);
}

// Ruler steps (major, minor) in seconds; the first whose major step is at least ~90 px wide wins.
const RULER_STEPS: ReadonlyArray<readonly [number, number]> = [
  [0.04, 0.04],
  [0.1, 0.02],
  [0.2, 0.04],
  [0.5, 0.1],
  [1, 0.2],
  [2, 0.5],
  [5, 1],
  [10, 2],
  [15, 5],
  [30, 5],
  [60, 10],
  [120, 30],
  [300, 60],
  [600, 120],
  [900, 300],
  [1800, 300],
  [3600, 600],
];

export interface RulerSteps {
  majorUs: number;
  minorUs: number;
}

export function rulerSteps(pxPerSecond: number, minMajorPx = 90): RulerSteps {
  for (const [major, minor] of RULER_STEPS) {
    if (major * pxPerSecond >= minMajorPx) {
      return { majorUs: Math.round(major * US_PER_SECOND), minorUs: Math.round(minor * US_PER_SECOND) };
    }
  }
  const [major, minor] = RULER_STEPS[RULER_STEPS.length - 1]!;
  return { majorUs: major * US_PER_SECOND, minorUs: minor * US_PER_SECOND };
}

/** "0:05", "1:30", "1:02:03" for whole-second steps; "0:01.20" when the step is finer. */
export function formatRulerLabel(us: number, majorUs: number): string {
  const totalSeconds = us / US_PER_SECOND;
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  const secondsText =
    majorUs % US_PER_SECOND === 0
      ? String(Math.round(seconds)).padStart(2, '0')
      : seconds.toFixed(2).padStart(5, '0');
  return hours > 0
    ? `${hours}:${String(minutes).padStart(2, '0')}:${secondsText}`
    : `${minutes}:${secondsText}`;
}

/** Lane-space span [from, to) that is worth drawing: the viewport plus a margin, in coarse steps. */
export function visibleSpan(scrollLeft: number, viewportWidth: number): { fromPx: number; toPx: number } {
  const chunk = 512;
  const fromPx = Math.max(0, Math.floor((scrollLeft - chunk / 2) / chunk) * chunk);
  const toPx = Math.ceil((scrollLeft + viewportWidth + chunk / 2) / chunk) * chunk;
  return { fromPx, toPx };
}

/** Index of the first clip (sorted by start) that may still be visible at `fromUs`, by binary search. */
export function firstVisibleIndex(
  sortedStarts: readonly number[],
  fromUs: number,
  longestUs: number,
): number {
  let low = 0;
  let high = sortedStarts.length;
  const earliest = fromUs - longestUs;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (sortedStarts[middle]! < earliest) low = middle + 1;
    else high = middle;
  }
  return low;
}
