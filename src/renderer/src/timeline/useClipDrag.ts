// Dragging clips with the pointer: the preview moves locally while the pointer moves, and exactly
// one moveClip command is sent when the pointer is released (DESIGN.md §2: drags commit once).
import { useCallback, useEffect, useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import type { Clip, Timeline } from '../../../shared/model/schemas';
import type { EditCommand } from '../../../shared/timeline/editCommands';
import { clipGroup, snapCandidates, snappedStart } from './clipSnapping';
import { pxToUs } from './timelineGeometry';

export interface ClipDragPreview {
  clipId: string;
  /** Offset applied to the dragged clip and its linked clips. */
  deltaUs: number;
  /** Track the dragged clip would land on. */
  trackId: string;
  groupIds: ReadonlySet<string>;
}

interface ClipDragOptions {
  timeline: Timeline | null;
  pxPerSecond: number;
  playheadUs: number;
  selection: ReadonlySet<string>;
  onSelectionChange: (selection: Set<string>) => void;
  apply: (command: EditCommand) => Promise<boolean>;
}

const DRAG_THRESHOLD_PX = 4;
export const LANE_TRACK_ATTRIBUTE = 'data-lane-track-id';

function laneTrackAt(clientX: number, clientY: number): string | null {
  for (const element of document.elementsFromPoint(clientX, clientY)) {
    const lane = element.closest(`[${LANE_TRACK_ATTRIBUTE}]`);
    if (lane) return lane.getAttribute(LANE_TRACK_ATTRIBUTE);
  }
  return null;
}

export function useClipDrag(options: ClipDragOptions) {
  const [preview, setPreview] = useState<ClipDragPreview | null>(null);
  const latest = useRef(options);
  useEffect(() => {
    latest.current = options;
  });
  const cleanup = useRef<(() => void) | null>(null);
  useEffect(() => () => cleanup.current?.(), []);

  const onClipPointerDown = useCallback((clip: Clip, event: ReactPointerEvent<HTMLDivElement>) => {
    const { timeline, selection, onSelectionChange } = latest.current;
    if (event.button !== 0 || !timeline) return;
    event.preventDefault();
    event.stopPropagation();
    cleanup.current?.();
    const additive = event.shiftKey || event.ctrlKey || event.metaKey;
    if (additive) {
      const next = new Set(selection);
      if (next.has(clip.id)) next.delete(clip.id);
      else next.add(clip.id);
      onSelectionChange(next);
    } else if (!selection.has(clip.id)) {
      onSelectionChange(new Set([clip.id]));
    }

    const originTrack = timeline.tracks.find((track) => track.id === clip.trackId);
    const group = clipGroup(timeline, clip);
    const groupIds = new Set(group.map((member) => member.id));
    const candidates = snapCandidates(timeline, groupIds, latest.current.playheadUs);
    const startX = event.clientX;
    const startY = event.clientY;
    let moved = false;
    let current: ClipDragPreview = { clipId: clip.id, deltaUs: 0, trackId: clip.trackId, groupIds };

    const onMove = (move: PointerEvent) => {
      if (!moved && Math.hypot(move.clientX - startX, move.clientY - startY) < DRAG_THRESHOLD_PX) return;
      moved = true;
      const { pxPerSecond } = latest.current;
      const rawDelta = pxToUs(move.clientX - startX, pxPerSecond);
      // The earliest member of a linked group may not go below zero.
      const minDelta = -Math.min(...group.map((member) => member.startUs));
      const start = snappedStart(clip, Math.max(minDelta, rawDelta), candidates, pxPerSecond, timeline.fps);
      const hovered = laneTrackAt(move.clientX, move.clientY);
      const hoveredTrack = timeline.tracks.find((track) => track.id === hovered);
      const trackId =
        hoveredTrack && hoveredTrack.kind === originTrack?.kind ? hoveredTrack.id : current.trackId;
      current = { clipId: clip.id, deltaUs: Math.max(minDelta, start - clip.startUs), trackId, groupIds };
      setPreview(current);
    };
    const finish = (commit: boolean) => {
      cleanup.current?.();
      if (!moved) {
        if (commit && !additive) latest.current.onSelectionChange(new Set([clip.id]));
        setPreview(null);
        return;
      }
      if (!commit || (current.deltaUs === 0 && current.trackId === clip.trackId)) {
        setPreview(null);
        return;
      }
      // Keep the preview until the host answers, so the clip does not jump back meanwhile.
      void latest.current
        .apply({
          type: 'moveClip',
          clipId: clip.id,
          trackId: current.trackId,
          startUs: Math.max(0, clip.startUs + current.deltaUs),
        })
        .finally(() => setPreview((shown) => (shown === current ? null : shown)));
    };
    const onUp = () => finish(true);
    const onCancel = () => finish(false);
    const onKey = (key: KeyboardEvent) => {
      if (key.key === 'Escape') {
        key.preventDefault();
        finish(false);
      }
    };
    window.addEventListener('pointermove', onMove);
    window.addEventListener('pointerup', onUp);
    window.addEventListener('pointercancel', onCancel);
    window.addEventListener('keydown', onKey, true);
    cleanup.current = () => {
      window.removeEventListener('pointermove', onMove);
      window.removeEventListener('pointerup', onUp);
      window.removeEventListener('pointercancel', onCancel);
      window.removeEventListener('keydown', onKey, true);
      cleanup.current = null;
    };
  }, []);

  return { preview, onClipPointerDown };
}

/** The clips as drawn: the dragged group shifted (and the dragged clip on its target track). */
export function clipsWithPreview(clips: readonly Clip[], preview: ClipDragPreview | null): Clip[] {
  if (!preview) return [...clips];
  return clips.map((clip) =>
    preview.groupIds.has(clip.id)
      ? {
          ...clip,
          startUs: clip.startUs + preview.deltaUs,
          trackId: clip.id === preview.clipId ? preview.trackId : clip.trackId,
        }
      : clip,
  );
}
