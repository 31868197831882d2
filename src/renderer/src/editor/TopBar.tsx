import type { ProjectSummary } from '../../../shared/model/schemas';
import { getStudio } from '../studio';
import type { ShownError } from '../ui/errorText';
import { Icon } from '../ui/Icon';
import { InlineError } from '../ui/InlineError';
import { ModelsButton } from '../models/ModelsButton';

interface TopBarProps {
  project: ProjectSummary;
  onClose: () => void;
  error: ShownError | null;
  onDismissError: () => void;
  savedAt: Date | null;
  /** Running renders' overall progress (0..1), or null when none runs. */
  renderProgress: number | null;
  renderCount: number;
  onRender: () => void;
  onShowRenders: () => void;
  onShowShortcuts: () => void;
}

export function TopBar(props: TopBarProps) {
  const { project, savedAt } = props;
  const mode = getStudio().platform.mode;
  return (
    <header className="top-bar" data-testid="top-bar">
      <span className="brand">
        Doppel <span className="accent">Studio</span>
      </span>
      <span className="top-bar-project" title={project.path} data-testid="project-name">
        {project.name}
      </span>
      <span className="top-bar-meta muted">
        {project.width}×{project.height} ·{' '}
        {(project.fps.num / project.fps.den).toFixed(project.fps.den === 1 ? 0 : 2)} fps ·{' '}
        {project.assetCount} asset{project.assetCount === 1 ? '' : 's'}
        {project.missingAssetCount > 0 ? (
          <span className="danger-text"> · {project.missingAssetCount} missing</span>
        ) : null}
      </span>
      <span
        className="save-status muted"
        data-testid="save-status"
        title="Every edit is saved in the project file the moment you make it, with its undo history: there is nothing to save by hand, and a crash loses nothing you already did."
      >
        {savedAt ? `All changes saved · ${savedAt.toLocaleTimeString()}` : 'Edits save automatically'}
      </span>
      <InlineError error={props.error} testId="top-bar-error" onDismiss={props.onDismissError} />
      <span className="top-bar-spacer" />
      {mode === 'browser' ? (
        <span
          className="mode-badge"
          title="Served by the local host (npm start); dropped files are copied beside the project"
        >
          Browser mode
        </span>
      ) : null}
      {props.renderCount > 0 || props.renderProgress !== null ? (
        <button
          type="button"
          className="secondary-button render-indicator"
          onClick={props.onShowRenders}
          data-testid="render-indicator"
          title="Renders of this project (progress, cancel, output folder)"
        >
          {props.renderProgress !== null
            ? `Rendering ${Math.round(props.renderProgress * 100)}%`
            : `Renders (${props.renderCount})`}
        </button>
      ) : null}
      <ModelsButton />
      <button
        type="button"
        className="primary-button"
        onClick={props.onRender}
        data-testid="open-render-dialog"
        title="Render the timeline to a video file"
      >
        <Icon name="render" /> Render…
      </button>
      <button
        type="button"
        className="icon-button shortcut-hint"
        onClick={props.onShowShortcuts}
        aria-label="Keyboard shortcuts"
        title="Keyboard shortcuts (?)"
        data-testid="show-shortcuts"
      >
        ⌨
      </button>
      <button type="button" className="secondary-button" onClick={props.onClose} data-testid="close-project">
        Close project
      </button>
    </header>
  );
}
