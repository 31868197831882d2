// Records a consent for an identity: who consented (subject), to what (scope), when, and an optional
// evidence file (a photo or scan of the signed form, or a recorded statement), given as a path,
// chosen in the system dialog (desktop), or uploaded from this browser (browser mode). The
// evidence becomes an asset of the project; the record is what renders cite.
import { useRef, useState } from 'react';
import type { IdentityView } from '../../../shared/model/provenanceSchemas';
import { getStudio } from '../studio';
import { reportDialogSupport, useDialogsSupported } from '../ui/dialogSupport';
import { toShownError, type ShownError } from '../ui/errorText';
import { InlineError } from '../ui/InlineError';

interface GrantConsentFormProps {
  identity: IdentityView;
  onGranted: (identity: IdentityView) => void;
  onCancel: () => void;
  cancelLabel?: string;
}

function today(): string {
  const now = new Date();
  const two = (value: number) => String(value).padStart(2, '0');
  return `${now.getFullYear()}-${two(now.getMonth() + 1)}-${two(now.getDate())}`;
}

export function GrantConsentForm({
  identity,
  onGranted,
  onCancel,
  cancelLabel = 'Cancel',
}: GrantConsentFormProps) {
  const [subject, setSubject] = useState('');
  const [scope, setScope] = useState('');
  const [date, setDate] = useState(today);
  const [evidencePath, setEvidencePath] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);
  const dialogs = useDialogsSupported();
  const fileInput = useRef<HTMLInputElement>(null);

  const browse = async () => {
    const answer = await getStudio().dialogs.showOpen({ purpose: 'media', multiple: false });
    reportDialogSupport(answer.supported);
    if (answer.paths[0]) setEvidencePath(answer.paths[0]);
  };

  const upload = async (file: File | undefined) => {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const [path] = await getStudio().platform.pathsForDroppedFiles([file]);
      if (path) setEvidencePath(path);
    } catch (caught) {
      setError(toShownError(caught));
    } finally {
      setBusy(false);
    }
  };

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const granted = await getStudio().consent.grant({
        identityId: identity.id,
        subject,
        scope,
        grantedAt: date,
        ...(evidencePath.trim() ? { evidencePath: evidencePath.trim() } : {}),
      });
      onGranted(granted);
    } catch (caught) {
      setError(toShownError(caught));
      setBusy(false);
    }
  };

  return (
    <form
      className="consent-form"
      data-testid="consent-form"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <label>
        Who consented
        <input
          type="text"
          value={subject}
          onChange={(event) => setSubject(event.target.value)}
          placeholder="The person whose face or voice this is"
          required
          maxLength={200}
          data-testid="consent-subject"
        />
      </label>
      <label>
        To what (scope)
        <textarea
          value={scope}
          onChange={(event) => setScope(event.target.value)}
          placeholder="e.g. Launch videos for the 2026 campaign, web and social only"
          required
          maxLength={2000}
          rows={2}
          data-testid="consent-scope"
        />
      </label>
      <label>
        Date
        <input
          type="date"
          value={date}
          onChange={(event) => setDate(event.target.value)}
          required
          data-testid="consent-date"
        />
      </label>
      <div className="consent-evidence">
        <label>
          Evidence (optional): signed form, photo of it, or a recorded statement
          <input
            type="text"
            value={evidencePath}
            onChange={(event) => setEvidencePath(event.target.value)}
            placeholder="Path of the file"
            spellCheck={false}
            data-testid="consent-evidence"
          />
        </label>
        <div className="consent-evidence-buttons">
          {dialogs ? (
            <button type="button" className="secondary-button" onClick={() => void browse()}>
              Browse…
            </button>
          ) : null}
          <button
            type="button"
            className="secondary-button"
            onClick={() => fileInput.current?.click()}
            data-testid="consent-evidence-upload"
          >
            Upload…
          </button>
          <input
            ref={fileInput}
            type="file"
            hidden
            accept="image/*,audio/*,video/*"
            onChange={(event) => void upload(event.target.files?.[0])}
            data-testid="consent-evidence-file"
          />
        </div>
      </div>
      <InlineError error={error} testId="consent-error" />
      <div className="form-actions">
        <button type="button" className="secondary-button" onClick={onCancel} data-testid="consent-cancel">
          {cancelLabel}
        </button>
        <button type="submit" className="primary-button" disabled={busy} data-testid="consent-submit">
          {busy ? 'Saving…' : 'Record consent'}
        </button>
      </div>
    </form>
  );
}
