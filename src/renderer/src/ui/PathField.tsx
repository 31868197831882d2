import { useId } from 'react';

interface PathFieldProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  placeholder?: string;
  testId: string;
  /** Shown only when native dialogs are available. */
  onBrowse?: (() => void) | null;
  browseLabel?: string;
  autoFocus?: boolean;
}

/** A labelled path text field with an optional "Browse…" button beside it. */
export function PathField(props: PathFieldProps) {
  const id = useId();
  return (
    <div className="path-field">
      <label htmlFor={id}>{props.label}</label>
      <div className="path-field-row">
        <input
          id={id}
          type="text"
          spellCheck={false}
          autoComplete="off"
          value={props.value}
          placeholder={props.placeholder}
          aria-label={props.label}
          data-testid={props.testId}
          autoFocus={props.autoFocus}
          onChange={(event) => props.onChange(event.target.value)}
        />
        {props.onBrowse ? (
          <button
            type="button"
            className="secondary-button"
            onClick={props.onBrowse}
            aria-label={props.browseLabel ?? `Browse for ${props.label.toLowerCase()}`}
            title={props.browseLabel ?? 'Choose with the system dialog'}
            data-testid={`${props.testId}-browse`}
          >
            Browse…
          </button>
        ) : null}
      </div>
    </div>
  );
}
