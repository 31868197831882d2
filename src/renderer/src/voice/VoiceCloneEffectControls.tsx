// Under a Voice clone effect in the inspector's effects stack: pick the voice the clip's speech is
// converted towards (the generic params editor would only offer a text box for its id), and
// Preview: the clip's first 10 s converted (cached in the project like a render's) and played here.
// The effect itself is non-destructive: renders convert the clip's sound, the asset stays as it is.
import { useEffect, useState } from 'react';
import type { ClipEffect, EffectParams } from '../../../shared/timeline/editState';
import { getStudio } from '../studio';
import { toShownError, type ShownError } from '../ui/errorText';
import { InlineError } from '../ui/InlineError';
import { useVoiceIdentities } from './useVoiceIdentities';

interface VoiceCloneEffectControlsProps {
  effect: ClipEffect;
  disabled: boolean;
  onChange: (params: EffectParams) => void;
}

function wavUrl(base64: string): string {
  const bytes = Uint8Array.from(atob(base64), (character) => character.charCodeAt(0));
  return URL.createObjectURL(new Blob([bytes], { type: 'audio/wav' }));
}

export function VoiceCloneEffectControls({ effect, disabled, onChange }: VoiceCloneEffectControlsProps) {
  const { voices } = useVoiceIdentities();
  const [previewed, setPreviewed] = useState<{ url: string; paramsKey: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);
  const chosen = typeof effect.params.voiceIdentityId === 'string' ? effect.params.voiceIdentityId : '';
  const voice = voices.find((candidate) => candidate.id === chosen);

  // A preview made with other settings is stale: it is not shown.
  const paramsKey = JSON.stringify(effect.params);
  const previewUrl = previewed?.paramsKey === paramsKey ? previewed.url : null;
  useEffect(
    () => () => {
      if (previewed) URL.revokeObjectURL(previewed.url);
    },
    [previewed],
  );

  const preview = async () => {
    setBusy(true);
    setError(null);
    try {
      const result = await getStudio().voice.previewVoiceClone({ effectId: effect.id });
      setPreviewed({ url: wavUrl(result.wavBase64), paramsKey });
    } catch (caught) {
      setError(toShownError(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="voice-clone-effect" data-testid="voice-clone-effect">
      <label className="effect-param">
        <span>Voice</span>
        <select
          value={chosen}
          disabled={disabled}
          data-testid="voice-clone-voice"
          onChange={(event) => onChange({ voiceIdentityId: event.target.value })}
        >
          <option value="">Choose a voice…</option>
          {voices.map((candidate) => (
            <option key={candidate.id} value={candidate.id}>
              {candidate.name}
              {candidate.consentPresent ? '' : ' (no consent)'}
            </option>
          ))}
        </select>
      </label>
      {voice && !voice.consentPresent ? (
        <p className="muted" data-testid="voice-clone-consent">
          “{voice.name}” has no consent record: renders and previews are refused until one is linked.
        </p>
      ) : null}
      <button
        type="button"
        className="secondary-button"
        disabled={busy || chosen === ''}
        data-testid="voice-clone-preview-button"
        onClick={() => void preview()}
      >
        {busy ? 'Converting…' : 'Preview'}
      </button>
      {previewUrl ? <audio controls autoPlay src={previewUrl} data-testid="voice-clone-preview" /> : null}
      <InlineError error={error} testId="voice-clone-error" onDismiss={() => setError(null)} />
    </div>
  );
}
