// The Models dialog: every model pack this studio knows, with its size, licences, status and
// install/import actions. Neural models are installed by the user (DESIGN.md §3): nothing here is
// downloaded before the user has read and accepted the licences.
import { useEffect, useRef } from 'react';
import { InlineError } from '../ui/InlineError';
import { ModelPackCard } from './ModelPackCard';
import { useModelPacks } from './useModelPacks';

export function ModelsDialog({ onClose }: { onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const { list, progress, error } = useModelPacks();

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  return (
    <dialog
      ref={ref}
      className="modal models-dialog"
      aria-label="Model packs"
      data-testid="models-dialog"
      onClose={onClose}
    >
      <header className="modal-header">
        <h2>Model packs</h2>
        <button type="button" className="icon-button" onClick={onClose} aria-label="Close">
          ×
        </button>
      </header>
      <div className="models-body">
        <p className="muted">
          Neural models you install yourself, each under its own licence. Downloads are checked against their
          published hashes (or recorded when none is published) and resume where they stopped.
          {list ? ` Installed files live in ${list.folder}.` : ''}
        </p>
        {list?.mirror ? (
          <p className="model-mirror" data-testid="models-mirror">
            Downloads come from the mirror {list.mirror} (DOPPEL_MODEL_MIRROR).
          </p>
        ) : null}
        {list?.warning ? <p className="danger-text">{list.warning}</p> : null}
        <InlineError error={error} testId="models-error" />
        {list === null && error === null ? <p className="muted">Loading…</p> : null}
        {list?.packs.map((pack) => (
          <ModelPackCard key={pack.id} pack={pack} progress={progress.get(pack.id)} />
        ))}
      </div>
    </dialog>
  );
}
