// What the viewer shows at the playhead: the clip on the top-most visible video track, else the
// clip on the first audible audio track, else nothing.
import type { Asset, Clip, Timeline } from '../../../shared/model/schemas';
import { clipEnd, tracksOfKind } from '../../../shared/timeline/edits';

export type ViewerSource =
  { kind: 'video' | 'image'; clip: Clip; asset: Asset } | { kind: 'audio'; clip: Clip; asset: Asset };

function clipAt(timeline: Timeline, trackId: string, us: number): Clip | undefined {
  return timeline.clips.find((clip) => clip.trackId === trackId && clip.startUs <= us && us < clipEnd(clip));
}

export function viewerSourceAt(
  timeline: Timeline | null,
  assetsById: ReadonlyMap<string, Asset>,
  playheadUs: number,
): ViewerSource | null {
  if (!timeline) return null;
  for (const track of tracksOfKind(timeline, 'video')) {
    if (track.hidden) continue;
    const clip = clipAt(timeline, track.id, playheadUs);
    const asset = clip ? assetsById.get(clip.assetId) : undefined;
    if (clip && asset) return { kind: asset.kind === 'image' ? 'image' : 'video', clip, asset };
  }
  for (const track of tracksOfKind(timeline, 'audio')) {
    if (track.muted) continue;
    const clip = clipAt(timeline, track.id, playheadUs);
    const asset = clip ? assetsById.get(clip.assetId) : undefined;
    if (clip && asset) return { kind: 'audio', clip, asset };
  }
  return null;
}

/** Seconds into the asset's file that correspond to the playhead. */
export function sourceSecondsAt(clip: Clip, playheadUs: number): number {
  return (playheadUs - clip.startUs + clip.inUs) / 1_000_000;
}
