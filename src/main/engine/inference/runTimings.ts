// A fixed-size window of the most recent run durations of one session, so the UI and the bench
// can show "what ran and how fast" without the history growing with the length of a render.

export interface RunTimingStats {
  /** Runs since the session was created (not limited to the window). */
  totalRuns: number;
  /** Runs currently in the window. */
  windowRuns: number;
  lastMs: number | undefined;
  medianMs: number | undefined;
  meanMs: number | undefined;
  p95Ms: number | undefined;
  minMs: number | undefined;
  maxMs: number | undefined;
}

export const DEFAULT_RUN_TIMING_WINDOW = 100;

export class RunTimingWindow {
  private readonly samples: number[] = [];
  private next = 0;
  private total = 0;

  constructor(private readonly capacity: number = DEFAULT_RUN_TIMING_WINDOW) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError(`timing window must be >= 1, got ${capacity}`);
  }

  record(durationMs: number): void {
    if (this.samples.length < this.capacity) this.samples.push(durationMs);
    else this.samples[this.next] = durationMs;
    this.next = (this.next + 1) % this.capacity;
    this.total += 1;
  }

  /** The window's durations, oldest first. */
  durations(): number[] {
    if (this.samples.length < this.capacity) return [...this.samples];
    return [...this.samples.slice(this.next), ...this.samples.slice(0, this.next)];
  }

  stats(): RunTimingStats {
    const sorted = [...this.samples].sort((a, b) => a - b);
    const count = sorted.length;
    const quantile = (q: number): number | undefined => {
      if (count === 0) return undefined;
      // Linear interpolation between closest ranks (numpy's default).
      const position = (count - 1) * q;
      const lower = Math.floor(position);
      const fraction = position - lower;
      const low = sorted[lower] ?? 0;
      const high = sorted[Math.min(lower + 1, count - 1)] ?? low;
      return low + (high - low) * fraction;
    };
    const recent = this.durations();
    return {
      totalRuns: this.total,
      windowRuns: count,
      lastMs: recent[recent.length - 1],
      medianMs: quantile(0.5),
      meanMs: count === 0 ? undefined : sorted.reduce((sum, value) => sum + value, 0) / count,
      p95Ms: quantile(0.95),
      minMs: sorted[0],
      maxMs: sorted[count - 1],
    };
  }
}
