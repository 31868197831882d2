// Per-frame pitch candidates, the observation half of pYIN (Mauch & Dixon, 2014): YIN's cumulative
// mean normalised difference function (de Cheveigné & Kawahara, 2002), computed with one FFT
// cross-correlation instead of the O(W·τ) loop, then every dip is weighted by how many YIN
// thresholds would have picked it under a Beta(2, 18) prior over thresholds. Instead of committing
// to one F0 per frame (where YIN makes octave errors), the tracker (pitchTrackDecoder) picks the
// candidate path that is smooth over time.
import { RealFft } from './realFft';

export interface PitchCandidate {
  f0Hz: number;
  /** Share of the threshold prior that picks this dip (all candidates of a frame sum to ≤ 1). */
  probability: number;
}

export interface PitchObservation {
  candidates: PitchCandidate[];
  /** Sum of the candidate probabilities: pYIN's voicing evidence before tracking. */
  voicedProbability: number;
  /** Mean-square level of the frame's integration window in dBFS. */
  levelDb: number;
}

const THRESHOLD_COUNT = 100;
const BETA_ALPHA = 2;
const BETA_BETA = 18;
/** pYIN: when no dip is under a threshold, the global minimum still gets this share of its weight. */
const GLOBAL_MINIMUM_SHARE = 0.01;
/** Frames quieter than this are silence (room noise), whatever periodicity they show. */
export const SILENCE_LEVEL_DB = -60;

function betaThresholdWeights(): Float64Array {
  const weights = new Float64Array(THRESHOLD_COUNT);
  let total = 0;
  for (let index = 0; index < THRESHOLD_COUNT; index++) {
    const threshold = (index + 1) / THRESHOLD_COUNT;
    const weight = threshold ** (BETA_ALPHA - 1) * (1 - threshold + 1e-9) ** (BETA_BETA - 1);
    weights[index] = weight;
    total += weight;
  }
  for (let index = 0; index < THRESHOLD_COUNT; index++) weights[index]! /= total;
  return weights;
}

export class YinPitchAnalyzer {
  /** Samples one observation reads. */
  readonly span: number;
  /**
   * Where the span starts before the frame time. For a period T the difference function compares
   * [start, start + W + T], so starting (W + τmax/2)/2 early centres that region within ±τmax/4
   * of the frame for every F0 instead of always trailing it.
   */
  readonly leadIn: number;
  private readonly integrationWindow: number;
  private readonly minimumLag: number;
  private readonly maximumLag: number;
  private readonly fft: RealFft;
  private readonly windowBuffer: Float64Array;
  private readonly spanBuffer: Float64Array;
  private readonly windowRe: Float64Array;
  private readonly windowIm: Float64Array;
  private readonly spanRe: Float64Array;
  private readonly spanIm: Float64Array;
  private readonly correlation: Float64Array;
  private readonly prefixEnergy: Float64Array;
  private readonly normalised: Float64Array;
  private readonly thresholdWeights = betaThresholdWeights();

  constructor(
    private readonly sampleRate: number,
    minimumF0Hz: number,
    maximumF0Hz: number,
  ) {
    this.maximumLag = Math.ceil(sampleRate / minimumF0Hz) + 1;
    this.minimumLag = Math.max(2, Math.floor(sampleRate / maximumF0Hz));
    // A window a little longer than the longest period keeps low voices stable.
    this.integrationWindow = 2 ** Math.ceil(Math.log2(this.maximumLag));
    this.span = this.integrationWindow + this.maximumLag + 1;
    this.leadIn = Math.floor((this.integrationWindow + this.maximumLag / 2) / 2);
    const fftSize = 2 ** Math.ceil(Math.log2(this.span));
    this.fft = new RealFft(fftSize);
    this.windowBuffer = new Float64Array(fftSize);
    this.spanBuffer = new Float64Array(fftSize);
    this.windowRe = new Float64Array(this.fft.bins);
    this.windowIm = new Float64Array(this.fft.bins);
    this.spanRe = new Float64Array(this.fft.bins);
    this.spanIm = new Float64Array(this.fft.bins);
    this.correlation = new Float64Array(fftSize);
    this.prefixEnergy = new Float64Array(this.span + 1);
    this.normalised = new Float64Array(this.maximumLag + 2);
  }

  /** `segment` holds `span` samples starting `leadIn` before the frame. */
  analyse(segment: Float64Array): PitchObservation {
    const width = this.integrationWindow;
    this.windowBuffer.fill(0);
    this.spanBuffer.fill(0);
    for (let index = 0; index < this.span; index++) this.spanBuffer[index] = segment[index]!;
    for (let index = 0; index < width; index++) this.windowBuffer[index] = segment[index]!;
    let windowEnergy = 0;
    for (let index = 0; index < width; index++) windowEnergy += segment[index]! * segment[index]!;
    const levelDb = 10 * Math.log10(windowEnergy / width + 1e-20);
    if (levelDb < SILENCE_LEVEL_DB) return { candidates: [], voicedProbability: 0, levelDb };

    // r(τ) = Σ_j w_j · s_{j+τ}: cross-correlation of the window with the whole span.
    this.fft.forward(this.windowBuffer, this.windowRe, this.windowIm);
    this.fft.forward(this.spanBuffer, this.spanRe, this.spanIm);
    for (let bin = 0; bin < this.fft.bins; bin++) {
      const re = this.windowRe[bin]! * this.spanRe[bin]! + this.windowIm[bin]! * this.spanIm[bin]!;
      const im = this.windowRe[bin]! * this.spanIm[bin]! - this.windowIm[bin]! * this.spanRe[bin]!;
      this.spanRe[bin] = re;
      this.spanIm[bin] = im;
    }
    this.fft.inverse(this.spanRe, this.spanIm, this.correlation);

    const prefix = this.prefixEnergy;
    prefix[0] = 0;
    for (let index = 0; index < this.span; index++)
      prefix[index + 1] = prefix[index]! + segment[index]! * segment[index]!;

    // YIN's d(τ) and its cumulative-mean normalisation d'(τ).
    const normalised = this.normalised;
    normalised[0] = 1;
    let runningSum = 0;
    for (let lag = 1; lag <= this.maximumLag; lag++) {
      const shiftedEnergy = prefix[lag + width]! - prefix[lag]!;
      const difference = Math.max(0, windowEnergy + shiftedEnergy - 2 * this.correlation[lag]!);
      runningSum += difference;
      normalised[lag] = runningSum > 0 ? (difference * lag) / runningSum : 1;
    }
    return { ...this.candidatesFrom(normalised), levelDb };
  }

  private candidatesFrom(normalised: Float64Array): Omit<PitchObservation, 'levelDb'> {
    const dips: number[] = [];
    for (let lag = this.minimumLag; lag < this.maximumLag; lag++) {
      if (normalised[lag]! < normalised[lag - 1]! && normalised[lag]! <= normalised[lag + 1]!) dips.push(lag);
    }
    if (dips.length === 0) return { candidates: [], voicedProbability: 0 };
    let globalMinimum = dips[0]!;
    for (const lag of dips) if (normalised[lag]! < normalised[globalMinimum]!) globalMinimum = lag;

    const weightByLag = new Map<number, number>();
    for (let index = 0; index < THRESHOLD_COUNT; index++) {
      const threshold = (index + 1) / THRESHOLD_COUNT;
      const weight = this.thresholdWeights[index]!;
      const first = dips.find((lag) => normalised[lag]! < threshold);
      if (first !== undefined) weightByLag.set(first, (weightByLag.get(first) ?? 0) + weight);
      else
        weightByLag.set(globalMinimum, (weightByLag.get(globalMinimum) ?? 0) + weight * GLOBAL_MINIMUM_SHARE);
    }
    const candidates: PitchCandidate[] = [];
    let voicedProbability = 0;
    for (const [lag, probability] of weightByLag) {
      if (probability < 1e-4) continue;
      candidates.push({ f0Hz: this.sampleRate / refineLag(normalised, lag), probability });
      voicedProbability += probability;
    }
    return { candidates, voicedProbability: Math.min(1, voicedProbability) };
  }
}

/** Parabolic interpolation of the dip, for sub-sample periods. */
function refineLag(values: Float64Array, lag: number): number {
  const left = values[lag - 1]!;
  const centre = values[lag]!;
  const right = values[lag + 1]!;
  const curvature = left - 2 * centre + right;
  if (curvature <= 0) return lag;
  const offset = (0.5 * (left - right)) / curvature;
  return lag + Math.max(-0.5, Math.min(0.5, offset));
}
