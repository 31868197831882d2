// Percentiles of a frequency over an unbounded number of frames, in constant memory: counts in
// bins of 10 cents between 40 Hz and 12 kHz, interpolated inside the bin.
const BINS_PER_OCTAVE = 120;
const LOW_HZ = 40;
const HIGH_HZ = 12_000;
const BIN_COUNT = Math.ceil(Math.log2(HIGH_HZ / LOW_HZ) * BINS_PER_OCTAVE);

export class LogFrequencyHistogram {
  private readonly counts = new Float64Array(BIN_COUNT);
  private total = 0;

  get count(): number {
    return this.total;
  }

  add(hz: number): void {
    if (!(hz > 0)) return;
    const position = Math.floor(Math.log2(hz / LOW_HZ) * BINS_PER_OCTAVE);
    this.counts[Math.max(0, Math.min(BIN_COUNT - 1, position))]!++;
    this.total++;
  }

  /** The frequency below which `fraction` of the values lie (NaN when empty). */
  percentile(fraction: number): number {
    if (this.total === 0) return Number.NaN;
    const target = fraction * this.total;
    let running = 0;
    for (let bin = 0; bin < BIN_COUNT; bin++) {
      const count = this.counts[bin]!;
      if (running + count >= target && count > 0) {
        const within = (target - running) / count;
        return LOW_HZ * 2 ** ((bin + within) / BINS_PER_OCTAVE);
      }
      running += count;
    }
    return HIGH_HZ;
  }
}
