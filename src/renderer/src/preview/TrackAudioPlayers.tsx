// The sound of the timeline: one hidden <audio> per audible audio track (not muted; only the
// soloed ones when any is soloed), playing the clip under the playhead in step with the picture.
// The viewer's own picture element is muted, so a video's sound comes from its linked audio clip
// and follows that clip's edits and the track's mute/solo.
import { useMemo, useRef } from 'react';
import type { Asset, Clip, Timeline } from '../../../shared/model/schemas';
import { clipAtTime } from '../../../shared/timeline/clipLookup';
import { tracksOfKind } from '../../../shared/timeline/edits';
import { syncMediaElement, useMediaElementSync } from './useMediaElementSync';
import { playableUrl, proxyKey, type PlaybackProxyMap } from './usePlaybackProxies';

interface TrackAudioPlayersProps {
  timeline: Timeline | null;
  assetsById: ReadonlyMap<string, Asset>;
  playheadUs: number;
  rate: number;
  frameSeconds: number;
  /** A video's proxy carries AAC audio where the original's (MP2, say) would not play. */
  proxies: PlaybackProxyMap;
}

/** The clips that should be heard at `us`: one per audible audio track. */
export function audibleClipsAt(timeline: Timeline | null, us: number): Clip[] {
  if (!timeline) return [];
  const audio = tracksOfKind(timeline, 'audio');
  const soloed = audio.some((track) => track.solo);
  return audio
    .filter((track) => !track.muted && (!soloed || track.solo))
    .map((track) => clipAtTime(timeline, track.id, us))
    .filter((clip): clip is Clip => clip !== undefined);
}

export function TrackAudioPlayers({
  timeline,
  assetsById,
  playheadUs,
  rate,
  frameSeconds,
  proxies,
}: TrackAudioPlayersProps) {
  const clips = audibleClipsAt(timeline, playheadUs);
  return (
    <div className="track-audio-players" hidden>
      {clips.map((clip) => {
        const asset = assetsById.get(clip.assetId);
        if (!asset || asset.status !== 'ok' || !asset.hasAudio) return null;
        return (
          <ClipAudio
            key={`${clip.id}:${proxyKey(proxies, asset.id)}`}
            clip={clip}
            asset={asset}
            proxies={proxies}
            playheadUs={playheadUs}
            rate={rate}
            frameSeconds={frameSeconds}
          />
        );
      })}
    </div>
  );
}

function ClipAudio({
  clip,
  asset,
  proxies,
  playheadUs,
  rate,
  frameSeconds,
}: {
  clip: Clip;
  asset: Asset;
  proxies: PlaybackProxyMap;
  playheadUs: number;
  rate: number;
  frameSeconds: number;
}) {
  const ref = useRef<HTMLAudioElement | null>(null);
  // Only forward playback at 1×-2× is heard; scrubbing and fast shuttle stay silent.
  const audibleRate = rate > 0 && rate <= 2 ? rate : 0;
  const stableClip = useMemo(() => clip, [clip]);
  useMediaElementSync(ref, stableClip, playheadUs, audibleRate, frameSeconds);
  return (
    <audio
      ref={ref}
      src={playableUrl(proxies, asset.id)}
      preload="auto"
      data-testid="track-audio"
      data-clip-id={clip.id}
      onLoadedMetadata={(event) =>
        syncMediaElement(event.currentTarget, clip, playheadUs, audibleRate, frameSeconds)
      }
    />
  );
}
