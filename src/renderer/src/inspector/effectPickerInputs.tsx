// The inspector's pickers for params that name something of the project: a face or voice identity
// (listed with its consent state, since renders refuse an identity without consent) and the speech
// of a lip sync (an audio clip of the timeline or an audio file of the project).
import type { IdentityView } from '../../../shared/model/provenanceSchemas';
import type { EffectParamField } from '../../../shared/timeline/effectParamFields';

type FieldOf<Type extends EffectParamField['type']> = Extract<EffectParamField, { type: Type }>;

/** Something the speech of an effect can come from. */
export interface AudioSourceOption {
  kind: 'clip' | 'asset';
  id: string;
  label: string;
}

export function IdentityFieldInput({
  field,
  value,
  identities,
  disabled,
  onCommit,
}: {
  field: FieldOf<'identity'>;
  value: unknown;
  identities: readonly IdentityView[];
  disabled: boolean;
  onCommit: (value: string) => void;
}) {
  const current = typeof value === 'string' ? value : '';
  const listed = identities.filter((identity) => identity.kind === field.identityKind);
  const chosen = listed.find((identity) => identity.id === current);
  const noun = field.identityKind === 'face' ? 'face' : 'voice';
  return (
    <span className="effect-param-picker">
      <select
        value={current}
        disabled={disabled}
        aria-label={field.label}
        data-testid={`effect-param-${field.name}`}
        onChange={(event) => onCommit(event.target.value)}
      >
        <option value="">{listed.length === 0 ? `— no ${noun} identities yet —` : '— none chosen —'}</option>
        {current !== '' && !chosen ? <option value={current}>(a removed identity)</option> : null}
        {listed.map((identity) => (
          <option key={identity.id} value={identity.id}>
            {identity.name}
            {field.needsConsent ? (identity.consent ? ' — consent recorded' : ' — no consent yet') : ''}
          </option>
        ))}
      </select>
      {field.needsConsent && chosen && !chosen.consent ? (
        <span
          className="effect-param-warning"
          role="status"
          data-testid={`effect-param-${field.name}-consent`}
        >
          No consent yet: renders refuse this {noun} until consent is recorded in the Identities tab.
        </span>
      ) : null}
    </span>
  );
}

/** Clip and asset ids share one list: the option value says which ("clip:…", "asset:…"). */
export function AudioSourceFieldInput({
  field,
  params,
  sources,
  disabled,
  onCommit,
}: {
  field: FieldOf<'audioSource'>;
  params: Record<string, unknown>;
  sources: readonly AudioSourceOption[];
  disabled: boolean;
  onCommit: (params: Record<string, unknown>) => void;
}) {
  const clipId = typeof params[field.name] === 'string' ? (params[field.name] as string) : '';
  const assetId = typeof params[field.assetParam] === 'string' ? (params[field.assetParam] as string) : '';
  const current = clipId !== '' ? `clip:${clipId}` : assetId !== '' ? `asset:${assetId}` : '';
  const known = current === '' || sources.some((source) => `${source.kind}:${source.id}` === current);
  const clips = sources.filter((source) => source.kind === 'clip');
  const assets = sources.filter((source) => source.kind === 'asset');
  return (
    <select
      value={current}
      disabled={disabled}
      aria-label={field.label}
      data-testid={`effect-param-${field.name}`}
      onChange={(event) => {
        const [kind, id = ''] = event.target.value.split(/:(.*)/);
        onCommit({
          [field.name]: kind === 'clip' ? id : '',
          [field.assetParam]: kind === 'asset' ? id : '',
        });
      }}
    >
      <option value="">— no speech chosen —</option>
      {known ? null : <option value={current}>(no longer in the project)</option>}
      {clips.length > 0 ? (
        <optgroup label="Audio clips on the timeline">
          {clips.map((source) => (
            <option key={source.id} value={`clip:${source.id}`}>
              {source.label}
            </option>
          ))}
        </optgroup>
      ) : null}
      {assets.length > 0 ? (
        <optgroup label="Audio files (from the start of this clip)">
          {assets.map((source) => (
            <option key={source.id} value={`asset:${source.id}`}>
              {source.label}
            </option>
          ))}
        </optgroup>
      ) : null}
    </select>
  );
}
