// Bin width and timeline height, adjustable with the splitters and remembered between sessions.
import { useEffect, useState } from 'react';

export interface PanelSizes {
  binWidth: number;
  timelineHeight: number;
}

const STORAGE_KEY = 'doppel.panelSizes';
const DEFAULT_SIZES: PanelSizes = { binWidth: 440, timelineHeight: 300 };

function readSizes(): PanelSizes {
  try {
    const stored = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null') as Partial<PanelSizes> | null;
    if (stored && typeof stored.binWidth === 'number' && typeof stored.timelineHeight === 'number') {
      return { binWidth: stored.binWidth, timelineHeight: stored.timelineHeight };
    }
  } catch {
    // unreadable storage: defaults
  }
  return DEFAULT_SIZES;
}

export function clampSizes(sizes: PanelSizes, windowWidth: number, windowHeight: number): PanelSizes {
  return {
    binWidth: Math.round(Math.min(Math.max(240, sizes.binWidth), Math.max(240, windowWidth - 320))),
    timelineHeight: Math.round(
      Math.min(Math.max(150, sizes.timelineHeight), Math.max(150, windowHeight - 260)),
    ),
  };
}

export function usePanelSizes() {
  const [sizes, setSizes] = useState<PanelSizes>(readSizes);
  const [windowSize, setWindowSize] = useState(() => ({
    width: window.innerWidth,
    height: window.innerHeight,
  }));
  useEffect(() => {
    const onResize = () => setWindowSize({ width: window.innerWidth, height: window.innerHeight });
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);
  useEffect(() => {
    const timer = window.setTimeout(() => {
      try {
        localStorage.setItem(STORAGE_KEY, JSON.stringify(sizes));
      } catch {
        // storage full or disabled: sizes just are not remembered
      }
    }, 300);
    return () => window.clearTimeout(timer);
  }, [sizes]);
  return [clampSizes(sizes, windowSize.width, windowSize.height), setSizes] as const;
}
