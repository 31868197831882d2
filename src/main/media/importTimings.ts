// Where import time goes. The import benchmark reports the share spent in hashing, ffprobe and
// thumbnails; the importer adds each phase's duration here when given a collector.
export const importTimingPhases = ['hashing', 'probing', 'thumbnails', 'waveform', 'storing'] as const;
export type ImportTimingPhase = (typeof importTimingPhases)[number];

export interface ImportTimings {
  /**
   * Milliseconds per phase, summed over files. With concurrency > 1 files overlap, so the sum of
   * phases can exceed `wallMs`; shares of the phase total are still meaningful.
   */
  phasesMs: Record<ImportTimingPhase, number>;
  /** Files that went through at least the hashing phase. */
  files: number;
  /** Wall-clock time of importMediaFiles calls that used this collector. */
  wallMs: number;
}

export function createImportTimings(): ImportTimings {
  return {
    phasesMs: { hashing: 0, probing: 0, thumbnails: 0, waveform: 0, storing: 0 },
    files: 0,
    wallMs: 0,
  };
}

/** Each phase's fraction of the summed phase time (0 for all when nothing was timed). */
export function importTimingShares(timings: ImportTimings): Record<ImportTimingPhase, number> {
  const total = importTimingPhases.reduce((sum, phase) => sum + timings.phasesMs[phase], 0);
  const shares = createImportTimings().phasesMs;
  for (const phase of importTimingPhases) shares[phase] = total > 0 ? timings.phasesMs[phase] / total : 0;
  return shares;
}

/** Runs `step` and adds its duration to `phase` (when a collector is given). */
export async function timePhase<T>(
  timings: ImportTimings | undefined,
  phase: ImportTimingPhase,
  step: () => Promise<T> | T,
): Promise<T> {
  const started = performance.now();
  try {
    return await step();
  } finally {
    if (timings) timings.phasesMs[phase] += performance.now() - started;
  }
}
