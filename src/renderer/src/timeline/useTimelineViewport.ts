// The timeline's scroll viewport: horizontal scroll position (for drawing only what is visible),
// zoom that keeps one instant still on screen, Ctrl+wheel zoom, middle-button panning, and keeping
// the playhead in view while it moves.
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useElementSize } from '../ui/useElementSize';
import { TRACK_HEADER_WIDTH, pxToUs, usToPx, zoomedIn, zoomedOut } from './timelineGeometry';

interface TimelineViewportOptions {
  pxPerSecond: number;
  playheadUs: number;
  onZoomChange: (pxPerSecond: number) => void;
}

export function useTimelineViewport({ pxPerSecond, playheadUs, onZoomChange }: TimelineViewportOptions) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const viewport = useElementSize(scrollRef);
  const [scrollLeft, setScrollLeft] = useState(0);
  const laneViewportWidth = Math.max(0, viewport.width - TRACK_HEADER_WIDTH);

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

  // Ctrl+wheel zooms (a non-passive listener stops the page from zooming instead); a middle-button
  // drag pans in both directions.
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
    const onPointerDown = (event: PointerEvent) => {
      if (event.button !== 1) return;
      event.preventDefault();
      const origin = {
        x: event.clientX,
        y: event.clientY,
        left: scroller.scrollLeft,
        top: scroller.scrollTop,
      };
      const onMove = (move: PointerEvent) => {
        scroller.scrollLeft = origin.left - (move.clientX - origin.x);
        scroller.scrollTop = origin.top - (move.clientY - origin.y);
      };
      const onUp = () => {
        window.removeEventListener('pointermove', onMove);
        window.removeEventListener('pointerup', onUp);
      };
      window.addEventListener('pointermove', onMove);
      window.addEventListener('pointerup', onUp);
    };
    scroller.addEventListener('wheel', onWheel, { passive: false });
    scroller.addEventListener('pointerdown', onPointerDown);
    return () => {
      scroller.removeEventListener('wheel', onWheel);
      scroller.removeEventListener('pointerdown', onPointerDown);
    };
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

  return { scrollRef, scrollLeft, onScroll, laneViewportWidth };
}
