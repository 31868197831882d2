import { useMemo, useRef, type ReactNode } from 'react';
import type { Asset, Timeline } from '../../../shared/model/schemas';
import { formatTimecode } from '../../../shared/time';
import { getStudio } from '../studio';
import { Icon } from '../ui/Icon';
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
  playing: boolean;
  onPlayheadChange: (us: number) => void;
  onPlayingChange: (playing: boolean) => void;
  onTogglePlay: () => void;
  onStepFrame: (direction: -1 | 1) => void;
  onSeek: (us: number) => void;
}

function emptyMessage(timeline: Timeline | null): string {
  if (!timeline) return 'Loading…';
  if (timeline.clips.length === 0) return 'Nothing to show yet: drag media from the bin onto the timeline.';
  return 'No clip under the playhead.';
}

/** Plays or scrubs what is under the playhead: the top video track's clip, a still, or audio. */
export function Viewer(props: ViewerProps) {
  const { timeline, assetsById, playheadUs, playing, frameSeconds } = props;
  const mediaRef = useRef<HTMLMediaElement | null>(null);
  const source: ViewerSource | null = useMemo(
    () => viewerSourceAt(timeline, assetsById, playheadUs),
    [timeline, assetsById, playheadUs],
  );
  const studio = getStudio();

  usePlaybackClock({
    playing,
    playheadUs,
    endUs: props.durationUs,
    source,
    mediaRef,
    onPlayheadChange: props.onPlayheadChange,
    onStop: () => props.onPlayingChange(false),
  });
  useMediaElementSync(mediaRef, source, playheadUs, playing, frameSeconds);

  const onLoadedMetadata = () => {
    if (mediaRef.current && source)
      syncMediaElement(mediaRef.current, source, playheadUs, playing, frameSeconds);
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
        key={source.clip.id}
        ref={(element) => {
          mediaRef.current = element;
        }}
        className="viewer-media"
        src={studio.platform.mediaUrl(source.asset.id, 'file')}
        poster={
          source.asset.thumbnailCount > 0 ? studio.platform.mediaUrl(source.asset.id, 'poster') : undefined
        }
        preload="auto"
        playsInline
        data-testid="viewer-video"
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
      </div>
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
