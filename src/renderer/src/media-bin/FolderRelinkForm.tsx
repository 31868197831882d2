import { useState, type FormEvent } from 'react';
import { getStudio } from '../studio';
import { toShownError, type ShownError } from '../ui/errorText';
import { InlineError } from '../ui/InlineError';
import { PathField } from '../ui/PathField';

interface FolderRelinkFormProps {
  missingCount: number;
  onDone: (message: string) => void;
  onCancel: () => void;
}

/** "Find in folder…": every missing asset whose file name turns up in the folder is relinked. */
export function FolderRelinkForm({ missingCount, onDone, onCancel }: FolderRelinkFormProps) {
  const [folder, setFolder] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!folder.trim()) return;
    setBusy(true);
    setError(null);
    try {
      const relinked = await getStudio().media.relinkFromFolder({ folder: folder.trim() });
      onDone(describeFolderRelink(relinked.length, missingCount));
    } catch (caught) {
      setError(toShownError(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="import-path-form"
      onSubmit={(event) => void submit(event)}
      aria-label="Find missing files in a folder"
      data-testid="folder-relink-form"
    >
      <PathField
        label="Folder to search for missing files"
        value={folder}
        onChange={setFolder}
        placeholder="/media/usb/footage"
        testId="folder-relink-path"
        autoFocus
      />
      <InlineError error={error} testId="folder-relink-error" />
      <div className="form-actions">
        <button type="button" className="secondary-button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="primary-button" disabled={busy || !folder.trim()}>
          Search
        </button>
      </div>
    </form>
  );
}

export function describeFolderRelink(found: number, missing: number): string {
  if (found === 0) return 'No missing file was found in that folder.';
  return `Relinked ${found} of ${missing} missing file${missing === 1 ? '' : 's'}.`;
}
