import { useCallback, useEffect, useState } from 'react';
import type { ProjectSummary, RecentProject } from '../../../shared/model/schemas';
import { getStudio } from '../studio';
import { toShownError, type ShownError } from '../ui/errorText';
import { InlineError } from '../ui/InlineError';

function describeWhen(iso: string): string {
  const when = new Date(iso);
  return Number.isNaN(when.getTime()) ? '' : when.toLocaleString();
}

export function RecentProjectList({ onOpened }: { onOpened: (project: ProjectSummary) => void }) {
  const [recent, setRecent] = useState<RecentProject[] | null>(null);
  const [error, setError] = useState<ShownError | null>(null);
  const [busyPath, setBusyPath] = useState<string | null>(null);

  const reload = useCallback(async () => {
    try {
      setRecent(await getStudio().project.listRecent({}));
    } catch (caught) {
      setRecent([]);
      setError(toShownError(caught));
    }
  }, []);

  useEffect(() => {
    let alive = true;
    getStudio()
      .project.listRecent({})
      .then(
        (list) => alive && setRecent(list),
        (caught: unknown) => {
          if (!alive) return;
          setRecent([]);
          setError(toShownError(caught));
        },
      );
    return () => {
      alive = false;
    };
  }, []);

  const open = async (entry: RecentProject) => {
    setBusyPath(entry.path);
    setError(null);
    try {
      onOpened(await getStudio().project.open({ path: entry.path }));
    } catch (caught) {
      setError(toShownError(caught));
      await reload(); // it may have gone missing since the list was read
    } finally {
      setBusyPath(null);
    }
  };

  const forget = async (entry: RecentProject) => {
    setError(null);
    try {
      await getStudio().project.forgetRecent({ path: entry.path });
      await reload();
    } catch (caught) {
      setError(toShownError(caught));
    }
  };

  return (
    <section className="recent-projects" aria-label="Recent projects" data-testid="recent-projects">
      <h2>Recent</h2>
      <InlineError error={error} testId="recent-projects-error" onDismiss={() => setError(null)} />
      {recent === null ? <p className="muted">Loading…</p> : null}
      {recent !== null && recent.length === 0 ? (
        <p className="empty-state" data-testid="recent-projects-empty">
          No recent projects yet. Create one, or open a .doppel file.
        </p>
      ) : null}
      <ul className="recent-project-list">
        {(recent ?? []).map((entry) => (
          <li
            key={entry.path}
            className={entry.exists ? 'recent-project' : 'recent-project recent-project-missing'}
            data-testid="recent-project"
            data-path={entry.path}
            data-exists={entry.exists ? 'true' : 'false'}
          >
            <button
              type="button"
              className="recent-project-open"
              disabled={!entry.exists || busyPath !== null}
              onClick={() => void open(entry)}
              aria-label={entry.exists ? `Open ${entry.name}` : `${entry.name} (file missing)`}
              title={entry.exists ? entry.path : `Missing: ${entry.path}`}
            >
              <span className="recent-project-name">{entry.name}</span>
              <span className="recent-project-path">{entry.path}</span>
              <span className="recent-project-when">
                {entry.exists ? describeWhen(entry.openedAt) : 'File not found'}
              </span>
            </button>
            <button
              type="button"
              className={
                entry.exists ? 'icon-button recent-project-forget' : 'secondary-button recent-project-forget'
              }
              onClick={() => void forget(entry)}
              aria-label={`Remove ${entry.name} from list`}
              title="Remove from list (the file is not deleted)"
              data-testid="recent-project-forget"
            >
              {entry.exists ? '×' : 'Remove from list'}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
