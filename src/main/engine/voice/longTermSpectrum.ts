// Long-term average spectrum (LTAS) of speech, and THE distance between two of them that the voice
// tests, the bench and the identity panel use. One definition, stated once:
//
//   Signal: mono, 22 050 Hz. STFT: Hann window of 1024 samples (46 ms), hop 256.
//   Frames kept: those whose mean-square level is within 40 dB of the loudest speech (the 99th
//   percentile of frame levels), so pauses and room noise do not count.
//   LTAS(k) = mean over kept frames of |X_k|² (power, not dB), k = 0 … 512.
//   Log-mel LTAS: 40 triangular mel bands (HTK mel, 2595·log10(1 + f/700)) from 80 Hz to 7 600 Hz
//   (below 8 kHz so 16 kHz recordings compare fairly), L_b = 10·log10(Σ_k T_b(k)·LTAS(k)).
//   Distance D(a, r) = RMS over bands of [(L_a,b − mean(L_a)) − (L_r,b − mean(L_r))], in dB:
//   the shape difference, independent of overall level.
//
// Streaming: frames are accumulated per 1 dB level bin, so the 40 dB gate can be applied at the end
// without keeping any frame.
import { RealFft } from './realFft';
import { SPECTRUM_BINS, SPECTRUM_FFT_SIZE, VOICE_SAMPLE_RATE } from './voiceFrameGeometry';

export const LTAS_HOP = 256;
export const LTAS_GATE_DB = 40;
export const MEL_BAND_COUNT = 40;
export const MEL_LOW_HZ = 80;
export const MEL_HIGH_HZ = 7600;

const LEVEL_FLOOR_DB = -120;
const LEVEL_CEILING_DB = 20;

/** Averages vectors per 1 dB level bin; `average()` keeps the bins within `gateDb` of the loud end. */
export class LevelGatedAverage {
  private readonly sums: Float64Array;
  private readonly counts: Float64Array;
  private readonly levels = LEVEL_CEILING_DB - LEVEL_FLOOR_DB + 1;

  constructor(readonly length: number) {
    this.sums = new Float64Array(this.levels * length);
    this.counts = new Float64Array(this.levels);
  }

  add(levelDb: number, vector: ArrayLike<number>): void {
    if (!Number.isFinite(levelDb) || levelDb < LEVEL_FLOOR_DB) return;
    const level = Math.min(this.levels - 1, Math.round(levelDb - LEVEL_FLOOR_DB));
    this.counts[level]!++;
    const offset = level * this.length;
    for (let index = 0; index < this.length; index++) this.sums[offset + index]! += vector[index]!;
  }

  /** Frames added so far. */
  get count(): number {
    let total = 0;
    for (const count of this.counts) total += count;
    return total;
  }

  /** The level (dB) below which `fraction` of the frames lie. */
  percentileLevelDb(fraction: number): number {
    const target = this.count * fraction;
    let running = 0;
    for (let level = 0; level < this.levels; level++) {
      running += this.counts[level]!;
      if (running >= target && running > 0) return level + LEVEL_FLOOR_DB;
    }
    return LEVEL_FLOOR_DB;
  }

  /** Mean vector over frames within `gateDb` of the 99th-percentile level; null when empty. */
  average(gateDb = LTAS_GATE_DB): { mean: Float64Array; frames: number } | null {
    if (this.count === 0) return null;
    const threshold = this.percentileLevelDb(0.99) - gateDb;
    const mean = new Float64Array(this.length);
    let frames = 0;
    for (let level = 0; level < this.levels; level++) {
      if (level + LEVEL_FLOOR_DB < threshold || this.counts[level] === 0) continue;
      frames += this.counts[level]!;
      const offset = level * this.length;
      for (let index = 0; index < this.length; index++) mean[index]! += this.sums[offset + index]!;
    }
    for (let index = 0; index < this.length; index++) mean[index]! /= frames;
    return { mean, frames };
  }
}

/** Streams samples into the gated Welch LTAS of the definition above. */
export class LongTermSpectrumAccumulator {
  private readonly fft = new RealFft(SPECTRUM_FFT_SIZE);
  private readonly window = new Float64Array(SPECTRUM_FFT_SIZE);
  private readonly frame = new Float64Array(SPECTRUM_FFT_SIZE);
  private readonly re = new Float64Array(SPECTRUM_BINS);
  private readonly im = new Float64Array(SPECTRUM_BINS);
  private readonly power = new Float64Array(SPECTRUM_BINS);
  private readonly pending = new Float64Array(SPECTRUM_FFT_SIZE);
  private pendingLength = 0;
  private readonly windowEnergy: number;
  readonly spectra = new LevelGatedAverage(SPECTRUM_BINS);

  constructor() {
    let energy = 0;
    for (let index = 0; index < SPECTRUM_FFT_SIZE; index++) {
      const weight = 0.5 - 0.5 * Math.cos((2 * Math.PI * index) / SPECTRUM_FFT_SIZE);
      this.window[index] = weight;
      energy += weight * weight;
    }
    this.windowEnergy = energy;
  }

  push(samples: ArrayLike<number>): void {
    let read = 0;
    while (read < samples.length) {
      const take = Math.min(samples.length - read, SPECTRUM_FFT_SIZE - this.pendingLength);
      for (let index = 0; index < take; index++)
        this.pending[this.pendingLength + index] = samples[read + index]!;
      this.pendingLength += take;
      read += take;
      if (this.pendingLength === SPECTRUM_FFT_SIZE) {
        this.analyseFrame();
        this.pending.copyWithin(0, LTAS_HOP);
        this.pendingLength -= LTAS_HOP;
      }
    }
  }

  private analyseFrame(): void {
    let energy = 0;
    for (let index = 0; index < SPECTRUM_FFT_SIZE; index++) {
      const sample = this.pending[index]!;
      energy += sample * sample;
      this.frame[index] = sample * this.window[index]!;
    }
    this.fft.forward(this.frame, this.re, this.im);
    // Normalised so a white signal of variance σ² gives σ² in every bin.
    for (let bin = 0; bin < SPECTRUM_BINS; bin++) {
      this.power[bin] = (this.re[bin]! * this.re[bin]! + this.im[bin]! * this.im[bin]!) / this.windowEnergy;
    }
    this.spectra.add(10 * Math.log10(energy / SPECTRUM_FFT_SIZE + 1e-20), this.power);
  }

  /** Gated mean power spectrum (513 bins); null when no frame was long enough. */
  result(): Float64Array | null {
    return this.spectra.average()?.mean ?? null;
  }
}

function hzToMel(hz: number): number {
  return 2595 * Math.log10(1 + hz / 700);
}

function melToHz(mel: number): number {
  return 700 * (10 ** (mel / 2595) - 1);
}

export interface MelBands {
  centresHz: number[];
  /** weights[band][bin] (sparse rows would be overkill at 40 × 513). */
  weights: Float64Array[];
}

/** Triangular mel filters over the 513-bin grid. */
export function melBands(count = MEL_BAND_COUNT, lowHz = MEL_LOW_HZ, highHz = MEL_HIGH_HZ): MelBands {
  const lowMel = hzToMel(lowHz);
  const highMel = hzToMel(highHz);
  const edges = Array.from({ length: count + 2 }, (_, index) =>
    melToHz(lowMel + ((highMel - lowMel) * index) / (count + 1)),
  );
  const binHz = VOICE_SAMPLE_RATE / SPECTRUM_FFT_SIZE;
  const weights = Array.from({ length: count }, (_, band) => {
    const row = new Float64Array(SPECTRUM_BINS);
    const [left, centre, right] = [edges[band]!, edges[band + 1]!, edges[band + 2]!];
    for (let bin = 0; bin < SPECTRUM_BINS; bin++) {
      const hz = bin * binHz;
      if (hz > left && hz < right)
        row[bin] = hz <= centre ? (hz - left) / (centre - left) : (right - hz) / (right - centre);
    }
    return row;
  });
  return { centresHz: edges.slice(1, -1), weights };
}

const DEFAULT_MEL_BANDS = melBands();

/** L_b of the definition (dB per mel band) from a 513-bin power spectrum. */
export function logMelSpectrum(power: ArrayLike<number>, bands: MelBands = DEFAULT_MEL_BANDS): number[] {
  return bands.weights.map((row) => {
    let sum = 0;
    for (let bin = 0; bin < SPECTRUM_BINS; bin++) sum += row[bin]! * power[bin]!;
    return 10 * Math.log10(sum + 1e-20);
  });
}

export function melBandCentresHz(): number[] {
  return [...DEFAULT_MEL_BANDS.centresHz];
}

/** D(a, r) of the definition: RMS difference of mean-removed log-mel LTAS, in dB. */
export function longTermSpectralDistanceDb(a: readonly number[], r: readonly number[]): number {
  if (a.length !== r.length || a.length === 0)
    throw new Error('LTAS vectors must have the same, non-zero length');
  const meanA = a.reduce((sum, value) => sum + value, 0) / a.length;
  const meanR = r.reduce((sum, value) => sum + value, 0) / r.length;
  let sum = 0;
  for (let band = 0; band < a.length; band++) sum += (a[band]! - meanA - (r[band]! - meanR)) ** 2;
  return Math.sqrt(sum / a.length);
}
