// Turns "frame N of M at time t" into what a progress bar shows: a fraction, a rate averaged over
// the last few seconds (so a slow start or a heavy segment does not skew it for ever) and an ETA.
// The clock is injected so the arithmetic is tested without waiting.

export interface RenderRate {
  frame: number;
  totalFrames: number;
  /** 0..1 */
  progress: number;
  fps: number;
  /** null until there is a rate to estimate from. */
  etaSeconds: number | null;
}

const WINDOW_MS = 3000;

export class RenderRateTracker {
  private readonly samples: { at: number; frame: number }[] = [];
  private readonly startedAt: number;

  constructor(
    private readonly totalFrames: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.startedAt = now();
    this.samples.push({ at: this.startedAt, frame: 0 });
  }

  update(frame: number): RenderRate {
    const at = this.now();
    const clamped = Math.max(0, Math.min(this.totalFrames, frame));
    this.samples.push({ at, frame: clamped });
    while (this.samples.length > 2 && at - this.samples[1]!.at >= WINDOW_MS) this.samples.shift();
    const oldest = this.samples[0]!;
    const seconds = (at - oldest.at) / 1000;
    const fps = seconds > 0 ? Math.max(0, (clamped - oldest.frame) / seconds) : 0;
    const remaining = this.totalFrames - clamped;
    return {
      frame: clamped,
      totalFrames: this.totalFrames,
      progress: this.totalFrames > 0 ? clamped / this.totalFrames : 1,
      fps,
      etaSeconds: remaining === 0 ? 0 : fps > 0 ? remaining / fps : null,
    };
  }

  /** Average over the whole render so far. */
  overallFps(frame: number): number {
    const seconds = (this.now() - this.startedAt) / 1000;
    return seconds > 0 ? frame / seconds : 0;
  }
}

/** Lets through one call per interval (plus any call marked urgent, e.g. a status change). */
export class Throttle {
  private last = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly intervalMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  ready(urgent = false): boolean {
    const at = this.now();
    if (!urgent && at - this.last < this.intervalMs) return false;
    this.last = at;
    return true;
  }
}
