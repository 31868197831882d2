// Dragging clips and their edges with the pointer. While the pointer moves, the edit is computed
// locally with the same pure functions the host uses (so the preview shows exactly where things
// will land) and nothing is sent; on release exactly ONE command is sent (DESIGN.md §2: drags
// preview without touching history and commit once). Escape cancels.
import { useCallback, useEffect, useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import type { Asset, Clip, Timeline } from '../../../shared/model/schemas';
import { applyEditCommand } from '../../../shared/timeline/applyEditCommand';
import { linkedGroupOf, withLinkedClipIds } from '../../../shared/timeline/clipLookup';
import type { EditCommand } from '../../../shared/timeline/editCommands';
import { clipEnd } from '../../../shared/timeline/edits';
import { snapSpanStart, snapTargets, snapTime } from '../../../shared/timeline/snapping';
import { SNAP_DISTANCE_PX, pxToUs } from './timelineGeometry';

export type EditTool = 'select' | 'roll' | 'slip';
export type ClipPart = 'body' | 'in' | 'out';

export interface ClipDragPreview {
  /** The timeline as it would be after the drop. */
  timeline: Timeline;
  /** Clips the drag changes (drawn highlighted). */
  changedIds: ReadonlySet<string>;
  /** Where a snap pulled the dragged edge, for the snap guide line. */
  snappedToUs: number | null;
}

interface ClipDragOptions {
  timeline: Timeline | null;
  assetsById: ReadonlyMap<string, Asset>;
  pxPerSecond: number;
  playheadUs: number;
  tool: EditTool;
  snapping: boolean;
  /** Markers and in/out points: more places to snap to. */
  marksUs: readonly number[];
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

type Gesture = 'move' | 'trim' | 'roll' | 'slip';

function neighbourTouching(timeline: Timeline, clip: Clip, part: 'in' | 'out'): Clip | undefined {
  return timeline.clips.find(
    (other) =>
      other.id !== clip.id &&
      other.trackId === clip.trackId &&
      (part === 'in' ? clipEnd(other) === clip.startUs : other.startUs === clipEnd(clip)),
  );
}

function chooseGesture(
  tool: EditTool,
  part: ClipPart,
  event: { altKey: boolean; ctrlKey: boolean; metaKey: boolean },
): Gesture {
  if (part === 'body') return tool === 'slip' || event.altKey ? 'slip' : 'move';
  return tool === 'roll' || event.ctrlKey || event.metaKey ? 'roll' : 'trim';
}

/** Clips whose drawn position differs between two timelines. */
function changedClipIds(before: Timeline, after: Timeline): Set<string> {
  const previous = new Map(before.clips.map((clip) => [clip.id, clip]));
  const changed = new Set<string>();
  for (const clip of after.clips) {
    const old = previous.get(clip.id);
    if (
      !old ||
      old.startUs !== clip.startUs ||
      old.inUs !== clip.inUs ||
      old.outUs !== clip.outUs ||
      old.trackId !== clip.trackId
    ) {
      changed.add(clip.id);
    }
  }
  return changed;
}

export function useClipDrag(options: ClipDragOptions) {
  const [preview, setPreview] = useState<ClipDragPreview | null>(null);
  const latest = useRef(options);
  useEffect(() => {
    latest.current = options;
  });
  const cleanup = useRef<(() => void) | null>(null);
  useEffect(() => () => cleanup.current?.(), []);

  const onClipPointerDown = useCallback(
    (clip: Clip, part: ClipPart, event: ReactPointerEvent<HTMLElement>) => {
      const { timeline, selection, onSelectionChange, tool, assetsById } = latest.current;
      if (event.button !== 0 || !timeline) return;
      event.preventDefault();
      event.stopPropagation();
      cleanup.current?.();
      const additive = event.shiftKey || (part === 'body' && (event.ctrlKey || event.metaKey));
      // Clicking a clip selects its linked clips too (Alt picks the one clip alone).
      const clicked = event.altKey ? new Set([clip.id]) : withLinkedClipIds(timeline, [clip.id]);
      let dragSelection = selection;
      if (additive) {
        const next = new Set(selection);
        const allIn = [...clicked].every((id) => next.has(id));
        for (const id of clicked) {
          if (allIn) next.delete(id);
          else next.add(id);
        }
        onSelectionChange(next);
        dragSelection = next;
      } else if (!selection.has(clip.id)) {
        onSelectionChange(clicked);
        dragSelection = clicked;
      }

      const gesture = chooseGesture(tool, part, event);
      const rollPartner =
        gesture === 'roll' && part !== 'body' ? neighbourTouching(timeline, clip, part) : undefined;
      const effective: Gesture = gesture === 'roll' && !rollPartner ? 'trim' : gesture;
      const multiMove =
        effective === 'move' &&
        dragSelection.has(clip.id) &&
        dragSelection.size > linkedGroupOf(timeline, clip).length;
      const movingIds = multiMove
        ? withLinkedClipIds(timeline, dragSelection)
        : withLinkedClipIds(timeline, [clip.id]);
      const targets = snapTargets(timeline, movingIds, latest.current.playheadUs, latest.current.marksUs);
      const earliest = Math.min(
        ...[...movingIds].map((id) => timeline.clips.find((c) => c.id === id)!.startUs),
      );
      const context = {
        asset: (id: string) => assetsById.get(id),
        newId: () => 'preview',
        effectKinds: [],
      };
      const startX = event.clientX;
      const startY = event.clientY;
      let moved = false;
      let command: EditCommand | null = null;

      const commandFor = (move: PointerEvent): { command: EditCommand; snappedToUs: number | null } => {
        const { pxPerSecond, snapping } = latest.current;
        const deltaUs = pxToUs(move.clientX - startX, pxPerSecond);
        const reach = snapping && !move.shiftKey ? pxToUs(SNAP_DISTANCE_PX, pxPerSecond) : 0;
        if (effective === 'slip')
          return { command: { type: 'slipClip', clipId: clip.id, deltaUs: -deltaUs }, snappedToUs: null };
        if (effective === 'move') {
          const span = multiMove ? 0 : clip.outUs - clip.inUs;
          const wantedStart = Math.max(0, (multiMove ? earliest : clip.startUs) + deltaUs);
          const snapped = snapSpanStart(wantedStart, span, targets, reach, timeline.fps);
          if (multiMove)
            return {
              command: { type: 'moveClips', clipIds: [...dragSelection], deltaUs: snapped.us - earliest },
              snappedToUs: snapped.snappedTo,
            };
          const hovered = timeline.tracks.find(
            (track) => track.id === laneTrackAt(move.clientX, move.clientY),
          );
          const origin = timeline.tracks.find((track) => track.id === clip.trackId);
          const trackId = hovered && hovered.kind === origin?.kind ? hovered.id : clip.trackId;
          return {
            command: { type: 'moveClip', clipId: clip.id, trackId, startUs: snapped.us },
            snappedToUs: snapped.snappedTo,
          };
        }
        const edgeUs = part === 'in' ? clip.startUs : clipEnd(clip);
        const snapped = snapTime(Math.max(0, edgeUs + deltaUs), targets, reach, timeline.fps);
        if (effective === 'roll' && rollPartner) {
          const [leftClipId, rightClipId] =
            part === 'in' ? [rollPartner.id, clip.id] : [clip.id, rollPartner.id];
          return {
            command: { type: 'rollEdit', leftClipId, rightClipId, toUs: snapped.us },
            snappedToUs: snapped.snappedTo,
          };
        }
        return {
          command: {
            type: 'trimClip',
            clipId: clip.id,
            edge: part === 'in' ? 'in' : 'out',
            toUs: snapped.us,
          },
          snappedToUs: snapped.snappedTo,
        };
      };

      const onMove = (move: PointerEvent) => {
        if (!moved && Math.hypot(move.clientX - startX, move.clientY - startY) < DRAG_THRESHOLD_PX) return;
        moved = true;
        const next = commandFor(move);
        try {
          const after = applyEditCommand({ timeline, effects: [] }, next.command, context).timeline;
          command = next.command;
          setPreview({
            timeline: after,
            changedIds: changedClipIds(timeline, after),
            snappedToUs: next.snappedToUs,
          });
        } catch {
          // Refused here (a locked track...): the host would refuse it too, so nothing is sent.
          command = null;
          setPreview(null);
        }
      };
      const finish = (commit: boolean) => {
        cleanup.current?.();
        if (!moved) {
          if (commit && !additive) latest.current.onSelectionChange(clicked);
          setPreview(null);
          return;
        }
        const chosen = command;
        if (!commit || !chosen) {
          setPreview(null);
          return;
        }
        // Keep the preview until the host answers, so the clip does not jump back meanwhile.
        void latest.current.apply(chosen).finally(() => setPreview(null));
      };
      const onUp = () => finish(true);
      const onCancel = () => finish(false);
      const onKey = (key: KeyboardEvent) => {
        if (key.key === 'Escape') {
          key.preventDefault();
          key.stopPropagation();
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
    },
    [],
  );

  return { preview, onClipPointerDown };
}
