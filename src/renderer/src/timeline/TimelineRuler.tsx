import { useEffect, useRef } from 'react';
import { formatRulerLabel, pxToUs, rulerSteps, usToPx } from './timelineGeometry';

interface TimelineRulerProps {
  pxPerSecond: number;
  scrollLeft: number;
  width: number;
  height: number;
  playheadUs: number;
  onSeek: (us: number) => void;
}

function cssColor(element: Element, name: string, fallback: string): string {
  return getComputedStyle(element).getPropertyValue(name).trim() || fallback;
}

/** Time ruler drawn on a canvas for the visible span only; press or drag on it to move the playhead. */
export function TimelineRuler({
  pxPerSecond,
  scrollLeft,
  width,
  height,
  playheadUs,
  onSeek,
}: TimelineRulerProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const dragging = useRef(false);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || width <= 0) return;
    const ratio = window.devicePixelRatio || 1;
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    const context = canvas.getContext('2d');
    if (!context) return;
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.clearRect(0, 0, width, height);
    const tick = cssColor(canvas, '--ruler-tick', '#6b7080');
    const text = cssColor(canvas, '--ruler-text', '#a9adb8');
    const playheadColor = cssColor(canvas, '--playhead', '#ff5a4e');
    const { majorUs, minorUs } = rulerSteps(pxPerSecond);
    const firstUs = Math.max(0, Math.floor(pxToUs(scrollLeft, pxPerSecond) / minorUs) * minorUs);
    const lastUs = pxToUs(scrollLeft + width, pxPerSecond);
    context.font = '10px system-ui, sans-serif';
    context.textBaseline = 'top';
    for (let us = firstUs; us <= lastUs; us += minorUs) {
      const x = Math.round(usToPx(us, pxPerSecond) - scrollLeft) + 0.5;
      const isMajor = Math.round(us / minorUs) % Math.round(majorUs / minorUs) === 0;
      context.fillStyle = tick;
      context.fillRect(x - 0.5, isMajor ? height - 14 : height - 6, 1, isMajor ? 14 : 6);
      if (isMajor) {
        context.fillStyle = text;
        context.fillText(formatRulerLabel(us, majorUs), x + 4, 5);
      }
    }
    // The playhead's head: a small pentagon on the ruler, the line itself is a DOM element.
    const headX = usToPx(playheadUs, pxPerSecond) - scrollLeft;
    if (headX >= -8 && headX <= width + 8) {
      context.fillStyle = playheadColor;
      context.beginPath();
      context.moveTo(headX - 6, height - 14);
      context.lineTo(headX + 6, height - 14);
      context.lineTo(headX + 6, height - 6);
      context.lineTo(headX, height);
      context.lineTo(headX - 6, height - 6);
      context.closePath();
      context.fill();
    }
  }, [pxPerSecond, scrollLeft, width, height, playheadUs]);

  const seekAt = (clientX: number) => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const x = clientX - canvas.getBoundingClientRect().left + scrollLeft;
    onSeek(Math.max(0, pxToUs(x, pxPerSecond)));
  };

  return (
    <canvas
      ref={canvasRef}
      className="timeline-ruler"
      style={{ width, height }}
      data-testid="timeline-ruler"
      aria-label="Time ruler: click or drag to move the playhead"
      role="slider"
      aria-valuemin={0}
      aria-valuenow={Math.round(playheadUs / 1000)}
      aria-valuetext={`${(playheadUs / 1_000_000).toFixed(2)} seconds`}
      onPointerDown={(event) => {
        if (event.button !== 0) return;
        event.preventDefault();
        dragging.current = true;
        event.currentTarget.setPointerCapture(event.pointerId);
        seekAt(event.clientX);
      }}
      onPointerMove={(event) => {
        if (dragging.current) seekAt(event.clientX);
      }}
      onPointerUp={(event) => {
        dragging.current = false;
        event.currentTarget.releasePointerCapture(event.pointerId);
      }}
      onPointerCancel={() => {
        dragging.current = false;
      }}
    />
  );
}
