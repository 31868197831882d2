import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { Asset, Track } from '../../../shared/model/schemas';
import { timelineDuration } from '../../../shared/timeline/edits';
import type { AssetDragPayload } from '../media-bin/assetDragData';
import { InlineError } from '../ui/InlineError';
import { useElementSize } from '../ui/useElementSize';
import { TimelineRuler } from './TimelineRuler';
import { TimelineToolbar } from './TimelineToolbar';
import {
  RULER_HEIGHT,
  TRACK_HEADER_WIDTH,
  TRACK_HEIGHTS,
  TRAILING_SPACE_US,
  clampZoom,
  pxToUs,
  usToPx,
  visibleSpan,
  zoomToFit,
  zoomedIn,
  zoomedOut,
} from './timelineGeometry';
import { TrackHeader } from './TrackHeader';
import { TrackLane } from './TrackLane';
import { clipsWithPreview, useClipDrag } from './useClipDrag';
import type { TimelineState } from './useTimeline';

interface TimelinePanelProps {
  timelineState: TimelineState;
  assetsById: ReadonlyMap<string, Asset>;
  playheadUs: number;
  onSeek: (us: number) => void;
  pxPerSecond: number;
  onZoomChange: (pxPerSecond: number) => void;
  selection: ReadonlySet<string>;
  onSelectionChange: (selection: Set<string>) => void;
  onDeleteSelection: () => void;
}

export function TimelinePanel(props: TimelinePanelProps) {
  const { timelineState, pxPerSecond, playheadUs, onZoomChange } = props;
  const { timeline, apply } = timelineState;
  const scrollRef = useRef<HTMLDivElement>(null);
  const viewport = useElementSize(scrollRef);
  const [scrollLeft, setScrollLeft] = useState(0);
  const laneViewportWidth = Math.max(0, viewport.width - TRACK_HEADER_WIDTH);

  const { preview, onClipPointerDown } = useClipDrag({
    timeline,
    pxPerSecond,
    playheadUs,
    selection: props.selection,
    onSelectionChange: props.onSelectionChange,
    apply,
  });

  const tracks = useMemo(() => [...(timeline?.tracks ?? [])].sort((a, b) => a.order - b.order), [timeline]);
  const shownClips = useMemo(() => clipsWithPreview(timeline?.clips ?? [], preview), [timeline, preview]);
  const durationUs = timeline ? timelineDuration(timeline) : 0;
  const laneWidth = Math.max(laneViewportWidth, usToPx(durationUs + TRAILING_SPACE_US, pxPerSecond));
  const span = visibleSpan(scrollLeft, laneViewportWidth);
  const previewIds = useMemo(() => preview?.groupIds ?? new Set<string>(), [preview]);

  // Zoom keeps one instant still on screen: the mouse position for ctrl+wheel, else the playhead
  // when it is visible, else the left edge.
  const zoomAnchor = useRef<{ us: number; offsetPx: number } | null>(null);
  const previousZoom = useRef(pxPerSecond);
  useLayoutEffect(() => {
    const scroller = scrollRef.current;
    const before = previousZoom.current;
    previousZoom.current = pxPerSecond;
    if (!scroller || before === pxPerSecond) return;
    let anchor = zoomAnchor.current;
    zoomAnchor.current = null;
    if (!anchor) {
      const playheadX = usToPx(playheadUs, before) - scroller.scrollLeft;
      anchor =
        playheadX >= 0 && playheadX <= laneViewportWidth
          ? { us: playheadUs, offsetPx: playheadX }
          : { us: pxToUs(scroller.scrollLeft, before), offsetPx: 0 };
    }
    scroller.scrollLeft = Math.max(0, usToPx(anchor.us, pxPerSecond) - anchor.offsetPx);
    setScrollLeft(scroller.scrollLeft);
  }, [pxPerSecond, playheadUs, laneViewportWidth]);

  // Ctrl+wheel zooms; it needs a non-passive listener to stop the page from zooming instead.
  useEffect(() => {
    const scroller = scrollRef.current;
    if (!scroller) return;
    const onWheel = (event: WheelEvent) => {
      if (!event.ctrlKey && !event.metaKey) return;
      event.preventDefault();
      const offsetPx = event.clientX - scroller.getBoundingClientRect().left - TRACK_HEADER_WIDTH;
      const zoom = previousZoom.current;
      zoomAnchor.current = {
        us: pxToUs(scroller.scrollLeft + Math.max(0, offsetPx), zoom),
        offsetPx: Math.max(0, offsetPx),
      };
      onZoomChange(event.deltaY < 0 ? zoomedIn(zoom) : zoomedOut(zoom));
    };
    scroller.addEventListener('wheel', onWheel, { passive: false });
    return () => scroller.removeEventListener('wheel', onWheel);
  }, [onZoomChange]);

  // Keep the playhead in view when it walks off the edge (playback, frame steps).
  const lastPlayhead = useRef(playheadUs);
  useLayoutEffect(() => {
    const scroller = scrollRef.current;
    if (!scroller || lastPlayhead.current === playheadUs) return;
    lastPlayhead.current = playheadUs;
    const x = usToPx(playheadUs, pxPerSecond);
    if (x < scroller.scrollLeft || x > scroller.scrollLeft + laneViewportWidth - 16) {
      scroller.scrollLeft = Math.max(0, x - laneViewportWidth * 0.1);
      setScrollLeft(scroller.scrollLeft);
    }
  }, [playheadUs, pxPerSecond, laneViewportWidth]);

  const scrollFrame = useRef(0);
  const onScroll = () => {
    cancelAnimationFrame(scrollFrame.current);
    scrollFrame.current = requestAnimationFrame(() => setScrollLeft(scrollRef.current?.scrollLeft ?? 0));
  };

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

  const { onSelectionChange } = props;
  const clearSelection = useCallback(() => onSelectionChange(new Set()), [onSelectionChange]);

  return (
    <section className="panel timeline-panel" aria-label="Timeline" data-testid="timeline">
      <TimelineToolbar
        playheadUs={playheadUs}
        durationUs={durationUs}
        pxPerSecond={pxPerSecond}
        selectionCount={props.selection.size}
        onZoom={(value) => onZoomChange(clampZoom(value))}
        onZoomIn={() => onZoomChange(zoomedIn(pxPerSecond))}
        onZoomOut={() => onZoomChange(zoomedOut(pxPerSecond))}
        onZoomToFit={() => onZoomChange(zoomToFit(durationUs, laneViewportWidth))}
        onAddTrack={(kind) => void apply({ type: 'addTrack', kind, name: null })}
        onDeleteSelection={props.onDeleteSelection}
      />
      <InlineError
        error={timelineState.error}
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
          </div>
          {timeline === null ? <p className="empty-state timeline-loading">Loading the timeline…</p> : null}
          {tracks.map((track) => (
            <div className="timeline-track-row" key={track.id}>
              <TrackHeader
                track={track}
                height={TRACK_HEIGHTS[track.kind]}
                clipCount={shownClips.filter((clip) => clip.trackId === track.id).length}
              />
              <TrackLane
                track={track}
                height={TRACK_HEIGHTS[track.kind]}
                width={laneWidth}
                clips={shownClips.filter((clip) => clip.trackId === track.id)}
                assetsById={props.assetsById}
                pxPerSecond={pxPerSecond}
                selection={props.selection}
                previewIds={previewIds}
                visibleFromPx={span.fromPx}
                visibleToPx={span.toPx}
                onClipPointerDown={onClipPointerDown}
                onDropAsset={onDropAsset}
                onBackgroundPointerDown={clearSelection}
              />
            </div>
          ))}
          {timeline && timeline.clips.length === 0 ? (
            <div
              className="timeline-empty-hint"
              data-testid="timeline-empty"
              style={{ left: TRACK_HEADER_WIDTH + 24 }}
            >
              {tracks.length === 0
                ? 'This timeline has no tracks: add a video or audio track above.'
                : 'Drag media from the bin onto a track to start editing.'}
            </div>
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
    </section>
  );
}
