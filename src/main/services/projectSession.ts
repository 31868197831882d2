// Holds the one open project of a studio instance (a window, a browser-mode host or a CLI run).
import { Emitter, type Disposable } from '../../shared/disposable';
import { StudioError } from '../../shared/errors';
import type { ProjectSummary } from '../../shared/model/schemas';
import type { ProjectStore } from '../store/projectStore';

export class ProjectSession implements Disposable {
  private current: ProjectStore | null = null;
  private readonly changed = new Emitter<ProjectSummary | null>();
  readonly onDidChangeProject = this.changed.event;

  get store(): ProjectStore | null {
    return this.current;
  }

  /** The open project, or NO_PROJECT_OPEN: every project-scoped call goes through here. */
  require(): ProjectStore {
    if (!this.current)
      throw new StudioError('NO_PROJECT_OPEN', 'No project is open. Create or open a project first.');
    return this.current;
  }

  /** Replaces the open project (closing the previous one) and tells listeners. */
  replace(next: ProjectStore | null): void {
    if (this.current && this.current !== next) this.current.close();
    this.current = next;
    this.changed.fire(next ? next.getSummary() : null);
  }

  /** Re-announces the open project after its summary changed (assets added, relinked...). */
  notifySummaryChanged(): void {
    if (this.current) this.changed.fire(this.current.getSummary());
  }

  dispose(): void {
    this.current?.close();
    this.current = null;
    this.changed.dispose();
  }
}
