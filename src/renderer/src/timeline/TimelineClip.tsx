import { memo, type PointerEvent } from 'react';
import type { Asset, Clip, TrackKind } from '../../../shared/model/schemas';
import { formatTimecode } from '../../../shared/time';
import { clipDuration } from '../../../shared/timeline/edits';
import { ClipFilmstrip } from './ClipFilmstrip';
import { ClipWaveform } from './ClipWaveform';
import { usToPx } from './timelineGeometry';

interface TimelineClipProps {
  clip: Clip;
  asset: Asset | undefined;
  trackKind: TrackKind;
  pxPerSecond: number;
  height: number;
  selected: boolean;
  /** True while this clip is drawn at a drag-preview position (nothing sent to the host yet). */
  previewing: boolean;
  /** Lane-space span worth drawing. */
  visibleFromPx: number;
  visibleToPx: number;
  onPointerDown: (clip: Clip, event: PointerEvent<HTMLDivElement>) => void;
}

const LABEL_HEIGHT = 16;

function TimelineClipView(props: TimelineClipProps) {
  const { clip, asset, trackKind, pxPerSecond, height, selected, previewing } = props;
  const left = usToPx(clip.startUs, pxPerSecond);
  const width = Math.max(2, usToPx(clipDuration(clip), pxPerSecond));
  const drawFromPx = Math.max(0, props.visibleFromPx - left);
  const drawToPx = Math.min(width, props.visibleToPx - left);
  const bodyHeight = height - LABEL_HEIGHT - 2;
  const name = asset?.name ?? 'Unknown asset';
  const missing = !asset || asset.status === 'missing';

  const classes = ['timeline-clip', `timeline-clip-${trackKind}`];
  if (asset) classes.push(`timeline-clip-asset-${asset.kind}`);
  if (selected) classes.push('timeline-clip-selected');
  if (previewing) classes.push('timeline-clip-previewing');
  if (missing) classes.push('timeline-clip-missing');

  return (
    <div
      className={classes.join(' ')}
      style={{ left, width, height }}
      data-testid="timeline-clip"
      data-clip-id={clip.id}
      data-asset-id={clip.assetId}
      data-track-id={clip.trackId}
      data-start-us={clip.startUs}
      data-selected={selected ? 'true' : 'false'}
      role="button"
      aria-pressed={selected}
      aria-label={`${name} on the timeline at ${formatTimecode(clip.startUs)}, ${formatTimecode(clipDuration(clip))} long`}
      title={`${name}\nStart ${formatTimecode(clip.startUs)} · length ${formatTimecode(clipDuration(clip))}${
        missing ? '\nThe file is missing: relink it in the media bin.' : ''
      }`}
      onPointerDown={(event) => props.onPointerDown(clip, event)}
    >
      <div className="timeline-clip-label">
        {clip.linkGroup ? (
          <span className="timeline-clip-link" title="Linked with its video/audio" aria-hidden="true" />
        ) : null}
        <span className="timeline-clip-name">{name}</span>
      </div>
      <div className="timeline-clip-body" style={{ height: bodyHeight }}>
        {asset && trackKind === 'video' ? (
          <ClipFilmstrip
            asset={asset}
            clip={clip}
            pxPerSecond={pxPerSecond}
            clipWidth={width}
            height={bodyHeight}
            drawFromPx={drawFromPx}
            drawToPx={drawToPx}
          />
        ) : null}
        {asset && trackKind === 'audio' ? (
          <ClipWaveform
            asset={asset}
            clip={clip}
            pxPerSecond={pxPerSecond}
            height={bodyHeight}
            drawFromPx={drawFromPx}
            drawToPx={drawToPx}
          />
        ) : null}
      </div>
    </div>
  );
}

export const TimelineClip = memo(TimelineClipView);
