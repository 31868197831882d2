import { useState, type FormEvent } from 'react';
import type { Asset } from '../../../shared/model/schemas';
import { getStudio } from '../studio';
import { reportDialogSupport } from '../ui/dialogSupport';
import { toShownError, type ShownError } from '../ui/errorText';
import { InlineError } from '../ui/InlineError';
import { PathField } from '../ui/PathField';

interface RelinkFormProps {
  asset: Asset;
  onDone: () => void;
}

/** Points a missing asset at its file's new location (typed, since the dialog was not available). */
export function RelinkForm({ asset, onDone }: RelinkFormProps) {
  const [path, setPath] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);

  const relink = async (allowDifferentContent: boolean) => {
    if (!path.trim()) {
      setError({ code: 'INVALID_ARGUMENT', message: `Type where "${asset.name}" is now.` });
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await getStudio().media.relink({ assetId: asset.id, path: path.trim(), allowDifferentContent });
      onDone();
    } catch (caught) {
      setError(toShownError(caught));
    } finally {
      setBusy(false);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void relink(false);
  };

  return (
    <form
      className="import-path-form relink-form"
      onSubmit={submit}
      aria-label={`Relink ${asset.name}`}
      data-testid="relink-form"
    >
      <PathField
        label={`New location of “${asset.name}” (was ${asset.path})`}
        value={path}
        onChange={setPath}
        placeholder={asset.path}
        testId="relink-path"
        autoFocus
      />
      <InlineError error={error} testId="relink-error" />
      <div className="form-actions">
        {error?.code === 'HASH_MISMATCH' ? (
          <button type="button" className="danger-button" disabled={busy} onClick={() => void relink(true)}>
            Relink anyway
          </button>
        ) : null}
        <button type="button" className="secondary-button" onClick={onDone}>
          Cancel
        </button>
        <button type="submit" className="primary-button" disabled={busy} data-testid="relink-submit">
          Relink
        </button>
      </div>
    </form>
  );
}

/** Tries the native dialog first; answers false when the caller must show the typed form instead. */
export async function relinkWithDialog(
  asset: Asset,
): Promise<{ usedDialog: boolean; error: ShownError | null }> {
  const studio = getStudio();
  try {
    const answer = await studio.dialogs.showOpen({ purpose: 'media', multiple: false });
    reportDialogSupport(answer.supported);
    if (!answer.supported) return { usedDialog: false, error: null };
    const chosen = answer.paths[0];
    if (chosen) await studio.media.relink({ assetId: asset.id, path: chosen, allowDifferentContent: false });
    return { usedDialog: true, error: null };
  } catch (caught) {
    return { usedDialog: true, error: toShownError(caught) };
  }
}
