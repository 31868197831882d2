// The Faces panel's state for one asset: the cached analysis (if any), running an analysis with
// its progress, moving to another analysed frame, and marking faces as source or target. Every
// answer is stored with the asset it belongs to, so answers for an asset the user has since left
// are never shown for the new one.
import { useCallback, useEffect, useRef, useState } from 'react';
import type {
  FaceAnalysisProgress,
  FaceAnalysisSummary,
  FaceRole,
} from '../../../shared/contracts/facesContract';
import { getStudio } from '../studio';
import { toShownError, type ShownError } from '../ui/errorText';

export interface FaceAnalysisState {
  summary: FaceAnalysisSummary | null;
  loading: boolean;
  analysing: boolean;
  progress: FaceAnalysisProgress | null;
  error: ShownError | null;
  analyse: (every: number) => void;
  showFrame: (frameIndex: number) => void;
  mark: (trackId: number, role: FaceRole | null) => void;
  dismissError: () => void;
}

interface ForAsset<T> {
  assetId: string;
  value: T;
}

export function useFaceAnalysis(assetId: string | null): FaceAnalysisState {
  const [loaded, setLoaded] = useState<ForAsset<FaceAnalysisSummary | null> | null>(null);
  const [failure, setFailure] = useState<ForAsset<ShownError> | null>(null);
  const [progress, setProgress] = useState<FaceAnalysisProgress | null>(null);
  const [analysingFor, setAnalysingFor] = useState<string | null>(null);
  const current = useRef(assetId);
  useEffect(() => {
    current.current = assetId;
  }, [assetId]);

  const fail = useCallback((forAsset: string, caught: unknown) => {
    setFailure({ assetId: forAsset, value: toShownError(caught) });
  }, []);

  useEffect(() => {
    if (assetId === null) return;
    let stale = false;
    getStudio()
      .faces.getAnalysis({ assetId })
      .then(
        (result) => !stale && setLoaded({ assetId, value: result }),
        (caught: unknown) => !stale && fail(assetId, caught),
      );
    return () => {
      stale = true;
    };
  }, [assetId, fail]);

  useEffect(() => {
    const subscription = getStudio().faces.onDidAnalyseProgress((event) => {
      if (event.assetId === current.current) setProgress(event);
    });
    return () => subscription.dispose();
  }, []);

  const analyse = useCallback(
    (every: number) => {
      if (assetId === null) return;
      setAnalysingFor(assetId);
      setFailure(null);
      getStudio()
        .faces.analyseAsset({ assetId, every })
        .then(
          (result) => setLoaded({ assetId, value: result }),
          (caught: unknown) => fail(assetId, caught),
        )
        .finally(() => setAnalysingFor((running) => (running === assetId ? null : running)));
    },
    [assetId, fail],
  );

  const showFrame = useCallback(
    (frameIndex: number) => {
      if (assetId === null) return;
      getStudio()
        .faces.getAnalysis({ assetId, frameIndex })
        .then(
          (result) => setLoaded({ assetId, value: result }),
          (caught: unknown) => fail(assetId, caught),
        );
    },
    [assetId, fail],
  );

  const mark = useCallback(
    (trackId: number, role: FaceRole | null) => {
      if (assetId === null) return;
      getStudio()
        .faces.markFace({ assetId, trackId, role })
        .then(
          // Keep the frame being looked at: only the tracks' marks changed.
          (result) =>
            setLoaded((previous) =>
              previous?.assetId === assetId && previous.value
                ? { assetId, value: { ...previous.value, tracks: result.tracks } }
                : { assetId, value: result },
            ),
          (caught: unknown) => fail(assetId, caught),
        );
    },
    [assetId, fail],
  );

  const error = failure !== null && failure.assetId === assetId ? failure.value : null;
  return {
    summary: loaded !== null && loaded.assetId === assetId ? loaded.value : null,
    loading: assetId !== null && loaded?.assetId !== assetId && error === null,
    analysing: analysingFor !== null && analysingFor === assetId,
    progress: progress !== null && progress.assetId === assetId ? progress : null,
    error,
    analyse,
    showFrame,
    mark,
    dismissError: () => setFailure(null),
  };
}
