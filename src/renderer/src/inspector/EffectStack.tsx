// A clip's effects in the order they are applied: add, remove, reorder, enable and edit
// parameters. The kinds come from the host (the render engine's processors).
import { useState } from 'react';
import type { EditCommand } from '../../../shared/timeline/editCommands';
import type { ClipEffect, EffectKind } from '../../../shared/timeline/editState';
import { effectsOfClip } from '../../../shared/timeline/effectEdits';
import { EffectParamsEditor } from './EffectParamsEditor';
import type { AudioSourceOption } from './effectPickerInputs';
import { VOICE_CLONE_EFFECT_KIND } from '../../../shared/model/voiceCloneParams';
import { VoiceCloneEffectControls } from '../voice/VoiceCloneEffectControls';

interface EffectStackProps {
  clipId: string;
  locked: boolean;
  effects: readonly ClipEffect[];
  kinds: readonly EffectKind[];
  /** What a speech param (Lip sync's) can name: the timeline's audio clips and audio files. */
  audioSources: readonly AudioSourceOption[];
  apply: (command: EditCommand) => Promise<boolean>;
}

export function EffectStack({ clipId, locked, effects, kinds, audioSources, apply }: EffectStackProps) {
  const stack = effectsOfClip(effects, clipId);
  const [chosenKind, setChosenKind] = useState('');
  const kind = chosenKind || kinds[0]?.kind || '';
  const labelOf = (name: string) => kinds.find((candidate) => candidate.kind === name)?.label ?? name;
  return (
    <section className="effect-stack" aria-label="Effects" data-testid="effect-stack">
      <h3>Effects</h3>
      {stack.length === 0 ? <p className="muted">No effects on this clip.</p> : null}
      <ol className="effect-list">
        {stack.map((effect, index) => (
          <li
            key={effect.id}
            className={effect.enabled ? 'effect-item' : 'effect-item effect-disabled'}
            data-testid="effect-item"
            data-effect-id={effect.id}
            data-kind={effect.kind}
          >
            <div className="effect-item-header">
              <label
                className="effect-enable"
                title={effect.enabled ? 'Disable (keep its settings)' : 'Enable'}
              >
                <input
                  type="checkbox"
                  checked={effect.enabled}
                  disabled={locked}
                  data-testid="effect-enabled"
                  onChange={(event) =>
                    void apply({
                      type: 'setEffectEnabled',
                      effectId: effect.id,
                      enabled: event.target.checked,
                    })
                  }
                />
                {labelOf(effect.kind)}
              </label>
              <span className="effect-actions">
                <button
                  type="button"
                  className="icon-button"
                  aria-label="Move up"
                  title="Apply earlier"
                  disabled={locked || index === 0}
                  data-testid="effect-up"
                  onClick={() => void apply({ type: 'moveEffect', effectId: effect.id, toIndex: index - 1 })}
                >
                  ↑
                </button>
                <button
                  type="button"
                  className="icon-button"
                  aria-label="Move down"
                  title="Apply later"
                  disabled={locked || index === stack.length - 1}
                  data-testid="effect-down"
                  onClick={() => void apply({ type: 'moveEffect', effectId: effect.id, toIndex: index + 1 })}
                >
                  ↓
                </button>
                <button
                  type="button"
                  className="icon-button"
                  aria-label="Remove effect"
                  title="Remove"
                  disabled={locked}
                  data-testid="effect-remove"
                  onClick={() => void apply({ type: 'removeEffect', effectId: effect.id })}
                >
                  ×
                </button>
              </span>
            </div>
            <EffectParamsEditor
              effect={effect}
              kind={kinds.find((candidate) => candidate.kind === effect.kind)}
              audioSources={audioSources}
              disabled={locked}
              onChange={(params) => void apply({ type: 'setEffectParams', effectId: effect.id, params })}
            />
            {effect.kind === VOICE_CLONE_EFFECT_KIND ? (
              <VoiceCloneEffectControls
                effect={effect}
                disabled={locked}
                onChange={(params) => void apply({ type: 'setEffectParams', effectId: effect.id, params })}
              />
            ) : null}
          </li>
        ))}
      </ol>
      {kinds.length === 0 ? (
        <p className="muted" data-testid="effects-unavailable">
          No effect kinds are available yet: they appear here as the render engine registers them (face swap,
          lip sync, voice).
        </p>
      ) : (
        <div className="effect-add">
          <select
            aria-label="Effect to add"
            value={kind}
            data-testid="effect-kind"
            onChange={(event) => setChosenKind(event.target.value)}
            disabled={locked}
          >
            {kinds.map((candidate) => (
              <option key={candidate.kind} value={candidate.kind} title={candidate.description}>
                {candidate.label}
              </option>
            ))}
          </select>
          <button
            type="button"
            className="secondary-button"
            disabled={locked || !kind}
            data-testid="effect-add"
            onClick={() => void apply({ type: 'addEffect', clipId, kind })}
          >
            Add effect
          </button>
        </div>
      )}
    </section>
  );
}
