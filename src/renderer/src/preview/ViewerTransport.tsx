import { formatTimecode } from '../../../shared/time';
import { Icon } from '../ui/Icon';

interface ViewerTransportProps {
  playing: boolean;
  playheadUs: number;
  durationUs: number;
  onTogglePlay: () => void;
  onStepFrame: (direction: -1 | 1) => void;
  onSeek: (us: number) => void;
}

export function ViewerTransport(props: ViewerTransportProps) {
  return (
    <div className="viewer-transport" role="toolbar" aria-label="Playback controls">
      <span className="timecode viewer-timecode" data-testid="viewer-timecode" aria-label="Playhead position">
        {formatTimecode(props.playheadUs)}
      </span>
      <div className="transport-buttons">
        <button
          type="button"
          className="icon-button"
          onClick={() => props.onSeek(0)}
          aria-label="Go to start"
          title="Go to start (Home)"
        >
          <Icon name="toStart" />
        </button>
        <button
          type="button"
          className="icon-button"
          onClick={() => props.onStepFrame(-1)}
          aria-label="Previous frame"
          title="Previous frame (←)"
          data-testid="viewer-previous-frame"
        >
          <Icon name="stepBack" />
        </button>
        <button
          type="button"
          className="icon-button transport-play"
          onClick={props.onTogglePlay}
          aria-label={props.playing ? 'Pause' : 'Play'}
          title={props.playing ? 'Pause (Space)' : 'Play (Space)'}
          data-testid="viewer-play"
          data-playing={props.playing ? 'true' : 'false'}
        >
          <Icon name={props.playing ? 'pause' : 'play'} size={18} />
        </button>
        <button
          type="button"
          className="icon-button"
          onClick={() => props.onStepFrame(1)}
          aria-label="Next frame"
          title="Next frame (→)"
          data-testid="viewer-next-frame"
        >
          <Icon name="stepForward" />
        </button>
        <button
          type="button"
          className="icon-button"
          onClick={() => props.onSeek(props.durationUs)}
          aria-label="Go to end"
          title="Go to end (End)"
        >
          <Icon name="toEnd" />
        </button>
      </div>
      <span className="timecode viewer-duration muted" aria-label="Timeline length">
        {formatTimecode(props.durationUs)}
      </span>
    </div>
  );
}
