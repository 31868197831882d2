// The model packs (models.listPacks) kept current by models.onDidChangePacks, and the live install
// progress of each pack (models.onDidInstallProgress), for the Models dialog.
import { useCallback, useEffect, useState } from 'react';
import type { ModelInstallProgress, ModelPackList } from '../../../shared/contracts/modelsContract';
import { getStudio } from '../studio';
import { toShownError, type ShownError } from '../ui/errorText';

export interface ModelPacksState {
  list: ModelPackList | null;
  /** The latest progress event of each pack being installed, by pack id. */
  progress: ReadonlyMap<string, ModelInstallProgress>;
  error: ShownError | null;
  refresh: () => void;
}

export function useModelPacks(): ModelPacksState {
  const [list, setList] = useState<ModelPackList | null>(null);
  const [progress, setProgress] = useState<Map<string, ModelInstallProgress>>(() => new Map());
  const [error, setError] = useState<ShownError | null>(null);

  const refresh = useCallback(() => {
    getStudio()
      .models.listPacks({})
      .then(
        (answer) => {
          setList(answer);
          setError(null);
        },
        (caught: unknown) => setError(toShownError(caught)),
      );
  }, []);

  useEffect(() => {
    refresh();
    const studio = getStudio();
    const changes = studio.models.onDidChangePacks((answer) => {
      setList(answer);
      // A pack that is no longer installing has no live progress to show.
      setProgress((current) => {
        const next = new Map(current);
        for (const pack of answer.packs) if (pack.status !== 'installing') next.delete(pack.id);
        return next.size === current.size ? current : next;
      });
    });
    const updates = studio.models.onDidInstallProgress((update) => {
      setProgress((current) => new Map(current).set(update.packId, update));
    });
    return () => {
      changes.dispose();
      updates.dispose();
    };
  }, [refresh]);

  return { list, progress, error, refresh };
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GiB`;
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KiB`;
}
