import type { HistoryState } from '../../../shared/timeline/editHistory';
import { formatTimecode } from '../../../shared/time';
import { Icon } from '../ui/Icon';
import { MAX_PX_PER_SECOND, MIN_PX_PER_SECOND } from './timelineGeometry';
import type { EditTool } from './useClipDrag';

export interface TimelineToolbarActions {
  onZoom: (pxPerSecond: number) => void;
  onZoomIn: () => void;
  onZoomOut: () => void;
  onZoomToFit: () => void;
  onAddTrack: (kind: 'video' | 'audio') => void;
  onDeleteSelection: () => void;
  onRippleDeleteSelection: () => void;
  onSplit: () => void;
  onUndo: () => void;
  onRedo: () => void;
  onToolChange: (tool: EditTool) => void;
  onSnappingChange: (snapping: boolean) => void;
}

interface TimelineToolbarProps extends TimelineToolbarActions {
  playheadUs: number;
  durationUs: number;
  pxPerSecond: number;
  selectionCount: number;
  history: HistoryState;
  tool: EditTool;
  snapping: boolean;
}

// The zoom slider is logarithmic: equal slider steps are equal zoom factors.
const LOG_MIN = Math.log(MIN_PX_PER_SECOND);
const LOG_MAX = Math.log(MAX_PX_PER_SECOND);

const TOOLS: { tool: EditTool; label: string; key: string; help: string }[] = [
  { tool: 'select', label: 'Select', key: 'V', help: 'drag clips to move them, their edges to trim' },
  { tool: 'roll', label: 'Roll', key: 'R', help: 'drag a cut between two clips to move it' },
  { tool: 'slip', label: 'Slip', key: 'Y', help: 'drag a clip to slide its source under it' },
];

export function TimelineToolbar(props: TimelineToolbarProps) {
  const sliderValue = Math.round(((Math.log(props.pxPerSecond) - LOG_MIN) / (LOG_MAX - LOG_MIN)) * 1000);
  const nothingSelected = props.selectionCount === 0;
  return (
    <header className="panel-header timeline-toolbar">
      <h2 className="panel-title">Timeline</h2>
      <span className="timecode" data-testid="timeline-timecode" title="Playhead / timeline length">
        {formatTimecode(props.playheadUs)} <span className="muted">/ {formatTimecode(props.durationUs)}</span>
      </span>
      <div className="toolbar">
        <button
          type="button"
          className="icon-button"
          onClick={props.onUndo}
          disabled={!props.history.canUndo}
          aria-label="Undo"
          title={props.history.undoLabel ? `Undo ${props.history.undoLabel} (Ctrl+Z)` : 'Nothing to undo'}
          data-testid="timeline-undo"
        >
          <Icon name="undo" />
        </button>
        <button
          type="button"
          className="icon-button"
          onClick={props.onRedo}
          disabled={!props.history.canRedo}
          aria-label="Redo"
          title={
            props.history.redoLabel ? `Redo ${props.history.redoLabel} (Ctrl+Shift+Z)` : 'Nothing to redo'
          }
          data-testid="timeline-redo"
        >
          <Icon name="redo" />
        </button>
        <span className="toolbar-separator" />
        <div className="segmented" role="radiogroup" aria-label="Edit tool">
          {TOOLS.map((entry) => (
            <button
              key={entry.tool}
              type="button"
              role="radio"
              aria-checked={props.tool === entry.tool}
              className={props.tool === entry.tool ? 'segment segment-on' : 'segment'}
              title={`${entry.label} tool (${entry.key}): ${entry.help}`}
              data-testid={`tool-${entry.tool}`}
              onClick={() => props.onToolChange(entry.tool)}
            >
              {entry.label}
            </button>
          ))}
        </div>
        <button
          type="button"
          className={props.snapping ? 'toolbar-button toolbar-toggle-on' : 'toolbar-button'}
          aria-pressed={props.snapping}
          onClick={() => props.onSnappingChange(!props.snapping)}
          title="Snap to the playhead, clip edges and markers (N); hold Shift while dragging to skip it once"
          data-testid="timeline-snapping"
        >
          <Icon name="magnet" /> Snap
        </button>
        <span className="toolbar-separator" />
        <button
          type="button"
          className="toolbar-button"
          onClick={props.onSplit}
          title="Split the clips under the playhead (S)"
          data-testid="timeline-split"
        >
          <Icon name="split" /> Split
        </button>
        <button
          type="button"
          className="toolbar-button"
          onClick={props.onDeleteSelection}
          disabled={nothingSelected}
          aria-label="Delete selected clips"
          title="Delete selected clips, leaving a gap (Delete)"
          data-testid="delete-clips"
        >
          <Icon name="trash" /> Delete
        </button>
        <button
          type="button"
          className="toolbar-button"
          onClick={props.onRippleDeleteSelection}
          disabled={nothingSelected}
          title="Delete selected clips and close the gap on every track (Shift+Delete)"
          data-testid="ripple-delete-clips"
        >
          Ripple delete
        </button>
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
          title="Fit the whole timeline (\)"
          data-testid="timeline-zoom-fit"
        >
          <Icon name="fit" />
        </button>
      </div>
    </header>
  );
}
