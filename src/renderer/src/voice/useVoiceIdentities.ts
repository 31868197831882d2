// The open project's voice identities with their analysis (voice.listVoiceIdentities), kept current
// by voice.onDidChangeVoiceIdentities (creating one, giving it new reference speech).
import { useEffect, useState } from 'react';
import type { VoiceIdentity } from '../../../shared/contracts/voiceContract';
import { getStudio } from '../studio';
import { toShownError, type ShownError } from '../ui/errorText';

export interface VoiceIdentitiesState {
  voices: VoiceIdentity[];
  loaded: boolean;
  error: ShownError | null;
}

export function useVoiceIdentities(): VoiceIdentitiesState {
  const [voices, setVoices] = useState<VoiceIdentity[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);

  useEffect(() => {
    const studio = getStudio();
    let live = true;
    const accept = (list: VoiceIdentity[]) => {
      if (!live) return;
      setVoices(list);
      setLoaded(true);
    };
    studio.voice.listVoiceIdentities({}).then(accept, (caught: unknown) => {
      if (live) setError(toShownError(caught));
    });
    // Consent grants change `consentPresent`: the identities event covers those.
    const refresh = () => void studio.voice.listVoiceIdentities({}).then(accept, () => undefined);
    const voiceSubscription = studio.voice.onDidChangeVoiceIdentities(accept);
    const identitySubscription = studio.identities.onDidChangeIdentities(refresh);
    return () => {
      live = false;
      voiceSubscription.dispose();
      identitySubscription.dispose();
    };
  }, []);

  return { voices, loaded, error };
}
