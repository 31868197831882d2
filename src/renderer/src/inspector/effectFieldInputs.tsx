// One input per kind of declared effect param field (effectParamFields.ts): a slider with a number
// box, a list of choices, a switch, a list of whole numbers, text. Each commits one value when the
// user is done with it (slider released, field left, Enter), so one drag is one undoable edit.
import { useState } from 'react';
import type { EffectParamField } from '../../../shared/timeline/effectParamFields';

type FieldOf<Type extends EffectParamField['type']> = Extract<EffectParamField, { type: Type }>;

interface InputProps<Field extends EffectParamField> {
  field: Field;
  value: unknown;
  disabled: boolean;
  onCommit: (value: unknown) => void;
}

export function NumberFieldInput({ field, value, disabled, onCommit }: InputProps<FieldOf<'number'>>) {
  const current = typeof value === 'number' ? value : field.min;
  const [draft, setDraft] = useState<string | null>(null);
  const step = field.step ?? (field.max - field.min) / 100;
  const commit = () => {
    if (draft === null) return;
    setDraft(null);
    const parsed = Number(draft);
    // Out of range is brought into it; not a number keeps the old value.
    if (!Number.isFinite(parsed)) return;
    const clamped = Math.min(field.max, Math.max(field.min, parsed));
    if (clamped !== current) onCommit(clamped);
  };
  const shown = draft ?? String(current);
  return (
    <span className="effect-param-number">
      <input
        type="range"
        min={field.min}
        max={field.max}
        step={step}
        value={Number.isFinite(Number(shown)) ? Number(shown) : current}
        disabled={disabled}
        aria-label={`${field.label} slider`}
        data-testid={`effect-param-${field.name}-slider`}
        onChange={(event) => setDraft(event.target.value)}
        onPointerUp={commit}
        onKeyUp={commit}
        onBlur={commit}
      />
      <input
        type="number"
        min={field.min}
        max={field.max}
        step={step}
        value={shown}
        disabled={disabled}
        aria-label={field.label}
        data-testid={`effect-param-${field.name}`}
        onChange={(event) => setDraft(event.target.value)}
        onBlur={commit}
        onKeyDown={(event) => {
          if (event.key === 'Enter') commit();
          if (event.key === 'Escape') setDraft(null);
        }}
      />
    </span>
  );
}

export function ChoiceFieldInput({ field, value, disabled, onCommit }: InputProps<FieldOf<'choice'>>) {
  const current = typeof value === 'string' ? value : '';
  const known = field.choices.some((choice) => choice.value === current);
  return (
    <select
      value={current}
      disabled={disabled}
      aria-label={field.label}
      data-testid={`effect-param-${field.name}`}
      onChange={(event) => onCommit(event.target.value)}
    >
      {known ? null : (
        <option value={current}>{current === '' ? '— choose —' : `${current} (unknown)`}</option>
      )}
      {field.choices.map((choice) => (
        <option key={choice.value} value={choice.value}>
          {choice.label}
        </option>
      ))}
    </select>
  );
}

export function BooleanFieldInput({ field, value, disabled, onCommit }: InputProps<FieldOf<'boolean'>>) {
  return (
    <input
      type="checkbox"
      checked={value === true}
      disabled={disabled}
      aria-label={field.label}
      data-testid={`effect-param-${field.name}`}
      onChange={(event) => onCommit(event.target.checked)}
    />
  );
}

/** Text, or whole numbers separated by commas ("1, 3") for an integerList field. */
export function TextFieldInput({
  field,
  value,
  disabled,
  onCommit,
}: InputProps<FieldOf<'text'> | FieldOf<'integerList'>>) {
  const isList = field.type === 'integerList';
  const shown = isList
    ? Array.isArray(value)
      ? value.join(', ')
      : ''
    : typeof value === 'string'
      ? value
      : '';
  const [draft, setDraft] = useState<string | null>(null);
  const commit = () => {
    if (draft === null || draft === shown) return setDraft(null);
    setDraft(null);
    if (!isList) return onCommit(draft);
    const parts = draft.split(/[\s,]+/).filter((part) => part !== '');
    const numbers = parts.map(Number);
    // Anything but whole numbers 0 or more keeps the old list (the field shows it again).
    if (numbers.every((number) => Number.isInteger(number) && number >= 0)) onCommit(numbers);
  };
  return (
    <input
      type="text"
      value={draft ?? shown}
      disabled={disabled}
      aria-label={field.label}
      placeholder={isList ? 'e.g. 0, 2' : undefined}
      data-testid={`effect-param-${field.name}`}
      onChange={(event) => setDraft(event.target.value)}
      onBlur={commit}
      onKeyDown={(event) => {
        if (event.key === 'Enter') commit();
        if (event.key === 'Escape') setDraft(null);
      }}
    />
  );
}
