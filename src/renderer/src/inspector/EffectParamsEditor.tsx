// Edits an effect's parameters: through the fields its kind declares (TypedEffectParamsEditor), or,
// for a kind that declares none, by their JSON type: numbers, switches and text. A change is
// committed when the field is left (or Enter), as one setEffectParams edit.
import { useState } from 'react';
import type { ClipEffect, EffectKind, EffectParams } from '../../../shared/timeline/editState';
import type { AudioSourceOption } from './effectPickerInputs';
import { TypedEffectParamsEditor } from './TypedEffectParamsEditor';

interface EffectParamsEditorProps {
  effect: ClipEffect;
  /** The effect's kind as the host reports it; undefined for a kind the host no longer has. */
  kind: EffectKind | undefined;
  audioSources: readonly AudioSourceOption[];
  disabled: boolean;
  onChange: (params: EffectParams) => void;
}

export function EffectParamsEditor({
  effect,
  kind,
  audioSources,
  disabled,
  onChange,
}: EffectParamsEditorProps) {
  if (kind?.fields && kind.fields.length > 0) {
    return (
      <TypedEffectParamsEditor
        effect={effect}
        fields={kind.fields}
        audioSources={audioSources}
        disabled={disabled}
        onChange={onChange}
      />
    );
  }
  return <GenericEffectParamsEditor effect={effect} disabled={disabled} onChange={onChange} />;
}

function GenericEffectParamsEditor({
  effect,
  disabled,
  onChange,
}: {
  effect: ClipEffect;
  disabled: boolean;
  onChange: (params: EffectParams) => void;
}) {
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
