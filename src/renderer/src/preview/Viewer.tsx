import { useMemo, useRef, type ReactNode } from 'react';
import type { Asset, Timeline } from '../../../shared/model/schemas';
import { formatTimecode } from '../../../shared/time';
import { getStudio } from '../studio';
import { Icon } from '../ui/Icon';
import type { ClipEffect } from '../../../shared/timeline/editState';
import { useEffectsPreview } from './effectsPreview';
import { TrackAudioPlayers } from './TrackAudioPlayers';
import { playableUrl, proxyKey, proxyNotice, usePlaybackProxies } from './usePlaybackProxies';
import { usePlaybackClock } from './usePlaybackClock';
import { syncMediaElement, useMediaElementSync } from './useMediaElementSync';
import { viewerSourceAt, type ViewerSource } from './viewerSource';
import { ViewerTransport } from './ViewerTransport';

interface ViewerProps {
  timeline: Timeline | null;
  assetsById: ReadonlyMap<string, Asset>;
  playheadUs: number;
  durationUs: number;
  frameSeconds: number;
  /** 0 paused, 1 playing, other values shuttle (J/K/L). */
  rate: number;
  effects: readonly ClipEffect[];
  onPlayheadChange: (us: number) => void;
  onStop: () => void;
  onTogglePlay: () => void;
  onStepFrame: (direction: -1 | 1) => void;
  onSeek: (us: number) => void;
}

function emptyMessage(timeline: Timeline | null): string {
  if (!timeline) return 'Loading…';
  if (timeline.clips.length === 0) return 'Nothing to show yet: drag media from the bin onto the timeline.';
  return 'No clip under the playhead.';
}

/**
 * Plays or scrubs what is under the playhead: the top visible video track's clip (or still), and
 * the sound of the audible audio tracks. Paused, it shows the exact frame at the playhead.
 */
export function Viewer(props: ViewerProps) {
  const { timeline, assetsById, playheadUs, rate, frameSeconds } = props;
  const playing = rate !== 0;
  const mediaRef = useRef<HTMLMediaElement | null>(null);
  const source: ViewerSource | null = useMemo(
    () => viewerSourceAt(timeline, assetsById, playheadUs),
    [timeline, assetsById, playheadUs],
  );
  const studio = getStudio();

  usePlaybackClock({
    rate,
    playheadUs,
    endUs: props.durationUs,
    source,
    mediaRef,
    onPlayheadChange: props.onPlayheadChange,
    onStop: props.onStop,
  });
  const syncedClip = source && source.kind !== 'image' ? source.clip : null;
  useMediaElementSync(mediaRef, syncedClip, playheadUs, rate, frameSeconds);
  const effectsPreview = useEffectsPreview(source?.clip ?? null, props.effects, playheadUs, playing);
  const proxies = usePlaybackProxies();
  const proxyLine = source?.kind === 'video' ? proxyNotice(proxies, source.asset.id) : null;

  const onLoadedMetadata = () => {
    if (mediaRef.current && syncedClip)
      syncMediaElement(mediaRef.current, syncedClip, playheadUs, rate, frameSeconds);
  };
  const missing = source?.asset.status === 'missing';

  let stage: ReactNode;
  if (!source) {
    stage = (
      <div className="viewer-empty empty-state" data-testid="viewer-empty">
        <Icon name="video" size={36} />
        <p>{emptyMessage(timeline)}</p>
      </div>
    );
  } else if (missing) {
    stage = (
      <div className="viewer-empty viewer-missing" data-testid="viewer-missing">
        <Icon name="warning" size={36} />
        <p>“{source.asset.name}” is missing. Relink it in the media bin.</p>
      </div>
    );
  } else if (source.kind === 'image') {
    stage = (
      <img
        key={source.clip.id}
        className="viewer-media"
        src={studio.platform.mediaUrl(source.asset.id, 'file')}
        alt={source.asset.name}
        data-testid="viewer-image"
        draggable={false}
      />
    );
  } else if (source.kind === 'video') {
    stage = (
      <video
        key={`${source.clip.id}:${proxyKey(proxies, source.asset.id)}`}
        ref={(element) => {
          mediaRef.current = element;
        }}
        className="viewer-media"
        src={playableUrl(proxies, source.asset.id)}
        poster={
          source.asset.thumbnailCount > 0 ? studio.platform.mediaUrl(source.asset.id, 'poster') : undefined
        }
        preload="auto"
        playsInline
        muted
        data-testid="viewer-video"
        data-playback={proxyKey(proxies, source.asset.id)}
        data-clip-id={source.clip.id}
        aria-label={`Video: ${source.asset.name}`}
        onLoadedMetadata={onLoadedMetadata}
      />
    );
  } else {
    stage = (
      <div className="viewer-audio" data-testid="viewer-audio-only">
        <Icon name="audio" size={48} />
        <p>{source.asset.name}</p>
        <audio
          key={source.clip.id}
          ref={(element) => {
            mediaRef.current = element;
          }}
          src={studio.platform.mediaUrl(source.asset.id, 'file')}
          preload="auto"
          muted
          data-testid="viewer-audio"
          data-clip-id={source.clip.id}
          aria-label={`Audio: ${source.asset.name}`}
          onLoadedMetadata={onLoadedMetadata}
        />
      </div>
    );
  }

  return (
    <section className="panel viewer" aria-label="Viewer" data-testid="viewer">
      <header className="panel-header">
        <h2 className="panel-title">Viewer</h2>
        <span className="viewer-source-name muted" data-testid="viewer-source">
          {source
            ? `${source.asset.name} · ${formatTimecode(
                Math.round(playheadUs - source.clip.startUs + source.clip.inUs),
              )}`
            : ''}
        </span>
      </header>
      <div className="viewer-stage" data-source-kind={source?.kind ?? 'none'}>
        {stage}
        {effectsPreview.frameUrl && !missing ? (
          // The paused frame with the clip's effects applied (preview quality), over the source.
          <img
            className="viewer-media viewer-effects-frame"
            src={effectsPreview.frameUrl}
            alt="Frame with effects applied"
            data-testid="viewer-effects-frame"
            draggable={false}
          />
        ) : null}
        {effectsPreview.notice ? (
          <span
            className="viewer-effects-notice"
            data-testid="viewer-effects-notice"
            title={effectsPreview.notice}
          >
            {effectsPreview.label}
          </span>
        ) : null}
        {proxyLine ? (
          <span className="viewer-proxy-notice" data-testid="viewer-proxy-notice" title={proxyLine}>
            {proxyLine}
          </span>
        ) : null}
      </div>
      <TrackAudioPlayers
        proxies={proxies}
        timeline={timeline}
        assetsById={assetsById}
        playheadUs={playheadUs}
        rate={rate}
        frameSeconds={frameSeconds}
      />
      <ViewerTransport
        playing={playing}
        playheadUs={playheadUs}
        durationUs={props.durationUs}
        onTogglePlay={props.onTogglePlay}
        onStepFrame={props.onStepFrame}
        onSeek={props.onSeek}
      />
    </section>
  );
}
