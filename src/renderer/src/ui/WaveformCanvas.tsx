import { useEffect, useRef } from 'react';
import type { WaveformPeaks } from './peaksCache';

interface WaveformCanvasProps {
  peaks: WaveformPeaks | null;
  /** Source time (µs) at the canvas's left edge and how many µs one CSS pixel covers. */
  fromUs: number;
  usPerPixel: number;
  width: number;
  height: number;
  color?: string;
  className?: string;
}

/** Draws peak bars for a window of an asset's time onto a canvas of the given CSS size. */
export function WaveformCanvas({
  peaks,
  fromUs,
  usPerPixel,
  width,
  height,
  color,
  className,
}: WaveformCanvasProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const pixelWidth = Math.max(1, Math.min(8192, Math.round(width)));
  const pixelHeight = Math.max(1, Math.round(height));

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const ratio = window.devicePixelRatio || 1;
    canvas.width = Math.round(pixelWidth * ratio);
    canvas.height = Math.round(pixelHeight * ratio);
    const context = canvas.getContext('2d');
    if (!context) return;
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.clearRect(0, 0, pixelWidth, pixelHeight);
    if (!peaks) return;
    context.fillStyle = color ?? getComputedStyle(canvas).color;
    const middle = pixelHeight / 2;
    const perUs = peaks.peaksPerSecond / 1_000_000;
    for (let x = 0; x < pixelWidth; x += 1) {
      const first = Math.floor((fromUs + x * usPerPixel) * perUs);
      const last = Math.max(first, Math.ceil((fromUs + (x + 1) * usPerPixel) * perUs) - 1);
      if (first >= peaks.peaks.length || last < 0) continue;
      let peak = 0;
      for (let index = Math.max(0, first); index <= last && index < peaks.peaks.length; index += 1) {
        peak = Math.max(peak, Math.abs(peaks.peaks[index] ?? 0));
      }
      const half = Math.max(0.5, Math.min(1, peak * peaks.scale) * middle * 0.95);
      context.fillRect(x, middle - half, 1, half * 2);
    }
  }, [peaks, fromUs, usPerPixel, pixelWidth, pixelHeight, color]);

  return (
    <canvas
      ref={canvasRef}
      className={className ? `waveform-canvas ${className}` : 'waveform-canvas'}
      style={{ width: pixelWidth, height: pixelHeight }}
      data-testid="waveform-canvas"
      data-has-peaks={peaks ? 'true' : 'false'}
      aria-hidden="true"
    />
  );
}
