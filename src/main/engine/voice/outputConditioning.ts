// What every voice output passes through last: a DC blocker (no offset, no sub-audio rumble) and a
// look-ahead peak limiter (no clipped samples, and no audible pumping: the gain falls smoothly over
// the 5 ms before a peak and recovers over ~60 ms). The limiter only acts on peaks above −1 dBFS,
// so normal speech passes untouched.
import { VOICE_SAMPLE_RATE } from './voiceFrameGeometry';

/** First-order high-pass at 20 Hz. */
export class DcBlocker {
  private previousInput = 0;
  private previousOutput = 0;
  private readonly pole = 1 - (2 * Math.PI * 20) / VOICE_SAMPLE_RATE;

  process(samples: ArrayLike<number>, out: Float64Array | Float32Array): void {
    for (let index = 0; index < samples.length; index++) {
      const input = samples[index]!;
      const output = input - this.previousInput + this.pole * this.previousOutput;
      this.previousInput = input;
      this.previousOutput = output;
      out[index] = output;
    }
  }
}

export const LIMITER_CEILING = 10 ** (-1 / 20);
const LOOK_AHEAD = Math.round(0.005 * VOICE_SAMPLE_RATE);
const RELEASE_SECONDS = 0.06;

/**
 * gain(p) = mean over the L samples up to p of [min over the L+1 samples from there on of the
 * required gain]. Every term of that mean looks at sample p itself, so gain(p) never exceeds what
 * sample p requires: peaks land at or under the ceiling, reached by a smooth ramp, not a step.
 */
export class LookAheadLimiter {
  readonly latency = LOOK_AHEAD;
  private readonly delay = new Float64Array(LOOK_AHEAD + 1);
  private readonly required = new Float64Array(LOOK_AHEAD + 1);
  /** Monotonic deque of indices into `required` (absolute sample numbers). */
  private readonly minimumQueue: number[] = [];
  private readonly recentMinima = new Float64Array(LOOK_AHEAD);
  private recentSum = LOOK_AHEAD;
  private received = 0;
  private gain = 1;
  private readonly releaseCoefficient = 1 - Math.exp(-1 / (RELEASE_SECONDS * VOICE_SAMPLE_RATE));

  constructor(private readonly ceiling = LIMITER_CEILING) {
    this.recentMinima.fill(1);
  }

  process(input: ArrayLike<number>): Float32Array {
    const ready = Math.max(0, Math.min(input.length, this.received + input.length - LOOK_AHEAD));
    const out = new Float32Array(ready);
    let written = 0;
    for (let index = 0; index < input.length; index++) {
      const sample = this.pushSample(input[index]!);
      if (sample !== null) out[written++] = sample;
    }
    return out;
  }

  /** Releases the last `latency` samples (the stream is over). */
  flush(): Float32Array {
    const pending = Math.min(this.received, LOOK_AHEAD);
    const out = new Float32Array(pending);
    for (let index = 0; index < pending; index++) out[index] = this.pushSample(0) ?? 0;
    return out;
  }

  private pushSample(sample: number): number | null {
    const position = this.received++;
    const slot = position % (LOOK_AHEAD + 1);
    this.delay[slot] = sample;
    const magnitude = Math.abs(sample);
    this.required[slot] = magnitude > this.ceiling ? this.ceiling / magnitude : 1;
    const queue = this.minimumQueue;
    while (
      queue.length > 0 &&
      this.required[queue[queue.length - 1]! % (LOOK_AHEAD + 1)]! >= this.required[slot]!
    ) {
      queue.pop();
    }
    queue.push(position);
    const outputPosition = position - LOOK_AHEAD;
    if (outputPosition < 0) return null;
    while (queue[0]! < outputPosition) queue.shift();
    const windowMinimum = this.required[queue[0]! % (LOOK_AHEAD + 1)]!;
    const averageSlot = outputPosition % LOOK_AHEAD;
    this.recentSum += windowMinimum - this.recentMinima[averageSlot]!;
    this.recentMinima[averageSlot] = windowMinimum;
    const target = this.recentSum / LOOK_AHEAD;
    this.gain = Math.min(target, this.gain + (1 - this.gain) * this.releaseCoefficient);
    const output = this.delay[outputPosition % (LOOK_AHEAD + 1)]! * this.gain;
    // Safety net for rounding only: the gain above already keeps |output| ≤ ceiling.
    return Math.max(-this.ceiling, Math.min(this.ceiling, output));
  }
}
