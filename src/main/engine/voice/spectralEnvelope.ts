// Spectral envelope and aperiodicity of one frame, in the spirit of WORLD (Morise et al. 2016):
// - Envelope (CheapTrick): a pitch-adaptive Hann window of 3 periods, its power spectrum smoothed
//   over 2/3·F0 (with the below-F0 part folded back, so the first harmonic is not lost), then a
//   cepstral lifter that removes what is left of the harmonic ripple. The result does not depend on
//   where the window falls relative to the glottal pulses, which is what lets us change F0 freely.
// - Aperiodicity: per band, how well one period predicts the next. Two adjacent one-period Hann
//   windows do not overlap, so noise is uncorrelated between them while the periodic part lines up
//   once the fractional period is corrected as a linear phase (refined to the best-aligning
//   sub-sample lag). 1 − correlation is the share of the band's power that is noise.
// Both are returned on the 513-bin grid of a 1024-point FFT (natural log of power for the envelope).
import { RealFft } from './realFft';
import { SPECTRUM_BINS } from './voiceFrameGeometry';

export type SampleReader = (start: number, out: Float64Array) => void;

const ENVELOPE_FFT_SIZE = 2048;
const SHORT_ENVELOPE_FFT_SIZE = 1024;
const APERIODICITY_FFT_SIZE = 512;
/** WORLD's stand-in F0 for unvoiced frames: a short window that follows fast noise bursts. */
const UNVOICED_WINDOW_F0_HZ = 500;
/** CheapTrick's q1 (lifter compensation of the smoothing's high-quefrency loss). */
const LIFTER_Q1 = -0.15;
const POWER_FLOOR = 1e-14;
export const APERIODICITY_FLOOR = 0.001;
const LAG_SEARCH_HIGH_HZ = 3000;
/** ±1 sample in 1/16-sample steps. */
const LAG_SEARCH_RANGE = 1;
const LAG_SEARCH_STEPS = 16;
const APERIODICITY_BAND_EDGES_HZ = [0, 500, 1000, 2000, 3000, 4000, 5500, 7500, 11025];

export class SpectralEnvelopeAnalyzer {
  /** Samples read on each side of the frame centre at the lowest F0. */
  readonly reach: number;
  private readonly envelopeFft = new RealFft(ENVELOPE_FFT_SIZE);
  private readonly shortEnvelopeFft = new RealFft(SHORT_ENVELOPE_FFT_SIZE);
  private readonly aperiodicityFft = new RealFft(APERIODICITY_FFT_SIZE);
  private readonly frame = new Float64Array(ENVELOPE_FFT_SIZE);
  private readonly re = new Float64Array(ENVELOPE_FFT_SIZE / 2 + 1);
  private readonly im = new Float64Array(ENVELOPE_FFT_SIZE / 2 + 1);
  private readonly power = new Float64Array(ENVELOPE_FFT_SIZE / 2 + 1);
  private readonly cumulative: Float64Array;
  private readonly smoothed = new Float64Array(ENVELOPE_FFT_SIZE / 2 + 1);
  private readonly cepstrum = new Float64Array(ENVELOPE_FFT_SIZE);
  private readonly shortFrame = new Float64Array(APERIODICITY_FFT_SIZE);
  private readonly firstRe = new Float64Array(APERIODICITY_FFT_SIZE / 2 + 1);
  private readonly firstIm = new Float64Array(APERIODICITY_FFT_SIZE / 2 + 1);
  private readonly secondRe = new Float64Array(APERIODICITY_FFT_SIZE / 2 + 1);
  private readonly secondIm = new Float64Array(APERIODICITY_FFT_SIZE / 2 + 1);
  private readonly crossRe = new Float64Array(APERIODICITY_FFT_SIZE / 2 + 1);
  private readonly crossIm = new Float64Array(APERIODICITY_FFT_SIZE / 2 + 1);
  private readonly bandValues = new Float64Array(APERIODICITY_BAND_EDGES_HZ.length - 1);
  private segment = new Float64Array(0);

  constructor(
    private readonly sampleRate: number,
    minimumF0Hz: number,
  ) {
    this.reach = Math.ceil((2 * sampleRate) / minimumF0Hz) + 2;
    // Room for the mirrored margins of the smoothing (see smoothOverBand).
    this.cumulative = new Float64Array(ENVELOPE_FFT_SIZE + 4);
  }

  /** Natural-log power envelope of the frame centred at sample `centre`. */
  envelope(read: SampleReader, centre: number, f0Hz: number, out: Float64Array): void {
    const f0 = f0Hz > 0 ? f0Hz : UNVOICED_WINDOW_F0_HZ;
    const half = Math.round((1.5 * this.sampleRate) / f0);
    // The smallest FFT that holds the window (most frames fit in 1024; low voices need 2048).
    const fft = 2 * half + 1 <= SHORT_ENVELOPE_FFT_SIZE ? this.shortEnvelopeFft : this.envelopeFft;
    const size = fft.size;
    const bins = fft.bins;
    const frame = this.frame.subarray(0, size);
    this.windowedSegment(read, centre - half, 2 * half + 1, frame);
    fft.forward(frame, this.re, this.im);
    const binHz = this.sampleRate / size;
    const power = this.power.subarray(0, bins);
    for (let bin = 0; bin < bins; bin++)
      power[bin] = this.re[bin]! * this.re[bin]! + this.im[bin]! * this.im[bin]!;
    // Fold the band below F0 back onto itself (WORLD's DC correction).
    const f0Bins = f0 / binHz;
    const original = Float64Array.from(power.subarray(0, Math.ceil(f0Bins) + 2));
    for (let bin = 0; bin < f0Bins; bin++) power[bin]! += interpolate(original, f0Bins - bin);
    this.smoothOverBand(power, (2 * f0) / 3 / binHz);
    // Log spectrum, mirrored to a full even sequence: its FFT is (N×) its inverse FFT, and a real
    // forward transform is the cheapest one fft.js has.
    const cepstrum = this.cepstrum.subarray(0, size);
    for (let bin = 0; bin < bins; bin++) cepstrum[bin] = Math.log(Math.max(power[bin]!, POWER_FLOOR));
    for (let bin = bins; bin < size; bin++) cepstrum[bin] = cepstrum[size - bin]!;
    fft.forward(cepstrum, this.re, this.im);
    // Cepstral lifter (sinc smoothing × q1 compensation), with sin/cos by rotation, not per call.
    const step = (Math.PI * f0) / this.sampleRate;
    const stepCos = Math.cos(step);
    const stepSin = Math.sin(step);
    let sin = 0;
    let cos = 1;
    cepstrum[0] = this.re[0]! / size;
    for (let quefrency = 1; quefrency < bins; quefrency++) {
      const nextSin = sin * stepCos + cos * stepSin;
      cos = cos * stepCos - sin * stepSin;
      sin = nextSin;
      const x = step * quefrency;
      const lifter = (sin / x) * (1 - 2 * LIFTER_Q1 + 2 * LIFTER_Q1 * (2 * cos * cos - 1));
      cepstrum[quefrency] = (this.re[quefrency]! / size) * lifter;
    }
    for (let quefrency = bins; quefrency < size; quefrency++)
      cepstrum[quefrency] = cepstrum[size - quefrency]!;
    fft.forward(cepstrum, this.re, this.im);
    const decimation = size / (2 * (SPECTRUM_BINS - 1));
    for (let bin = 0; bin < SPECTRUM_BINS; bin++) out[bin] = this.re[bin * decimation]!;
  }

  /** Noise share of the power per bin (0.001 … 1) for a voiced frame. */
  aperiodicity(read: SampleReader, centre: number, f0Hz: number, out: Float64Array): void {
    const period = this.sampleRate / f0Hz;
    const length = Math.min(APERIODICITY_FFT_SIZE, Math.round(period));
    const firstStart = Math.round(centre - period);
    this.windowedSegment(read, firstStart, length, this.shortFrame);
    this.aperiodicityFft.forward(this.shortFrame, this.firstRe, this.firstIm);
    this.windowedSegment(read, firstStart + length, length, this.shortFrame);
    this.aperiodicityFft.forward(this.shortFrame, this.secondRe, this.secondIm);
    const bins = this.firstRe.length;
    for (let bin = 0; bin < bins; bin++) {
      const a = this.firstRe[bin]!;
      const b = this.firstIm[bin]!;
      const c = this.secondRe[bin]!;
      const d = this.secondIm[bin]!;
      this.crossRe[bin] = a * c + b * d;
      this.crossIm[bin] = b * c - a * d;
    }
    const lag = this.bestFractionalLag(period - length);
    const binHz = this.sampleRate / APERIODICITY_FFT_SIZE;
    const bands = APERIODICITY_BAND_EDGES_HZ.length - 1;
    for (let band = 0; band < bands; band++) {
      const low = Math.max(1, Math.ceil(APERIODICITY_BAND_EDGES_HZ[band]! / binHz));
      const high = Math.min(bins - 1, Math.floor(APERIODICITY_BAND_EDGES_HZ[band + 1]! / binHz));
      const cross = this.alignedCrossSum(lag, low, high);
      let firstPower = 0;
      let secondPower = 0;
      for (let bin = low; bin <= high; bin++) {
        firstPower += this.firstRe[bin]! * this.firstRe[bin]! + this.firstIm[bin]! * this.firstIm[bin]!;
        secondPower += this.secondRe[bin]! * this.secondRe[bin]! + this.secondIm[bin]! * this.secondIm[bin]!;
      }
      const correlation = firstPower > 0 && secondPower > 0 ? cross / Math.sqrt(firstPower * secondPower) : 0;
      this.bandValues[band] = Math.min(1, Math.max(APERIODICITY_FLOOR, 1 - correlation));
    }
    spreadBandsOverBins(this.bandValues, this.sampleRate, out);
  }

  /**
   * The sub-sample lag (around the expected fraction) that best aligns the two periods below
   * 3 kHz: the tracked F0 is a few cents off at times, and that alone would read as "noise" in the
   * upper bands.
   */
  private bestFractionalLag(expected: number): number {
    const high = Math.floor(LAG_SEARCH_HIGH_HZ / (this.sampleRate / APERIODICITY_FFT_SIZE));
    let best = expected;
    let bestSum = -Infinity;
    for (let step = -LAG_SEARCH_STEPS; step <= LAG_SEARCH_STEPS; step++) {
      const lag = expected + step / (LAG_SEARCH_STEPS / LAG_SEARCH_RANGE);
      const sum = this.alignedCrossSum(lag, 1, high);
      if (sum > bestSum) {
        bestSum = sum;
        best = lag;
      }
    }
    return best;
  }

  /** Σ Re(X1·conj(X2)·e^{−jωδ}) over bins low … high: X2 delayed back by δ samples. */
  private alignedCrossSum(lag: number, low: number, high: number): number {
    const step = (-2 * Math.PI * lag) / APERIODICITY_FFT_SIZE;
    const stepCos = Math.cos(step);
    const stepSin = Math.sin(step);
    let cos = Math.cos(step * low);
    let sin = Math.sin(step * low);
    let sum = 0;
    for (let bin = low; bin <= high; bin++) {
      sum += this.crossRe[bin]! * cos - this.crossIm[bin]! * sin;
      const nextCos = cos * stepCos - sin * stepSin;
      sin = sin * stepCos + cos * stepSin;
      cos = nextCos;
    }
    return sum;
  }

  /** Reads `length` samples from `start`, removes their weighted mean, applies a unit-energy Hann. */
  private windowedSegment(read: SampleReader, start: number, length: number, target: Float64Array): void {
    if (this.segment.length !== length) this.segment = new Float64Array(length);
    read(start, this.segment);
    target.fill(0);
    const window = hannWindow(length);
    let weightedSum = 0;
    for (let index = 0; index < length; index++) weightedSum += window.weights[index]! * this.segment[index]!;
    const mean = weightedSum / window.sum;
    for (let index = 0; index < length; index++) {
      target[index] = (this.segment[index]! - mean) * window.weights[index]! * window.scale;
    }
  }

  /** Moving average of `power` over `widthBins`, in place, mirrored at 0 Hz and at Nyquist. */
  private smoothOverBand(power: Float64Array, widthBins: number): void {
    const bins = power.length;
    const margin = Math.ceil(widthBins / 2) + 2;
    const extended = bins + 2 * margin;
    if (this.cumulative.length < extended + 1) throw new Error('envelope smoothing width out of range');
    const valueAt = (position: number): number => {
      let bin = position - margin;
      if (bin < 0) bin = -bin;
      if (bin > bins - 1) bin = 2 * (bins - 1) - bin;
      return power[bin]!;
    };
    this.cumulative[0] = 0;
    for (let position = 0; position < extended; position++) {
      this.cumulative[position + 1] = this.cumulative[position]! + valueAt(position);
    }
    const smoothed = this.smoothed;
    for (let bin = 0; bin < bins; bin++) {
      const centre = bin + margin + 0.5;
      const upper = interpolate(this.cumulative, centre + widthBins / 2);
      const lower = interpolate(this.cumulative, centre - widthBins / 2);
      smoothed[bin] = (upper - lower) / widthBins;
    }
    power.set(smoothed.subarray(0, bins));
  }
}

interface HannWindow {
  weights: Float64Array;
  sum: number;
  /** 1/√(Σw²): makes the windowed power spectrum a power spectral density. */
  scale: number;
}

/** Hann windows by length (a few hundred distinct lengths at most: one per period in samples). */
const hannWindows = new Map<number, HannWindow>();

function hannWindow(length: number): HannWindow {
  let window = hannWindows.get(length);
  if (!window) {
    const weights = new Float64Array(length);
    let sum = 0;
    let energy = 0;
    for (let index = 0; index < length; index++) {
      const weight = 0.5 - 0.5 * Math.cos((2 * Math.PI * (index + 1)) / (length + 1));
      weights[index] = weight;
      sum += weight;
      energy += weight * weight;
    }
    window = { weights, sum, scale: 1 / Math.sqrt(energy) };
    hannWindows.set(length, window);
  }
  return window;
}

/** Linear interpolation of `values` at a fractional index (clamped to the ends). */
function interpolate(values: Float64Array, position: number): number {
  if (position <= 0) return values[0]!;
  const last = values.length - 1;
  if (position >= last) return values[last]!;
  const index = Math.floor(position);
  const fraction = position - index;
  return values[index]! * (1 - fraction) + values[index + 1]! * fraction;
}

/** Band values at band centres, linearly interpolated onto the 513 bins. */
function spreadBandsOverBins(bandValues: Float64Array, sampleRate: number, out: Float64Array): void {
  const centres = APERIODICITY_BAND_EDGES_HZ.slice(1).map(
    (edge, band) => (edge + APERIODICITY_BAND_EDGES_HZ[band]!) / 2,
  );
  const binHz = sampleRate / (2 * (SPECTRUM_BINS - 1));
  let band = 0;
  for (let bin = 0; bin < SPECTRUM_BINS; bin++) {
    const hz = bin * binHz;
    while (band < centres.length - 2 && hz > centres[band + 1]!) band++;
    const left = centres[band]!;
    const right = centres[band + 1]!;
    const fraction = Math.max(0, Math.min(1, (hz - left) / (right - left)));
    out[bin] = bandValues[band]! * (1 - fraction) + bandValues[band + 1]! * fraction;
  }
}
