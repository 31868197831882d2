import { formatTimecode } from '../../../shared/time';
import { Icon } from '../ui/Icon';
import { MAX_PX_PER_SECOND, MIN_PX_PER_SECOND } from './timelineGeometry';

interface TimelineToolbarProps {
  playheadUs: number;
  durationUs: number;
  pxPerSecond: number;
  selectionCount: number;
  onZoom: (pxPerSecond: number) => void;
  onZoomIn: () => void;
  onZoomOut: () => void;
  onZoomToFit: () => void;
  onAddTrack: (kind: 'video' | 'audio') => void;
  onDeleteSelection: () => void;
}

// The zoom slider is logarithmic: equal slider steps are equal zoom factors.
const LOG_MIN = Math.log(MIN_PX_PER_SECOND);
const LOG_MAX = Math.log(MAX_PX_PER_SECOND);

export function TimelineToolbar(props: TimelineToolbarProps) {
  const sliderValue = Math.round(((Math.log(props.pxPerSecond) - LOG_MIN) / (LOG_MAX - LOG_MIN)) * 1000);
  return (
    <header className="panel-header timeline-toolbar">
      <h2 className="panel-title">Timeline</h2>
      <span className="timecode" data-testid="timeline-timecode" title="Playhead / timeline length">
        {formatTimecode(props.playheadUs)} <span className="muted">/ {formatTimecode(props.durationUs)}</span>
      </span>
      <div className="toolbar">
        <button
          type="button"
          className="toolbar-button"
          onClick={() => props.onAddTrack('video')}
          aria-label="Add video track"
          title="Add a video track on top"
          data-testid="add-video-track"
        >
          <Icon name="plus" /> Video track
        </button>
        <button
          type="button"
          className="toolbar-button"
          onClick={() => props.onAddTrack('audio')}
          aria-label="Add audio track"
          title="Add an audio track at the bottom"
          data-testid="add-audio-track"
        >
          <Icon name="plus" /> Audio track
        </button>
        <button
          type="button"
          className="toolbar-button"
          onClick={props.onDeleteSelection}
          disabled={props.selectionCount === 0}
          aria-label="Delete selected clips"
          title="Delete selected clips (Delete)"
          data-testid="delete-clips"
        >
          <Icon name="trash" /> Delete
        </button>
        <span className="toolbar-separator" />
        <button
          type="button"
          className="icon-button"
          onClick={props.onZoomOut}
          aria-label="Zoom out"
          title="Zoom out (−, Ctrl+wheel)"
        >
          <Icon name="minus" />
        </button>
        <input
          type="range"
          className="zoom-slider"
          min={0}
          max={1000}
          value={sliderValue}
          aria-label="Timeline zoom"
          data-testid="timeline-zoom"
          data-px-per-second={props.pxPerSecond.toFixed(2)}
          title={`${props.pxPerSecond.toFixed(1)} px per second`}
          onChange={(event) =>
            props.onZoom(Math.exp(LOG_MIN + (Number(event.target.value) / 1000) * (LOG_MAX - LOG_MIN)))
          }
        />
        <button
          type="button"
          className="icon-button"
          onClick={props.onZoomIn}
          aria-label="Zoom in"
          title="Zoom in (+, Ctrl+wheel)"
        >
          <Icon name="plus" />
        </button>
        <button
          type="button"
          className="icon-button"
          onClick={props.onZoomToFit}
          aria-label="Zoom to fit"
          title="Fit the whole timeline"
        >
          <Icon name="fit" />
        </button>
      </div>
    </header>
  );
}
