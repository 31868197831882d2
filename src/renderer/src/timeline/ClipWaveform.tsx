import type { Asset, Clip } from '../../../shared/model/schemas';
import { usePeaks } from '../ui/peaksCache';
import { WaveformCanvas } from '../ui/WaveformCanvas';
import { pxToUs } from './timelineGeometry';

interface ClipWaveformProps {
  asset: Asset;
  clip: Clip;
  pxPerSecond: number;
  height: number;
  drawFromPx: number;
  drawToPx: number;
}

/** The audio clip's waveform (studio.media.getPeaks) for the visible part of the clip only. */
export function ClipWaveform({ asset, clip, pxPerSecond, height, drawFromPx, drawToPx }: ClipWaveformProps) {
  const peaks = usePeaks(asset.id, asset.hasPeaks && asset.status === 'ok');
  if (!peaks || drawToPx <= drawFromPx) return null;
  return (
    <div className="clip-waveform" style={{ left: drawFromPx }}>
      <WaveformCanvas
        peaks={peaks}
        fromUs={clip.inUs + pxToUs(drawFromPx, pxPerSecond)}
        usPerPixel={1_000_000 / pxPerSecond}
        width={drawToPx - drawFromPx}
        height={height}
      />
    </div>
  );
}
