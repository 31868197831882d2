import { memo, type MouseEvent, type PointerEvent } from 'react';
import type { Asset, Clip, TrackKind } from '../../../shared/model/schemas';
import { formatTimecode } from '../../../shared/time';
import { clipDuration } from '../../../shared/timeline/edits';
import { ClipFilmstrip } from './ClipFilmstrip';
import { ClipWaveform } from './ClipWaveform';
import { usToPx } from './timelineGeometry';
import type { ClipPart } from './useClipDrag';

interface TimelineClipProps {
  clip: Clip;
  asset: Asset | undefined;
  trackKind: TrackKind;
  pxPerSecond: number;
  height: number;
  selected: boolean;
  /** True while this clip is drawn at a drag-preview position (nothing sent to the host yet). */
  previewing: boolean;
  effectCount: number;
  /** The part of the clip (clip-local px) worth drawing thumbnails and waveform for. */
  drawFromPx: number;
  drawToPx: number;
  /** False while the zoom is changing quickly: thumbnails and waveforms wait until it settles. */
  showMedia: boolean;
  onPointerDown: (clip: Clip, part: ClipPart, event: PointerEvent<HTMLElement>) => void;
  onContextMenu: (clip: Clip, event: MouseEvent<HTMLElement>) => void;
}

const LABEL_HEIGHT = 16;
const MIN_DETAILED_WIDTH_PX = 24;
const MIN_MEDIA_WIDTH_PX = 48;

function TimelineClipView(props: TimelineClipProps) {
  const { clip, asset, trackKind, pxPerSecond, height, selected, previewing } = props;
  const left = usToPx(clip.startUs, pxPerSecond);
  const width = Math.max(2, usToPx(clipDuration(clip), pxPerSecond));
  const { drawFromPx, drawToPx } = props;
  const media = props.showMedia && width >= MIN_MEDIA_WIDTH_PX;
  const bodyHeight = height - LABEL_HEIGHT - 2;
  const name = asset?.name ?? 'Unknown asset';
  const missing = !asset || asset.status === 'missing';

  const classes = ['timeline-clip', `timeline-clip-${trackKind}`];
  if (asset) classes.push(`timeline-clip-asset-${asset.kind}`);
  if (selected) classes.push('timeline-clip-selected');
  if (previewing) classes.push('timeline-clip-previewing');
  if (missing) classes.push('timeline-clip-missing');

  // Zoomed far out, a clip is a few pixels wide: a plain box is all that can be seen, and it keeps
  // thousands of clips cheap to redraw while zooming.
  if (width < MIN_DETAILED_WIDTH_PX) {
    classes.push('timeline-clip-compact');
    return (
      <div
        className={classes.join(' ')}
        style={{ left, width, height }}
        data-testid="timeline-clip"
        data-clip-id={clip.id}
        data-asset-id={clip.assetId}
        data-track-id={clip.trackId}
        data-start-us={clip.startUs}
        data-in-us={clip.inUs}
        data-out-us={clip.outUs}
        data-link-group={clip.linkGroup ?? ''}
        data-selected={selected ? 'true' : 'false'}
        title={name}
        onPointerDown={(event) => props.onPointerDown(clip, 'body', event)}
        onContextMenu={(event) => props.onContextMenu(clip, event)}
      />
    );
  }

  return (
    <div
      className={classes.join(' ')}
      style={{ left, width, height }}
      data-testid="timeline-clip"
      data-clip-id={clip.id}
      data-asset-id={clip.assetId}
      data-track-id={clip.trackId}
      data-start-us={clip.startUs}
      data-in-us={clip.inUs}
      data-out-us={clip.outUs}
      data-link-group={clip.linkGroup ?? ''}
      data-selected={selected ? 'true' : 'false'}
      role="button"
      aria-pressed={selected}
      aria-label={`${name} on the timeline at ${formatTimecode(clip.startUs)}, ${formatTimecode(clipDuration(clip))} long`}
      title={`${name}\nStart ${formatTimecode(clip.startUs)} · length ${formatTimecode(clipDuration(clip))}${
        props.effectCount > 0 ? `\n${props.effectCount} effect${props.effectCount === 1 ? '' : 's'}` : ''
      }${missing ? '\nThe file is missing: relink it in the media bin.' : ''}\nDrag to move · Alt+drag to slip · right-click for more`}
      onPointerDown={(event) => props.onPointerDown(clip, 'body', event)}
      onContextMenu={(event) => props.onContextMenu(clip, event)}
    >
      <div className="timeline-clip-label">
        {clip.linkGroup ? (
          <span className="timeline-clip-link" title="Linked with its video/audio" aria-hidden="true" />
        ) : null}
        <span className="timeline-clip-name">{name}</span>
        {props.effectCount > 0 ? (
          <span className="timeline-clip-fx" title="Has effects" data-testid="clip-fx-badge">
            fx
          </span>
        ) : null}
      </div>
      <div className="timeline-clip-body" style={{ height: bodyHeight }}>
        {media && asset && trackKind === 'video' ? (
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
        {media && asset && trackKind === 'audio' ? (
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
      {width >= 12 ? (
        <>
          <div
            className="clip-handle clip-handle-in"
            data-testid="clip-trim-in"
            title="Drag to trim the start · Ctrl+drag to roll the cut"
            onPointerDown={(event) => props.onPointerDown(clip, 'in', event)}
          />
          <div
            className="clip-handle clip-handle-out"
            data-testid="clip-trim-out"
            title="Drag to trim the end · Ctrl+drag to roll the cut"
            onPointerDown={(event) => props.onPointerDown(clip, 'out', event)}
          />
        </>
      ) : null}
    </div>
  );
}

export const TimelineClip = memo(TimelineClipView);
