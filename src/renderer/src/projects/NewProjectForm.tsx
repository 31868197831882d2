import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { ProjectSummary } from '../../../shared/model/schemas';
import { getStudio } from '../studio';
import { reportDialogSupport, useDialogsSupported } from '../ui/dialogSupport';
import { toShownError, type ShownError } from '../ui/errorText';
import { InlineError } from '../ui/InlineError';
import { PathField } from '../ui/PathField';

const DEFAULT_NAME = 'Untitled project';

/** Name + file path for a new project; the path follows the name until the user edits it. */
export function NewProjectForm({ onOpened }: { onOpened: (project: ProjectSummary) => void }) {
  const dialogsSupported = useDialogsSupported();
  const [name, setName] = useState(DEFAULT_NAME);
  const [path, setPath] = useState('');
  const [pathEdited, setPathEdited] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);
  const firstSuggestion = useRef(true);

  useEffect(() => {
    if (pathEdited) return;
    const wanted = name.trim() || DEFAULT_NAME;
    // The first suggestion is fetched at once; later ones wait for typing to pause.
    const delay = firstSuggestion.current ? 0 : 150;
    firstSuggestion.current = false;
    let alive = true;
    const timer = window.setTimeout(() => {
      getStudio()
        .project.suggestNewPath({ name: wanted })
        .then(
          (suggestion) => alive && setPath(suggestion.path),
          () => undefined, // no suggestion: the user types a path
        );
    }, delay);
    return () => {
      alive = false;
      window.clearTimeout(timer);
    };
  }, [name, pathEdited]);

  const browse = async () => {
    setError(null);
    try {
      const answer = await getStudio().dialogs.showSave({
        purpose: 'project',
        defaultPath: path || undefined,
      });
      reportDialogSupport(answer.supported);
      if (answer.path) {
        setPath(answer.path);
        setPathEdited(true);
      }
    } catch (caught) {
      setError(toShownError(caught));
    }
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!path.trim()) {
      setError({ code: 'INVALID_ARGUMENT', message: 'Choose where to save the project file.' });
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onOpened(await getStudio().project.create({ path: path.trim() }));
    } catch (caught) {
      setError(toShownError(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="picker-form" onSubmit={submit} aria-label="New project" data-testid="new-project-form">
      <h2>New project</h2>
      <div className="path-field">
        <label htmlFor="new-project-name">Name</label>
        <input
          id="new-project-name"
          type="text"
          value={name}
          aria-label="Project name"
          data-testid="new-project-name"
          onChange={(event) => setName(event.target.value)}
        />
      </div>
      <PathField
        label="Project file"
        value={path}
        placeholder="/path/to/My film.doppel"
        testId="new-project-path"
        onChange={(value) => {
          setPath(value);
          setPathEdited(true);
        }}
        onBrowse={dialogsSupported ? () => void browse() : null}
        browseLabel="Choose where to save the project"
      />
      <InlineError error={error} testId="new-project-error" onDismiss={() => setError(null)} />
      <div className="form-actions">
        <button type="submit" className="primary-button" disabled={busy} data-testid="create-project">
          {busy ? 'Creating…' : 'Create project'}
        </button>
      </div>
    </form>
  );
}
