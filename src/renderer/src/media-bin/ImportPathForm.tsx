import { useId, useState, type FormEvent } from 'react';

interface ImportPathFormProps {
  onImport: (paths: string[]) => void;
  onCancel: () => void;
}

/** Paths typed or pasted, one per line: files already on this machine need no upload. */
export function ImportPathForm({ onImport, onCancel }: ImportPathFormProps) {
  const id = useId();
  const [text, setText] = useState('');
  const paths = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (paths.length === 0) return;
    onImport(paths);
    setText('');
  };

  return (
    <form
      className="import-path-form"
      onSubmit={submit}
      aria-label="Import by path"
      data-testid="import-path-form"
    >
      <label htmlFor={id}>Files or folders to import (one path per line)</label>
      <textarea
        id={id}
        rows={2}
        spellCheck={false}
        value={text}
        aria-label="Paths to import"
        data-testid="import-path-input"
        placeholder="/home/me/Videos/interview.mp4"
        onChange={(event) => setText(event.target.value)}
        autoFocus
      />
      <div className="form-actions">
        <button type="button" className="secondary-button" onClick={onCancel}>
          Cancel
        </button>
        <button
          type="submit"
          className="primary-button"
          disabled={paths.length === 0}
          data-testid="import-path-submit"
        >
          Import {paths.length > 1 ? `${paths.length} paths` : ''}
        </button>
      </div>
    </form>
  );
}
