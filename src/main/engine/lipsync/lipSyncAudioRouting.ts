// What a Lip sync effect changes in a render's sound (pure; the render plan applies it):
// - the video clip's own sound (the clips linked to it on audio tracks) is muted: its mouth now
//   says something else;
// - speech bound as an ASSET plays from the video clip's start, cut at the clip's end (longer
//   speech is trimmed) and silent after its own end (shorter speech holds silence);
// - speech bound as an audio CLIP needs nothing: it already plays where it sits on its track.
// Only enabled lipSync effects count; one with no speech bound changes nothing (its pre-check
// refuses the render anyway).
import type { Clip, Timeline } from '../../../shared/model/schemas';
import { clipDuration } from '../../../shared/timeline/edits';
import { LIP_SYNC_PROCESSOR_ID } from './lipSyncParams';

export interface LipSyncAudioRouting {
  mutedClipIds: Set<string>;
  /** Speech assets placed as clips (on the video clip's track, which the mix then plays). */
  addedClips: Clip[];
}

interface EffectLike {
  id: string;
  clipId: string;
  kind: string;
  params: unknown;
  enabled: boolean;
}

function stringParam(params: unknown, key: string): string | undefined {
  if (typeof params !== 'object' || params === null) return undefined;
  const value = (params as Record<string, unknown>)[key];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

export function lipSyncAudioRouting(timeline: Timeline, effects: readonly EffectLike[]): LipSyncAudioRouting {
  const routing: LipSyncAudioRouting = { mutedClipIds: new Set(), addedClips: [] };
  const audioTracks = new Set(
    timeline.tracks.filter((track) => track.kind === 'audio').map((track) => track.id),
  );
  for (const effect of effects) {
    if (!effect.enabled || effect.kind !== LIP_SYNC_PROCESSOR_ID) continue;
    const video = timeline.clips.find((clip) => clip.id === effect.clipId);
    if (!video) continue;
    const audioClipId = stringParam(effect.params, 'audioClipId');
    const audioAssetId = stringParam(effect.params, 'audioAssetId');
    if (audioClipId === undefined && audioAssetId === undefined) continue;
    if (video.linkGroup !== null) {
      for (const clip of timeline.clips) {
        if (clip.linkGroup === video.linkGroup && clip.id !== video.id && audioTracks.has(clip.trackId)) {
          if (clip.id !== audioClipId) routing.mutedClipIds.add(clip.id);
        }
      }
    }
    if (audioClipId === undefined && audioAssetId !== undefined) {
      routing.addedClips.push({
        id: `${effect.id}-speech`.slice(0, 64),
        trackId: video.trackId,
        assetId: audioAssetId,
        startUs: video.startUs,
        inUs: 0,
        outUs: clipDuration(video),
        linkGroup: null,
      });
    }
  }
  return routing;
}
