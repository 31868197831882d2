import { useState, type FormEvent } from 'react';
import type { ProjectSummary } from '../../../shared/model/schemas';
import { getStudio } from '../studio';
import { reportDialogSupport, useDialogsSupported } from '../ui/dialogSupport';
import { toShownError, type ShownError } from '../ui/errorText';
import { InlineError } from '../ui/InlineError';
import { PathField } from '../ui/PathField';

export function OpenProjectForm({ onOpened }: { onOpened: (project: ProjectSummary) => void }) {
  const dialogsSupported = useDialogsSupported();
  const [path, setPath] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);

  const open = async (wanted: string) => {
    setBusy(true);
    setError(null);
    try {
      onOpened(await getStudio().project.open({ path: wanted }));
    } catch (caught) {
      setError(toShownError(caught));
    } finally {
      setBusy(false);
    }
  };

  const browse = async () => {
    setError(null);
    try {
      const answer = await getStudio().dialogs.showOpen({ purpose: 'project', multiple: false });
      reportDialogSupport(answer.supported);
      const chosen = answer.paths[0];
      if (chosen) {
        setPath(chosen);
        await open(chosen);
      }
    } catch (caught) {
      setError(toShownError(caught));
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!path.trim()) {
      setError({ code: 'INVALID_ARGUMENT', message: 'Type the path of a .doppel project file.' });
      return;
    }
    void open(path.trim());
  };

  return (
    <form className="picker-form" onSubmit={submit} aria-label="Open project" data-testid="open-project-form">
      <h2>Open project</h2>
      <PathField
        label="Project file to open"
        value={path}
        placeholder="/path/to/My film.doppel"
        testId="open-project-path"
        onChange={setPath}
        onBrowse={dialogsSupported ? () => void browse() : null}
        browseLabel="Choose a project file"
      />
      <InlineError error={error} testId="open-project-error" onDismiss={() => setError(null)} />
      <div className="form-actions">
        <button type="submit" className="secondary-button" disabled={busy} data-testid="open-project">
          {busy ? 'Opening…' : 'Open'}
        </button>
      </div>
    </form>
  );
}
