// The top bar's "Models" button and the dialog it opens (model packs: install, import, licences).
import { useState } from 'react';
import { ModelsDialog } from './ModelsDialog';

export function ModelsButton() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        className="secondary-button"
        onClick={() => setOpen(true)}
        data-testid="models-button"
        title="Neural model packs: licences, install, import from disk"
      >
        Models
      </button>
      {open ? <ModelsDialog onClose={() => setOpen(false)} /> : null}
    </>
  );
}
