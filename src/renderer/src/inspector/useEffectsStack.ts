// Every clip's effects and the kinds the host can apply, kept current by onDidChangeEffects.
import { useEffect, useState } from 'react';
import type { ClipEffect, EffectKind } from '../../../shared/timeline/editState';
import { getStudio } from '../studio';

export interface EffectsStackState {
  effects: ClipEffect[];
  kinds: EffectKind[];
}

export function useEffectsStack(): EffectsStackState {
  const [effects, setEffects] = useState<ClipEffect[]>([]);
  const [kinds, setKinds] = useState<EffectKind[]>([]);
  useEffect(() => {
    const studio = getStudio();
    let alive = true;
    studio.timeline.listEffects({}).then(
      (loaded) => alive && setEffects(loaded),
      () => undefined,
    );
    studio.timeline.listEffectKinds({}).then(
      (loaded) => alive && setKinds(loaded),
      () => undefined,
    );
    // Effects of a clip also change when the clip is split, pasted or deleted, or on undo.
    const subscription = studio.timeline.onDidChangeEffects((next) => setEffects(next));
    return () => {
      alive = false;
      subscription.dispose();
    };
  }, []);
  return { effects, kinds };
}
