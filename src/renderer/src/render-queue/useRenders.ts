// The project's renders (render.list) kept current by render.onDidRenderProgress, so progress
// shows anywhere in the editor while editing goes on.
import { useCallback, useEffect, useState } from 'react';
import type { RenderJob, RenderProgress } from '../../../shared/contracts/renderContract';
import { getStudio } from '../studio';
import { toShownError, type ShownError } from '../ui/errorText';

export interface RendersState {
  jobs: RenderJob[];
  /** Live figures of running renders, by id. */
  progress: ReadonlyMap<string, RenderProgress>;
  /** Null until the first list answer; false when this host has no render service yet. */
  available: boolean | null;
  error: ShownError | null;
  refresh: () => void;
}

export function useRenders(): RendersState {
  const [jobs, setJobs] = useState<RenderJob[]>([]);
  const [progress, setProgress] = useState<Map<string, RenderProgress>>(() => new Map());
  const [available, setAvailable] = useState<boolean | null>(null);
  const [error, setError] = useState<ShownError | null>(null);

  const refresh = useCallback(() => {
    getStudio()
      .render.list({})
      .then(
        (list) => {
          setJobs(list);
          setAvailable(true);
        },
        (caught: unknown) => {
          setAvailable(false);
          setError(toShownError(caught));
        },
      );
  }, []);

  useEffect(() => {
    refresh();
    const subscription = getStudio().render.onDidRenderProgress((update) => {
      setProgress((current) => new Map(current).set(update.renderId, update));
      setJobs((current) =>
        current.some((job) => job.id === update.renderId)
          ? current.map((job) =>
              job.id === update.renderId
                ? { ...job, status: update.status, progress: update.progress, error: update.error }
                : job,
            )
          : current,
      );
      // A new job or a finished one: the list has fields the progress event lacks.
      if (update.status !== 'running') refresh();
    });
    return () => subscription.dispose();
  }, [refresh]);

  return { jobs, progress, available, error, refresh };
}
