import { useCallback, useEffect, useMemo, useRef, useState, type MouseEvent } from 'react';
import type { Asset, Clip, Track } from '../../../shared/model/schemas';
import type { EditCommand } from '../../../shared/timeline/editCommands';
import { timelineDuration } from '../../../shared/timeline/edits';
import type { EditorActions } from '../editor/useEditorActions';
import type { AssetDragPayload } from '../media-bin/assetDragData';
import { useContextMenu } from '../ui/ContextMenu';
import { InlineError } from '../ui/InlineError';
import { clipMenuItems, laneMenuItems, trackMenuItems } from './timelineMenus';
import { TimelineMarkers } from './TimelineMarkers';
import { TimelineRuler } from './TimelineRuler';
import { TimelineToolbar } from './TimelineToolbar';
import {
  RULER_HEIGHT,
  TRACK_HEADER_WIDTH,
  TRACK_HEIGHTS,
  TRAILING_SPACE_US,
  clampZoom,
  usToPx,
  visibleSpan,
  zoomToFit,
  zoomedIn,
  zoomedOut,
} from './timelineGeometry';
import { TrackHeader } from './TrackHeader';
import { TrackLane } from './TrackLane';
import { useBoxSelect } from './useBoxSelect';
import { useClipDrag, type EditTool } from './useClipDrag';
import type { TimelineState } from './useTimeline';
import type { TimelineMarksState } from './useTimelineMarks';
import { useTimelineViewport } from './useTimelineViewport';

interface TimelinePanelProps {
  timelineState: TimelineState;
  marksState: TimelineMarksState;
  actions: EditorActions;
  assetsById: ReadonlyMap<string, Asset>;
  effectCounts: ReadonlyMap<string, number>;
  playheadUs: number;
  onSeek: (us: number) => void;
  pxPerSecond: number;
  onZoomChange: (pxPerSecond: number) => void;
  selection: ReadonlySet<string>;
  onSelectionChange: (selection: Set<string>) => void;
  tool: EditTool;
  onToolChange: (tool: EditTool) => void;
  snapping: boolean;
  onSnappingChange: (snapping: boolean) => void;
  /** Hands "zoom to fit" to the editor, for the keyboard shortcut. */
  registerZoomToFit: (zoomToFit: () => void) => void;
}

const NO_IDS: ReadonlySet<string> = new Set();
const ZOOM_SETTLE_MS = 180;

export function TimelinePanel(props: TimelinePanelProps) {
  const { timelineState, pxPerSecond, playheadUs, onZoomChange, actions, marksState } = props;
  const { timeline, apply } = timelineState;
  const { scrollRef, scrollLeft, onScroll, laneViewportWidth } = useTimelineViewport({
    pxPerSecond,
    playheadUs,
    onZoomChange,
  });
  const menu = useContextMenu();
  const { marks } = marksState;
  const marksUs = useMemo(
    () => [
      ...marks.markers.map((marker) => marker.us),
      ...[marks.inUs, marks.outUs].filter((us): us is number => us !== null),
    ],
    [marks],
  );

  const { preview, onClipPointerDown } = useClipDrag({
    timeline,
    assetsById: props.assetsById,
    pxPerSecond,
    playheadUs,
    tool: props.tool,
    snapping: props.snapping,
    marksUs,
    selection: props.selection,
    onSelectionChange: props.onSelectionChange,
    apply,
  });
  const { box, onBackgroundPointerDown } = useBoxSelect({
    timeline,
    pxPerSecond,
    selection: props.selection,
    onSelectionChange: props.onSelectionChange,
  });

  const tracks = useMemo(() => [...(timeline?.tracks ?? [])].sort((a, b) => a.order - b.order), [timeline]);
  const shown = preview?.timeline ?? timeline;
  // One sorted clip list per track, so each lane can find its visible clips by binary search.
  const clipsByTrack = useMemo(() => {
    const byTrack = new Map<string, Clip[]>();
    for (const clip of shown?.clips ?? []) {
      const list = byTrack.get(clip.trackId) ?? [];
      list.push(clip);
      byTrack.set(clip.trackId, list);
    }
    for (const list of byTrack.values()) list.sort((a, b) => a.startUs - b.startUs);
    return byTrack;
  }, [shown]);
  const durationUs = timeline ? timelineDuration(timeline) : 0;
  const laneWidth = Math.max(laneViewportWidth, usToPx(durationUs + TRAILING_SPACE_US, pxPerSecond));
  const span = visibleSpan(scrollLeft, laneViewportWidth);
  // Thumbnails and waveforms are redrawn at every zoom step: while the zoom keeps changing
  // (ctrl+wheel, the slider) clips are drawn plain, and the media comes back once it settles.
  // Null at first: the first paint shows the clips plain and their thumbnails follow a moment later.
  const [settledZoom, setSettledZoom] = useState<number | null>(null);
  useEffect(() => {
    const timer = setTimeout(() => setSettledZoom(pxPerSecond), ZOOM_SETTLE_MS);
    return () => clearTimeout(timer);
  }, [pxPerSecond]);
  const showMedia = settledZoom === pxPerSecond;

  const fitToWindow = useCallback(
    () => onZoomChange(zoomToFit(durationUs, laneViewportWidth)),
    [onZoomChange, durationUs, laneViewportWidth],
  );
  const { registerZoomToFit } = props;
  useEffect(() => registerZoomToFit(fitToWindow), [registerZoomToFit, fitToWindow]);

  const onDropAsset = useCallback(
    (payload: AssetDragPayload, track: Track, startUs: number) => {
      const wantedKind = payload.kind === 'audio' ? 'audio' : 'video';
      void apply({
        type: 'insertAsset',
        assetId: payload.assetId,
        trackId: track.kind === wantedKind ? track.id : null,
        startUs,
      });
    },
    [apply],
  );
  const run = useCallback((command: EditCommand) => void apply(command), [apply]);

  // Menus read the latest state through a ref, so the handlers stay the same object across
  // renders and the memoised lanes and clips do not re-render on every scroll frame.
  const menuState = useRef({
    timeline,
    actions,
    run,
    playheadUs,
    selection: props.selection,
    onSelectionChange: props.onSelectionChange,
    onSeek: props.onSeek,
  });
  useEffect(() => {
    menuState.current = {
      timeline,
      actions,
      run,
      playheadUs,
      selection: props.selection,
      onSelectionChange: props.onSelectionChange,
      onSeek: props.onSeek,
    };
  });
  const openMenu = menu.open;
  const onClipContextMenu = useCallback(
    (clip: Clip, event: MouseEvent<HTMLElement>) => {
      const state = menuState.current;
      if (!state.selection.has(clip.id)) state.onSelectionChange(new Set([clip.id]));
      openMenu(
        event,
        'Clip',
        clipMenuItems({
          clip,
          timeline: state.timeline,
          actions: state.actions,
          run: state.run,
          playheadUs: state.playheadUs,
        }),
      );
    },
    [openMenu],
  );
  const onLaneContextMenu = useCallback(
    (track: Track, us: number, event: MouseEvent<HTMLElement>) => {
      const state = menuState.current;
      openMenu(
        event,
        'Track lane',
        laneMenuItems({ track, us, actions: state.actions, onSeek: state.onSeek }),
      );
    },
    [openMenu],
  );

  const selectionCount = props.selection.size;
  return (
    <section className="panel timeline-panel" aria-label="Timeline" data-testid="timeline">
      <TimelineToolbar
        playheadUs={playheadUs}
        durationUs={durationUs}
        pxPerSecond={pxPerSecond}
        selectionCount={selectionCount}
        history={timelineState.history}
        tool={props.tool}
        snapping={props.snapping}
        onToolChange={props.onToolChange}
        onSnappingChange={props.onSnappingChange}
        onZoom={(value) => onZoomChange(clampZoom(value))}
        onZoomIn={() => onZoomChange(zoomedIn(pxPerSecond))}
        onZoomOut={() => onZoomChange(zoomedOut(pxPerSecond))}
        onZoomToFit={fitToWindow}
        onAddTrack={(kind) => run({ type: 'addTrack', kind, name: null })}
        onDeleteSelection={actions.deleteSelection}
        onRippleDeleteSelection={actions.rippleDeleteSelection}
        onSplit={actions.split}
        onUndo={() => void timelineState.undo()}
        onRedo={() => void timelineState.redo()}
      />
      <InlineError
        error={timelineState.error ?? marksState.error}
        testId="timeline-error"
        onDismiss={timelineState.dismissError}
      />
      <div className="timeline-scroll" ref={scrollRef} onScroll={onScroll} data-testid="timeline-scroll">
        <div className="timeline-content" style={{ width: TRACK_HEADER_WIDTH + laneWidth }}>
          <div className="timeline-ruler-row" style={{ height: RULER_HEIGHT }}>
            <div className="timeline-corner" style={{ width: TRACK_HEADER_WIDTH }} />
            <TimelineRuler
              pxPerSecond={pxPerSecond}
              scrollLeft={scrollLeft}
              width={laneViewportWidth}
              height={RULER_HEIGHT}
              playheadUs={playheadUs}
              onSeek={props.onSeek}
            />
            <TimelineMarkers
              marks={marks}
              pxPerSecond={pxPerSecond}
              onSeek={props.onSeek}
              onRemoveMarker={marksState.removeMarker}
            />
          </div>
          {timeline === null ? <p className="empty-state timeline-loading">Loading the timeline…</p> : null}
          {tracks.map((track, index) => {
            const trackClips = clipsByTrack.get(track.id) ?? [];
            const sameKind = tracks.filter((candidate) => candidate.kind === track.kind);
            return (
              <div className="timeline-track-row" key={track.id}>
                <TrackHeader
                  track={track}
                  height={TRACK_HEIGHTS[track.kind]}
                  clipCount={trackClips.length}
                  onRename={(name) => run({ type: 'renameTrack', trackId: track.id, name })}
                  onFlags={(flags) => run({ type: 'setTrackFlags', trackId: track.id, ...flags })}
                  onContextMenu={(event) =>
                    menu.open(
                      event,
                      `Track ${track.name}`,
                      trackMenuItems({
                        track,
                        run,
                        indexInKind: sameKind.indexOf(track),
                        countInKind: sameKind.length,
                        rowIndex: index,
                      }),
                    )
                  }
                />
                <TrackLane
                  track={track}
                  height={TRACK_HEIGHTS[track.kind]}
                  width={laneWidth}
                  clips={trackClips}
                  effectCounts={props.effectCounts}
                  assetsById={props.assetsById}
                  pxPerSecond={pxPerSecond}
                  selection={props.selection}
                  previewIds={preview?.changedIds ?? NO_IDS}
                  visibleFromPx={span.fromPx}
                  visibleToPx={span.toPx}
                  showMedia={showMedia}
                  onClipPointerDown={onClipPointerDown}
                  onClipContextMenu={onClipContextMenu}
                  onDropAsset={onDropAsset}
                  onBackgroundPointerDown={onBackgroundPointerDown}
                  onBackgroundContextMenu={onLaneContextMenu}
                />
              </div>
            );
          })}
          {timeline && timeline.clips.length === 0 ? (
            <div
              className="timeline-empty-hint"
              data-testid="timeline-empty"
              style={{ left: TRACK_HEADER_WIDTH + 24 }}
            >
              {tracks.length === 0
                ? 'This timeline has no tracks: add a video or audio track above.'
                : 'Drag media from the bin onto a track to start editing. Press ? for the keyboard shortcuts.'}
            </div>
          ) : null}
          {preview?.snappedToUs != null ? (
            <div
              className="timeline-snap-guide"
              style={{ left: TRACK_HEADER_WIDTH + usToPx(preview.snappedToUs, pxPerSecond) }}
              data-testid="snap-guide"
              aria-hidden="true"
            />
          ) : null}
          <div
            className="timeline-playhead"
            style={{ left: TRACK_HEADER_WIDTH + usToPx(playheadUs, pxPerSecond) }}
            data-testid="timeline-playhead"
            data-playhead-us={playheadUs}
            aria-hidden="true"
          />
        </div>
      </div>
      {box ? (
        <div className="selection-box" style={box} data-testid="selection-box" aria-hidden="true" />
      ) : null}
      {menu.element}
    </section>
  );
}
