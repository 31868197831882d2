// Import bookkeeping for the bin: live progress per batch (from onDidImportProgress), failures per
// file (from the import result), and the upload step browser mode needs for dropped files.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { DroppedFile } from '../../../shared/ipc/studioWindowApi';
import type { ImportProgress } from '../../../shared/model/schemas';
import { getStudio } from '../studio';
import { toShownError, type ShownError } from '../ui/errorText';

export interface ImportBatchView {
  id: string;
  total: number;
  /** Files finished, failed ones included (as the host counts them). */
  completed: number;
  failed: number;
  phase: ImportProgress['phase'] | 'uploading' | 'starting';
  currentPath: string | null;
  finished: boolean;
}

export interface ImportFailureView {
  key: string;
  path: string;
  code: string;
  message: string;
}

const FINISHED_BATCH_LINGER_MS = 2500;

export function useMediaImport() {
  const [batches, setBatches] = useState<ImportBatchView[]>([]);
  const [failures, setFailures] = useState<ImportFailureView[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<ShownError | null>(null);
  const counter = useRef(0);
  const timers = useRef(new Set<number>());

  const upsert = useCallback((view: ImportBatchView) => {
    setBatches((current) => {
      const index = current.findIndex((batch) => batch.id === view.id);
      if (index === -1) return [...current, view];
      const next = [...current];
      // A late progress event must not reopen a batch the result already closed.
      next[index] = { ...view, finished: view.finished || current[index]!.finished };
      return next;
    });
  }, []);

  const dropLater = useCallback((id: string) => {
    const timer = window.setTimeout(() => {
      timers.current.delete(timer);
      setBatches((current) => current.filter((batch) => batch.id !== id));
    }, FINISHED_BATCH_LINGER_MS);
    timers.current.add(timer);
  }, []);

  useEffect(() => {
    const subscription = getStudio().media.onDidImportProgress((progress) => {
      // `completed` counts every finished file, failed ones included; 'done' / 'failed' are per file.
      const finished = progress.completed >= progress.total;
      setBatches((current) => {
        if (current.some((batch) => batch.id === progress.batchId)) return current;
        // The host's batch replaces the placeholder shown while the import call was on its way.
        const placeholder = current.findIndex((batch) => batch.phase === 'starting');
        return placeholder === -1 ? current : current.filter((_, index) => index !== placeholder);
      });
      upsert({ id: progress.batchId, ...progress, finished });
      if (finished) dropLater(progress.batchId);
    });
    const pendingTimers = timers.current;
    return () => {
      subscription.dispose();
      for (const timer of pendingTimers) window.clearTimeout(timer);
    };
  }, [upsert, dropLater]);

  const importPaths = useCallback(
    async (paths: string[], placeholderId?: string) => {
      const localId = placeholderId ?? `local-${++counter.current}`;
      upsert({
        id: localId,
        total: paths.length,
        completed: 0,
        failed: 0,
        phase: 'starting',
        currentPath: paths[0] ?? null,
        finished: false,
      });
      setError(null);
      try {
        const result = await getStudio().media.import({ paths });
        setBatches((current) =>
          current
            .filter((batch) => batch.id !== localId)
            .map((batch) => (batch.id === result.batchId ? { ...batch, finished: true } : batch)),
        );
        dropLater(result.batchId);
        if (result.failed.length > 0) {
          setFailures((current) => [
            ...current,
            ...result.failed.map((failure) => ({ key: `${result.batchId}:${failure.path}`, ...failure })),
          ]);
        }
        const duplicates = result.imported.filter((entry) => entry.duplicate).length;
        const added = result.imported.length - duplicates;
        const parts = [`${added} imported`];
        if (duplicates > 0) parts.push(`${duplicates} already in the project`);
        if (result.failed.length > 0) parts.push(`${result.failed.length} failed`);
        setNotice(parts.join(', '));
        return result;
      } catch (caught) {
        setBatches((current) => current.filter((batch) => batch.id !== localId));
        setError(toShownError(caught));
        return null;
      }
    },
    [upsert, dropLater],
  );

  /** Files from the OS (drop or file chooser): turned into paths by the platform, then imported. */
  const importFiles = useCallback(
    async (files: readonly DroppedFile[]) => {
      if (files.length === 0) return null;
      const localId = `local-${++counter.current}`;
      upsert({
        id: localId,
        total: files.length,
        completed: 0,
        failed: 0,
        phase: 'uploading',
        currentPath: files[0]?.name ?? null,
        finished: false,
      });
      setError(null);
      let paths: string[];
      try {
        paths = await getStudio().platform.pathsForDroppedFiles(files);
      } catch (caught) {
        setBatches((current) => current.filter((batch) => batch.id !== localId));
        setError(toShownError(caught));
        return null;
      }
      if (paths.length === 0) {
        setBatches((current) => current.filter((batch) => batch.id !== localId));
        setError({
          code: 'INVALID_ARGUMENT',
          message: 'None of the dropped items is a file the studio can read.',
        });
        return null;
      }
      return importPaths(paths, localId);
    },
    [upsert, importPaths],
  );

  return {
    batches,
    failures,
    notice,
    error,
    importPaths,
    importFiles,
    dismissFailures: () => setFailures([]),
    dismissNotice: () => setNotice(null),
    dismissError: () => setError(null),
    reportNotice: (message: string) => setNotice(message),
    reportError: (caught: unknown) => setError(toShownError(caught)),
  };
}

export type MediaImport = ReturnType<typeof useMediaImport>;
