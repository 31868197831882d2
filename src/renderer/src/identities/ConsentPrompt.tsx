// Asks for consent the moment a face or voice identity is created (the Faces tab's Source mark,
// the voice tools): one dialog per new identity without consent. "Later" leaves it without
// consent; renders refuse it until consent is recorded in the Identities panel.
import { useEffect, useRef } from 'react';
import type { IdentitiesState } from './useIdentities';
import { GrantConsentForm } from './GrantConsentForm';

export function ConsentPrompt({ state }: { state: IdentitiesState }) {
  const pending = state.created.find((identity) => identity.consent === null);
  const ref = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && pending && !dialog.open) dialog.showModal();
  }, [pending]);

  if (!pending) return null;
  const later = () => state.dismissCreated(pending.id);
  return (
    <dialog
      ref={ref}
      className="modal consent-prompt"
      aria-label="Record consent"
      data-testid="consent-prompt"
      data-identity-id={pending.id}
      onCancel={(event) => {
        event.preventDefault();
        later();
      }}
    >
      <header className="modal-header">
        <h2>Consent for “{pending.name}”</h2>
      </header>
      <p className="consent-prompt-text">
        This {pending.kind} is now an identity the studio can use as a source. Record who consented, to what
        and when. Until you do, renders that use it are refused.
      </p>
      <GrantConsentForm
        key={pending.id}
        identity={pending}
        onGranted={() => state.dismissCreated(pending.id)}
        onCancel={later}
        cancelLabel="Later"
      />
    </dialog>
  );
}
