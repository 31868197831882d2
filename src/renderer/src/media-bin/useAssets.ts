// The open project's assets: listed once, then replaced by every onDidChangeAssets.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Asset } from '../../../shared/model/schemas';
import { getStudio } from '../studio';
import { toShownError, type ShownError } from '../ui/errorText';

export interface AssetsState {
  assets: Asset[];
  loaded: boolean;
  error: ShownError | null;
  reload: () => void;
}

export function useAssets(): AssetsState {
  const [assets, setAssets] = useState<Asset[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);
  const generation = useRef(0);

  const reload = useCallback(() => {
    const started = ++generation.current;
    getStudio()
      .media.list({})
      .then(
        (list) => {
          if (generation.current !== started) return;
          setAssets(list);
          setLoaded(true);
          setError(null);
        },
        (caught: unknown) => {
          if (generation.current !== started) return;
          setLoaded(true);
          setError(toShownError(caught));
        },
      );
  }, []);

  useEffect(() => {
    reload();
    const subscription = getStudio().media.onDidChangeAssets((list) => {
      generation.current += 1;
      setAssets(list);
      setLoaded(true);
    });
    return () => subscription.dispose();
  }, [reload]);

  return { assets, loaded, error, reload };
}
