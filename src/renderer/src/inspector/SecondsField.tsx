import { useState } from 'react';
import { secondsToMicroseconds } from '../../../shared/time';

interface SecondsFieldProps {
  label: string;
  testId: string;
  us: number;
  onCommit: (us: number) => void;
}

/** A number of seconds, committed on Enter or when the field loses focus (one edit, not one per key). */
export function SecondsField({ label, testId, us, onCommit }: SecondsFieldProps) {
  const shown = (us / 1_000_000).toFixed(3);
  const [draft, setDraft] = useState<string | null>(null);
  const commit = () => {
    if (draft === null) return;
    const seconds = Number(draft);
    setDraft(null);
    if (Number.isFinite(seconds) && seconds >= 0 && draft !== shown) onCommit(secondsToMicroseconds(seconds));
  };
  return (
    <input
      type="number"
      className="seconds-field"
      step="0.04"
      min="0"
      aria-label={label}
      data-testid={testId}
      value={draft ?? shown}
      onChange={(event) => setDraft(event.target.value)}
      onBlur={commit}
      onKeyDown={(event) => {
        if (event.key === 'Enter') commit();
        if (event.key === 'Escape') setDraft(null);
      }}
    />
  );
}
