// The open project's face and voice identities (identities.list), kept current by
// identities.onDidChangeIdentities, which fires whatever created or changed one (the Faces tab's
// Source mark, the voice tools, consent grants). `created` lists identities that appeared while
// the editor was open, so the editor can ask for their consent.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { IdentityView } from '../../../shared/model/provenanceSchemas';
import { getStudio } from '../studio';
import { toShownError, type ShownError } from '../ui/errorText';

export interface IdentitiesState {
  identities: IdentityView[];
  /** Null until the first answer. */
  loaded: boolean;
  error: ShownError | null;
  /** Identities created since the editor opened, oldest first. */
  created: IdentityView[];
  dismissCreated: (identityId: string) => void;
  refresh: () => void;
}

export function useIdentities(): IdentitiesState {
  const [identities, setIdentities] = useState<IdentityView[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);
  const [created, setCreated] = useState<IdentityView[]>([]);
  const known = useRef<Set<string> | null>(null);

  const accept = useCallback((list: IdentityView[]) => {
    if (known.current === null) {
      known.current = new Set(list.map((identity) => identity.id));
    } else {
      const fresh = list.filter((identity) => !known.current!.has(identity.id));
      for (const identity of fresh) known.current.add(identity.id);
      if (fresh.length > 0) setCreated((current) => [...current, ...fresh]);
    }
    const present = new Set(list.map((identity) => identity.id));
    // A created identity that was removed again (its Source mark cleared) no longer needs consent.
    setCreated((current) => current.filter((identity) => present.has(identity.id)));
    setIdentities(list);
    setLoaded(true);
  }, []);

  const refresh = useCallback(() => {
    getStudio()
      .identities.list({})
      .then(accept, (caught: unknown) => setError(toShownError(caught)));
  }, [accept]);

  useEffect(() => {
    refresh();
    const subscription = getStudio().identities.onDidChangeIdentities(accept);
    return () => subscription.dispose();
  }, [refresh, accept]);

  const dismissCreated = useCallback((identityId: string) => {
    setCreated((current) => current.filter((identity) => identity.id !== identityId));
  }, []);

  return { identities, loaded, error, created, dismissCreated, refresh };
}
