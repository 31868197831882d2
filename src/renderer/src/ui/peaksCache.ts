// Waveform peaks are fetched once per asset and shared by every clip and bin item that draws them.
import { useEffect, useState } from 'react';
import { getStudio } from '../studio';

export interface WaveformPeaks {
  peaksPerSecond: number;
  peaks: number[];
  /** 1 / the largest peak when the host sends unnormalised values, else 1. */
  scale: number;
}

const cache = new Map<string, Promise<WaveformPeaks | null>>();

function fetchPeaks(assetId: string): Promise<WaveformPeaks | null> {
  let pending = cache.get(assetId);
  if (!pending) {
    pending = getStudio()
      .media.getPeaks({ assetId })
      .then((answer) => {
        if (!answer || answer.peaks.length === 0) return null;
        const largest = answer.peaks.reduce((max, value) => Math.max(max, Math.abs(value)), 0);
        return { ...answer, scale: largest > 1 ? 1 / largest : 1 };
      });
    // A failed fetch is not cached: the next draw may try again (e.g. after a relink).
    pending.catch(() => cache.delete(assetId));
    cache.set(assetId, pending);
  }
  return pending;
}

export function forgetPeaks(): void {
  cache.clear();
}

/** Peaks of an asset, or null while loading, when it has none, or when fetching failed. */
export function usePeaks(assetId: string, hasPeaks: boolean): WaveformPeaks | null {
  const [loaded, setLoaded] = useState<{ assetId: string; peaks: WaveformPeaks | null } | null>(null);
  useEffect(() => {
    if (!hasPeaks) return;
    let alive = true;
    fetchPeaks(assetId).then(
      (peaks) => alive && setLoaded({ assetId, peaks }),
      () => alive && setLoaded({ assetId, peaks: null }),
    );
    return () => {
      alive = false;
    };
  }, [assetId, hasPeaks]);
  return hasPeaks && loaded?.assetId === assetId ? loaded.peaks : null;
}
