// Edits an effect's parameters by their JSON type: numbers, switches and text. A change is
// committed when the field is left (or Enter), as one setEffectParams edit.
import { useState } from 'react';
import type { ClipEffect, EffectParams } from '../../../shared/timeline/editState';

interface EffectParamsEditorProps {
  effect: ClipEffect;
  disabled: boolean;
  onChange: (params: EffectParams) => void;
}

export function EffectParamsEditor({ effect, disabled, onChange }: EffectParamsEditorProps) {
  const entries = Object.entries(effect.params);
  if (entries.length === 0) return null;
  return (
    <div className="effect-params">
      {entries.map(([name, value]) => (
        <label key={name} className="effect-param">
          <span>{name}</span>
          <ParamInput
            name={name}
            value={value}
            disabled={disabled}
            onCommit={(next) => onChange({ [name]: next })}
          />
        </label>
      ))}
    </div>
  );
}

function ParamInput({
  name,
  value,
  disabled,
  onCommit,
}: {
  name: string;
  value: unknown;
  disabled: boolean;
  onCommit: (value: unknown) => void;
}) {
  const [draft, setDraft] = useState<string | null>(null);
  if (typeof value === 'boolean') {
    return (
      <input
        type="checkbox"
        checked={value}
        disabled={disabled}
        data-testid={`effect-param-${name}`}
        onChange={(event) => onCommit(event.target.checked)}
      />
    );
  }
  const isNumber = typeof value === 'number';
  const shown = isNumber || typeof value === 'string' ? String(value) : JSON.stringify(value);
  const commit = () => {
    if (draft === null || draft === shown) return setDraft(null);
    setDraft(null);
    if (isNumber) {
      const parsed = Number(draft);
      if (Number.isFinite(parsed)) onCommit(parsed);
    } else if (typeof value === 'string') {
      onCommit(draft);
    } else {
      try {
        onCommit(JSON.parse(draft));
      } catch {
        // Not valid JSON: keep the old value (the field shows it again).
      }
    }
  };
  return (
    <input
      type={isNumber ? 'number' : 'text'}
      value={draft ?? shown}
      disabled={disabled}
      data-testid={`effect-param-${name}`}
      onChange={(event) => setDraft(event.target.value)}
      onBlur={commit}
      onKeyDown={(event) => {
        if (event.key === 'Enter') commit();
        if (event.key === 'Escape') setDraft(null);
      }}
    />
  );
}
