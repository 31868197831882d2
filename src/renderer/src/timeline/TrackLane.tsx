import { useState, type DragEvent, type PointerEvent } from 'react';
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
import { pxToUs, usToPx } from './timelineGeometry';
import { LANE_TRACK_ATTRIBUTE } from './useClipDrag';

interface TrackLaneProps {
  track: Track;
  height: number;
  width: number;
  clips: Clip[];
  assetsById: ReadonlyMap<string, Asset>;
  pxPerSecond: number;
  selection: ReadonlySet<string>;
  previewIds: ReadonlySet<string>;
  visibleFromPx: number;
  visibleToPx: number;
  onClipPointerDown: (clip: Clip, event: PointerEvent<HTMLDivElement>) => void;
  onDropAsset: (payload: AssetDragPayload, track: Track, startUs: number) => void;
  onBackgroundPointerDown: () => void;
}

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

/** One track's lane: its clips, and the drop target for bin items. */
export function TrackLane(props: TrackLaneProps) {
  const { track, pxPerSecond } = props;
  const [ghost, setGhost] = useState<DropGhost | null>(null);

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
      className={ghost ? 'track-lane track-lane-drop-target' : 'track-lane'}
      style={{ width: props.width, height: props.height }}
      {...{ [LANE_TRACK_ATTRIBUTE]: track.id }}
      data-testid="track-lane"
      data-track-id={track.id}
      data-track-kind={track.kind}
      data-track-name={track.name}
      aria-label={`${track.kind === 'video' ? 'Video' : 'Audio'} track ${track.name}`}
      onDragOver={onDragOver}
      onDragLeave={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setGhost(null);
      }}
      onDrop={onDrop}
      onPointerDown={(event) => {
        if (event.button === 0 && event.target === event.currentTarget) props.onBackgroundPointerDown();
      }}
    >
      {props.clips.map((clip) => (
        <TimelineClip
          key={clip.id}
          clip={clip}
          asset={props.assetsById.get(clip.assetId)}
          trackKind={track.kind}
          pxPerSecond={pxPerSecond}
          height={props.height - 6}
          selected={props.selection.has(clip.id)}
          previewing={props.previewIds.has(clip.id)}
          visibleFromPx={props.visibleFromPx}
          visibleToPx={props.visibleToPx}
          onPointerDown={props.onClipPointerDown}
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
