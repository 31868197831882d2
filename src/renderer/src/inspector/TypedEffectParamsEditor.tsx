// Edits an effect's params through the fields its kind declares (effectParamFields.ts): sliders,
// lists, identity pickers with their consent state, the speech picker. Params the kind does not
// declare are not shown (the render's own `resolved`, say). One change = one setEffectParams edit.
import type { EffectParamField } from '../../../shared/timeline/effectParamFields';
import { effectParamFieldValue, isEffectParamFieldShown } from '../../../shared/timeline/effectParamFields';
import type { ClipEffect, EffectParams } from '../../../shared/timeline/editState';
import { useIdentities } from '../identities/useIdentities';
import { BooleanFieldInput, ChoiceFieldInput, NumberFieldInput, TextFieldInput } from './effectFieldInputs';
import { AudioSourceFieldInput, IdentityFieldInput, type AudioSourceOption } from './effectPickerInputs';

interface TypedEffectParamsEditorProps {
  effect: ClipEffect;
  fields: readonly EffectParamField[];
  audioSources: readonly AudioSourceOption[];
  disabled: boolean;
  onChange: (params: EffectParams) => void;
}

export function TypedEffectParamsEditor({
  effect,
  fields,
  audioSources,
  disabled,
  onChange,
}: TypedEffectParamsEditorProps) {
  const { identities } = useIdentities();
  const shown = fields.filter((field) => isEffectParamFieldShown(field, effect.params));
  return (
    <div className="effect-params" data-testid="effect-params-typed">
      {shown.map((field) => {
        const value = effectParamFieldValue(field, effect.params);
        const commit = (next: unknown) => onChange({ [field.name]: next });
        let input;
        switch (field.type) {
          case 'number':
            input = <NumberFieldInput field={field} value={value} disabled={disabled} onCommit={commit} />;
            break;
          case 'choice':
            input = <ChoiceFieldInput field={field} value={value} disabled={disabled} onCommit={commit} />;
            break;
          case 'boolean':
            input = <BooleanFieldInput field={field} value={value} disabled={disabled} onCommit={commit} />;
            break;
          case 'text':
          case 'integerList':
            input = <TextFieldInput field={field} value={value} disabled={disabled} onCommit={commit} />;
            break;
          case 'identity':
            input = (
              <IdentityFieldInput
                field={field}
                value={value}
                identities={identities}
                disabled={disabled}
                onCommit={commit}
              />
            );
            break;
          case 'audioSource':
            input = (
              <AudioSourceFieldInput
                field={field}
                params={effect.params}
                sources={audioSources}
                disabled={disabled}
                onCommit={onChange}
              />
            );
            break;
        }
        // A div, not a label: a picker with a warning under it holds more than one control.
        return (
          <div key={field.name} className="effect-param" data-param={field.name}>
            <span title={field.help}>{field.label}</span>
            {input}
            {field.help ? <small className="effect-param-help">{field.help}</small> : null}
          </div>
        );
      })}
    </div>
  );
}
