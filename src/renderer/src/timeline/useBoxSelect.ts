// Box select: press on an empty part of a lane and drag; every clip the box touches is selected
// (Shift or Ctrl adds to the selection). A press without a drag clears the selection.
import { useCallback, useEffect, useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import type { Timeline } from '../../../shared/model/schemas';
import { clipEnd } from '../../../shared/timeline/edits';
import { pxToUs } from './timelineGeometry';
import { LANE_TRACK_ATTRIBUTE } from './useClipDrag';

export interface SelectionBox {
  left: number;
  top: number;
  width: number;
  height: number;
}

interface BoxSelectOptions {
  timeline: Timeline | null;
  pxPerSecond: number;
  selection: ReadonlySet<string>;
  onSelectionChange: (selection: Set<string>) => void;
}

const THRESHOLD_PX = 4;

export function useBoxSelect(options: BoxSelectOptions) {
  const [box, setBox] = useState<SelectionBox | null>(null);
  const latest = useRef(options);
  useEffect(() => {
    latest.current = options;
  });
  const cleanup = useRef<(() => void) | null>(null);
  useEffect(() => () => cleanup.current?.(), []);

  const onBackgroundPointerDown = useCallback((event: ReactPointerEvent<HTMLElement>) => {
    const { timeline, selection, onSelectionChange } = latest.current;
    if (!timeline) return;
    cleanup.current?.();
    const additive = event.shiftKey || event.ctrlKey || event.metaKey;
    const startX = event.clientX;
    const startY = event.clientY;
    const container = event.currentTarget.closest('.timeline-content');
    let dragging = false;

    const select = (move: PointerEvent) => {
      const left = Math.min(startX, move.clientX);
      const right = Math.max(startX, move.clientX);
      const top = Math.min(startY, move.clientY);
      const bottom = Math.max(startY, move.clientY);
      setBox({ left, top, width: right - left, height: bottom - top });
      const chosen = new Set(additive ? selection : []);
      const lanes = container?.querySelectorAll<HTMLElement>(`[${LANE_TRACK_ATTRIBUTE}]`) ?? [];
      for (const lane of lanes) {
        const laneBox = lane.getBoundingClientRect();
        if (laneBox.bottom < top || laneBox.top > bottom) continue;
        const trackId = lane.getAttribute(LANE_TRACK_ATTRIBUTE);
        const fromUs = pxToUs(left - laneBox.left, latest.current.pxPerSecond);
        const toUs = pxToUs(right - laneBox.left, latest.current.pxPerSecond);
        for (const clip of timeline.clips) {
          if (clip.trackId === trackId && clip.startUs < toUs && clipEnd(clip) > fromUs) chosen.add(clip.id);
        }
      }
      onSelectionChange(chosen);
    };
    const onMove = (move: PointerEvent) => {
      if (!dragging && Math.hypot(move.clientX - startX, move.clientY - startY) < THRESHOLD_PX) return;
      dragging = true;
      select(move);
    };
    const onUp = () => {
      cleanup.current?.();
      setBox(null);
      if (!dragging && !additive) onSelectionChange(new Set());
    };
    window.addEventListener('pointermove', onMove);
    window.addEventListener('pointerup', onUp);
    window.addEventListener('pointercancel', onUp);
    cleanup.current = () => {
      window.removeEventListener('pointermove', onMove);
      window.removeEventListener('pointerup', onUp);
      window.removeEventListener('pointercancel', onUp);
      cleanup.current = null;
    };
  }, []);

  return { box, onBackgroundPointerDown };
}
