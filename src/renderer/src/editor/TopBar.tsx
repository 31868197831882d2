import type { ProjectSummary } from '../../../shared/model/schemas';
import { getStudio } from '../studio';
import type { ShownError } from '../ui/errorText';
import { InlineError } from '../ui/InlineError';

interface TopBarProps {
  project: ProjectSummary;
  onClose: () => void;
  error: ShownError | null;
  onDismissError: () => void;
}

const SHORTCUTS =
  'Space play/pause · ←/→ frame · Shift+←/→ second · Home/End · Delete removes clips · +/− or Ctrl+wheel zoom · Esc clears selection';

export function TopBar({ project, onClose, error, onDismissError }: TopBarProps) {
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
      <InlineError error={error} testId="top-bar-error" onDismiss={onDismissError} />
      <span className="top-bar-spacer" />
      {mode === 'browser' ? (
        <span
          className="mode-badge"
          title="Served by the local host (npm start); dropped files are copied beside the project"
        >
          Browser mode
        </span>
      ) : null}
      <span className="shortcut-hint" title={SHORTCUTS} aria-label={`Keyboard shortcuts: ${SHORTCUTS}`}>
        ⌨
      </span>
      <button type="button" className="secondary-button" onClick={onClose} data-testid="close-project">
        Close project
      </button>
    </header>
  );
}
