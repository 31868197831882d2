// Importing a model file the user already has (a copy on disk, w600k_r50.onnx extracted from
// buffalo_l.zip, an RVC voice they trained): which file of the pack it is, its path (typed, or
// chosen with the system dialog where there is one), a name for files the user brings, and the
// licence accepted. The host copies it, records its sha256 and checks its inputs and outputs.
import { useState } from 'react';
import type { ModelPack } from '../../../shared/contracts/modelsContract';
import { getStudio } from '../studio';
import { reportDialogSupport, useDialogsSupported } from '../ui/dialogSupport';
import { toShownError, type ShownError } from '../ui/errorText';
import { InlineError } from '../ui/InlineError';
import { PathField } from '../ui/PathField';
import { CommercialUseBadge } from './ModelLicenceList';

interface ModelImportFormProps {
  pack: ModelPack;
  onClose: () => void;
}

export function ModelImportForm({ pack, onClose }: ModelImportFormProps) {
  const choices = [
    ...pack.files.map((file) => ({
      id: file.id,
      label: `${file.name} (${file.fileName})`,
      licence: file.licence,
      user: false,
    })),
    ...pack.userFileKinds.map((kind) => ({
      id: kind.kind,
      label: `${kind.name} (yours)`,
      licence: kind.licence,
      user: true,
    })),
  ];
  const [fileId, setFileId] = useState(choices[0]?.id ?? '');
  const [path, setPath] = useState('');
  const [name, setName] = useState('');
  const [accepted, setAccepted] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const dialogsSupported = useDialogsSupported();
  const choice = choices.find((candidate) => candidate.id === fileId);

  const browse = async () => {
    try {
      const answer = await getStudio().dialogs.showOpen({ purpose: 'model', multiple: false });
      reportDialogSupport(answer.supported);
      if (answer.paths[0]) setPath(answer.paths[0]);
    } catch (caught) {
      setError(toShownError(caught));
    }
  };

  const submit = async () => {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const installed = await getStudio().models.importFile({
        packId: pack.id,
        fileId,
        path: path.trim(),
        ...(choice?.user ? { name: name.trim() } : {}),
        acceptLicences: accepted,
      });
      setDone(`Imported as ${installed.fileId} (sha256 ${installed.sha256.slice(0, 16)}…)`);
      setPath('');
    } catch (caught) {
      setError(toShownError(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="model-import-form"
      data-testid="model-import-form"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <label>
        File
        <select
          value={fileId}
          onChange={(event) => setFileId(event.target.value)}
          data-testid="model-import-file"
        >
          {choices.map((candidate) => (
            <option key={candidate.id} value={candidate.id}>
              {candidate.label}
            </option>
          ))}
        </select>
      </label>
      <PathField
        label="Path of the .onnx file"
        value={path}
        onChange={setPath}
        placeholder="/path/to/model.onnx"
        testId="model-import-path"
        onBrowse={dialogsSupported ? () => void browse() : null}
      />
      {choice?.user ? (
        <label>
          Name
          <input
            type="text"
            value={name}
            onChange={(event) => setName(event.target.value)}
            placeholder="e.g. the voice's name"
            data-testid="model-import-name"
          />
        </label>
      ) : null}
      {choice ? (
        <div className="model-licence-head">
          <span>{choice.licence.name}</span>
          <CommercialUseBadge licence={choice.licence} />
        </div>
      ) : null}
      <label className="model-check">
        <input
          type="checkbox"
          checked={accepted}
          onChange={(event) => setAccepted(event.target.checked)}
          data-testid="model-import-accept"
        />
        I have read this licence and will use the model only as it allows.
      </label>
      {done ? (
        <div className="muted" data-testid="model-import-done">
          {done}
        </div>
      ) : null}
      <InlineError error={error} testId="model-import-error" onDismiss={() => setError(null)} />
      <div className="modal-footer">
        <button type="button" className="secondary-button" onClick={onClose}>
          Close
        </button>
        <button
          type="submit"
          className="primary-button"
          disabled={!accepted || busy || path.trim() === '' || (choice?.user === true && name.trim() === '')}
          data-testid="model-import-confirm"
        >
          {busy ? 'Importing…' : 'Import'}
        </button>
      </div>
    </form>
  );
}
