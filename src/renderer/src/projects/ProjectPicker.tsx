import type { ProjectSummary } from '../../../shared/model/schemas';
import type { ShownError } from '../ui/errorText';
import { InlineError } from '../ui/InlineError';
import { NewProjectForm } from './NewProjectForm';
import { OpenProjectForm } from './OpenProjectForm';
import { RecentProjectList } from './RecentProjectList';

interface ProjectPickerProps {
  onOpened: (project: ProjectSummary) => void;
  startupError: ShownError | null;
}

/** The start screen: new project, open a file, or pick a recent one. */
export function ProjectPicker({ onOpened, startupError }: ProjectPickerProps) {
  return (
    <main className="project-picker" data-testid="project-picker" aria-label="Project picker">
      <div className="project-picker-card">
        <header className="project-picker-header">
          <h1>
            Doppel <span className="accent">Studio</span>
          </h1>
          <p className="muted">
            Local synthetic media on a timeline — with consent and provenance on every render.
          </p>
        </header>
        <InlineError error={startupError} testId="startup-error" />
        <div className="project-picker-columns">
          <div className="project-picker-forms">
            <NewProjectForm onOpened={onOpened} />
            <OpenProjectForm onOpened={onOpened} />
          </div>
          <RecentProjectList onOpened={onOpened} />
        </div>
      </div>
    </main>
  );
}
