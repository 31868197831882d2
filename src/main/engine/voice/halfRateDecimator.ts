// Halves the sample rate for pitch analysis (22 050 -> 11 025 Hz): F0 and the harmonics that
// reveal it sit far below 5 kHz, and YIN on half the samples costs half (its FFTs drop from 1024
// to 512 points). A zero-phase windowed-sinc low-pass (47 taps, cut at 4.6 kHz) keeps output m
// centred on input 2m, so frame times do not move.
const HALF_TAPS = 23;
const CUTOFF = 0.21; // of the input rate

function lowPassTaps(): Float64Array {
  const taps = new Float64Array(2 * HALF_TAPS + 1);
  let sum = 0;
  for (let index = -HALF_TAPS; index <= HALF_TAPS; index++) {
    const sinc = index === 0 ? 2 * CUTOFF : Math.sin(2 * Math.PI * CUTOFF * index) / (Math.PI * index);
    const blackman =
      0.42 +
      0.5 * Math.cos((Math.PI * index) / (HALF_TAPS + 1)) +
      0.08 * Math.cos((2 * Math.PI * index) / (HALF_TAPS + 1));
    taps[index + HALF_TAPS] = sinc * blackman;
    sum += sinc * blackman;
  }
  for (let index = 0; index < taps.length; index++) taps[index]! /= sum;
  return taps;
}

export class HalfRateDecimator {
  private readonly taps = lowPassTaps();
  /** Input samples from absolute index `offset` (the first HALF_TAPS are the zeros before 0). */
  private input = new Float64Array(4096);
  private offset = -HALF_TAPS;
  private length = HALF_TAPS;
  private nextOutput = 0;

  push(samples: ArrayLike<number>): Float64Array {
    this.append(samples);
    return this.produce(this.offset + this.length);
  }

  /** The input is over: outputs the rest as if zeros followed. */
  finish(): Float64Array {
    const end = this.offset + this.length;
    this.append(new Float64Array(HALF_TAPS + 2));
    const lastOutput = Math.ceil(end / 2);
    const out = this.produce(this.offset + this.length);
    return out.subarray(0, Math.max(0, out.length - Math.max(0, this.nextOutput - lastOutput)));
  }

  private append(samples: ArrayLike<number>): void {
    if (this.length + samples.length > this.input.length) {
      const keepFrom = Math.max(0, 2 * this.nextOutput - HALF_TAPS - this.offset);
      const kept = this.input.subarray(keepFrom, this.length);
      const grown = new Float64Array(Math.max(this.input.length, 2 * (kept.length + samples.length)));
      grown.set(kept);
      this.input = grown;
      this.offset += keepFrom;
      this.length = kept.length;
    }
    for (let index = 0; index < samples.length; index++) this.input[this.length + index] = samples[index]!;
    this.length += samples.length;
  }

  /** Every output whose taps lie below absolute input index `available`. */
  private produce(available: number): Float64Array {
    const count = Math.max(0, Math.floor((available - 1 - HALF_TAPS) / 2) - this.nextOutput + 1);
    const out = new Float64Array(count);
    for (let produced = 0; produced < count; produced++) {
      const centre = 2 * (this.nextOutput + produced) - this.offset;
      let sum = 0;
      for (let tap = 0; tap < this.taps.length; tap++)
        sum += this.taps[tap]! * this.input[centre - HALF_TAPS + tap]!;
      out[produced] = sum;
    }
    this.nextOutput += count;
    return out;
  }
}
