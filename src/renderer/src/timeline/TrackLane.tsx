import { memo, useMemo, useState, type DragEvent, type MouseEvent, type PointerEvent } from 'react';
import type { Asset, Clip, Track } from '../../../shared/model/schemas';
import { DEFAULT_STILL_DURATION_US } from '../../../shared/timeline/edits';
import {
  currentAssetDrag,
  draggedAssetKind,
  endAssetDrag,
  isAssetDrag,
  readAssetDrag,
  type AssetDragPayload,
} from '../media-bin/assetDragData';
import { TimelineClip } from './TimelineClip';
import { firstVisibleIndex, pxToUs, usToPx } from './timelineGeometry';
import { LANE_TRACK_ATTRIBUTE, type ClipPart } from './useClipDrag';

interface TrackLaneProps {
  track: Track;
  height: number;
  width: number;
  /** This track's clips, sorted by start. */
  clips: Clip[];
  effectCounts: ReadonlyMap<string, number>;
  assetsById: ReadonlyMap<string, Asset>;
  pxPerSecond: number;
  selection: ReadonlySet<string>;
  previewIds: ReadonlySet<string>;
  visibleFromPx: number;
  visibleToPx: number;
  showMedia: boolean;
  onClipPointerDown: (clip: Clip, part: ClipPart, event: PointerEvent<HTMLElement>) => void;
  onClipContextMenu: (clip: Clip, event: MouseEvent<HTMLElement>) => void;
  onDropAsset: (payload: AssetDragPayload, track: Track, startUs: number) => void;
  onBackgroundPointerDown: (event: PointerEvent<HTMLDivElement>) => void;
  onBackgroundContextMenu: (track: Track, us: number, event: MouseEvent<HTMLDivElement>) => void;
}

/** Clips narrower than this (px) are drawn merged into runs. */
const SLIVER_PX = 3;

/** Clips up to this wide draw all their thumbnails, so scrolling does not redraw them. */
const FULLY_DRAWN_CLIP_PX = 2048;

/**
 * The clip-local span worth drawing thumbnails and waveform for: all of a short clip (its props
 * then stay equal while scrolling, so the memoised clip does not redraw), the visible part of a
 * long one.
 */
function drawRange(clip: Clip, pxPerSecond: number, visibleFromPx: number, visibleToPx: number) {
  const left = usToPx(clip.startUs, pxPerSecond);
  const width = usToPx(clip.outUs - clip.inUs, pxPerSecond);
  if (width <= FULLY_DRAWN_CLIP_PX) return { drawFromPx: 0, drawToPx: width };
  return { drawFromPx: Math.max(0, visibleFromPx - left), drawToPx: Math.min(width, visibleToPx - left) };
}

/** Extra room (px) drawn on each side of the viewport, so a small scroll shows no holes. */
const DRAW_MARGIN_PX = 400;

interface DropGhost {
  startUs: number;
  durationUs: number;
  fits: boolean;
}

function laneTimeAt(event: DragEvent<HTMLDivElement>, pxPerSecond: number): number {
  const box = event.currentTarget.getBoundingClientRect();
  return Math.max(0, pxToUs(event.clientX - box.left, pxPerSecond));
}

function kindFits(track: Track, kind: string | null): boolean {
  if (!kind) return true;
  return track.kind === (kind === 'audio' ? 'audio' : 'video');
}

/**
 * One track's lane: its clips, and the drop target for bin items. Only the clips near the
 * viewport are in the DOM (a 2,000-clip project stays fast to pan and zoom).
 */
function TrackLaneView(props: TrackLaneProps) {
  const { track, pxPerSecond, clips } = props;
  const [ghost, setGhost] = useState<DropGhost | null>(null);
  const starts = useMemo(() => clips.map((clip) => clip.startUs), [clips]);
  const longestUs = useMemo(
    () => clips.reduce((longest, clip) => Math.max(longest, clip.outUs - clip.inUs), 0),
    [clips],
  );
  const fromUs = pxToUs(Math.max(0, props.visibleFromPx - DRAW_MARGIN_PX), pxPerSecond);
  const toUs = pxToUs(props.visibleToPx + DRAW_MARGIN_PX, pxPerSecond);
  const visibleClips: Clip[] = [];
  // Zoomed far out, clips a pixel or two wide merge into runs: one box per run instead of
  // thousands of unreadable slivers (each run still shows where material is).
  const runs: { left: number; right: number; count: number }[] = [];
  for (let index = firstVisibleIndex(starts, fromUs, longestUs); index < clips.length; index += 1) {
    const clip = clips[index]!;
    if (clip.startUs > toUs) break;
    if (clip.startUs + clip.outUs - clip.inUs < fromUs) continue;
    const left = usToPx(clip.startUs, pxPerSecond);
    const right = left + usToPx(clip.outUs - clip.inUs, pxPerSecond);
    if (right - left >= SLIVER_PX || props.selection.has(clip.id) || props.previewIds.has(clip.id)) {
      visibleClips.push(clip);
      continue;
    }
    const last = runs[runs.length - 1];
    if (last && left - last.right < SLIVER_PX) {
      last.right = Math.max(last.right, right);
      last.count += 1;
    } else runs.push({ left, right, count: 1 });
  }

  const onDragOver = (event: DragEvent<HTMLDivElement>) => {
    if (!isAssetDrag(event.dataTransfer)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    const dragged = currentAssetDrag();
    const durationUs =
      dragged?.durationUs && dragged.durationUs > 0 ? dragged.durationUs : DEFAULT_STILL_DURATION_US;
    setGhost({
      startUs: laneTimeAt(event, pxPerSecond),
      durationUs,
      fits: kindFits(track, draggedAssetKind(event.dataTransfer)),
    });
  };

  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    if (!isAssetDrag(event.dataTransfer)) return;
    event.preventDefault();
    setGhost(null);
    const payload = readAssetDrag(event.dataTransfer);
    endAssetDrag();
    if (payload) props.onDropAsset(payload, track, laneTimeAt(event, pxPerSecond));
  };

  return (
    <div
      className={[
        'track-lane',
        ghost ? 'track-lane-drop-target' : '',
        track.locked ? 'track-lane-locked' : '',
        track.hidden || track.muted ? 'track-lane-off' : '',
      ].join(' ')}
      style={{ width: props.width, height: props.height }}
      {...{ [LANE_TRACK_ATTRIBUTE]: track.id }}
      data-testid="track-lane"
      data-track-id={track.id}
      data-track-kind={track.kind}
      data-track-name={track.name}
      data-locked={track.locked ? 'true' : 'false'}
      aria-label={`${track.kind === 'video' ? 'Video' : 'Audio'} track ${track.name}`}
      onDragOver={onDragOver}
      onDragLeave={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setGhost(null);
      }}
      onDrop={onDrop}
      onPointerDown={(event) => {
        if (event.button === 0 && event.target === event.currentTarget) props.onBackgroundPointerDown(event);
      }}
      onContextMenu={(event) => {
        if (event.target !== event.currentTarget) return;
        const box = event.currentTarget.getBoundingClientRect();
        props.onBackgroundContextMenu(
          track,
          Math.max(0, pxToUs(event.clientX - box.left, pxPerSecond)),
          event,
        );
      }}
    >
      {runs.map((run) => (
        <div
          key={run.left}
          className={`timeline-clip-run timeline-clip-run-${track.kind}`}
          style={{ left: run.left, width: Math.max(1, run.right - run.left) }}
          title={`${run.count} clip${run.count === 1 ? '' : 's'}: zoom in to edit them`}
          data-testid="timeline-clip-run"
          data-clip-count={run.count}
        />
      ))}
      {visibleClips.map((clip) => (
        <TimelineClip
          key={clip.id}
          clip={clip}
          asset={props.assetsById.get(clip.assetId)}
          trackKind={track.kind}
          pxPerSecond={pxPerSecond}
          height={props.height - 6}
          selected={props.selection.has(clip.id)}
          previewing={props.previewIds.has(clip.id)}
          effectCount={props.effectCounts.get(clip.id) ?? 0}
          {...drawRange(clip, pxPerSecond, props.visibleFromPx, props.visibleToPx)}
          showMedia={props.showMedia}
          onPointerDown={props.onClipPointerDown}
          onContextMenu={props.onClipContextMenu}
        />
      ))}
      {ghost ? (
        <div
          className={ghost.fits ? 'drop-ghost' : 'drop-ghost drop-ghost-elsewhere'}
          style={{ left: usToPx(ghost.startUs, pxPerSecond), width: usToPx(ghost.durationUs, pxPerSecond) }}
          aria-hidden="true"
        >
          {ghost.fits ? null : (
            <span>goes to the first {track.kind === 'video' ? 'audio' : 'video'} track</span>
          )}
        </div>
      ) : null}
    </div>
  );
}

export const TrackLane = memo(TrackLaneView);
