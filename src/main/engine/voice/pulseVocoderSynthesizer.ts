// WORLD-style synthesis (Morise et al. 2016), streaming: glottal pulses placed along the (new) F0
// contour, each one a minimum-phase response of the (warped, equalised) envelope's periodic share,
// plus Gaussian noise shaped by the aperiodic share; unvoiced stretches are shaped noise alone.
// Pulses carry a fractional delay (linear phase), so a 22 kHz pulse grid adds no jitter to high
// voices. Levels are calibrated: a pulse every T samples with |H|² = T·P and unit noise with
// |H|² = P both have mean power = mean(P), the envelope's own scale, so output level follows input.
//
// This is also the formant-preserving pitch shifter: F0 and envelope are separate parameters, so
// changing one leaves the other alone. (Rubber Band would be the usual choice, but the
// @echogarden/rubberband-wasm build is published as GPL-2.0-only, which cannot be combined with this
// GPL-3.0-or-later project; and a vocoder needs no second library for the same job.)
//
// Streaming: frames are pushed in order; every finished sample is handed out in order; the state
// (pulse position, noise generator, overlap tail) runs continuously, so there is no block join.
import { MinimumPhaseDesigner } from './minimumPhase';
import { FRAME_HOP, SPECTRUM_BINS, SPECTRUM_FFT_SIZE, VOICE_SAMPLE_RATE } from './voiceFrameGeometry';
import { RealFft } from './realFft';

export interface SynthesisFrame {
  /** 0 when unvoiced. */
  f0Hz: number;
  /** Natural log of the power envelope, SPECTRUM_BINS bins. */
  logEnvelope: Float64Array;
  /** Noise share of the power per bin (0 … 1). */
  aperiodicity: Float64Array;
}

/** Noise segments in unvoiced stretches are one frame long (≈5 ms, the envelope's own rate). */
const UNVOICED_INTERVAL = FRAME_HOP;
/**
 * Every response buffer starts this many samples before its pulse: room for the zero-phase noise
 * filter's spread and the fractional delay's sinc. Samples are final once the next pulse's buffer
 * can no longer reach them.
 */
const NOISE_OFFSET = 256;
const MIN_SYNTHESIS_F0_HZ = 40;
const MAX_SYNTHESIS_F0_HZ = 1000;

/** Small, fast, seeded PRNG (mulberry32): the same input always gives the same output. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

export class PulseVocoderSynthesizer {
  private readonly frames: SynthesisFrame[] = [];
  private firstFrame = 0;
  private framesEnded = false;
  private pulseTime = 0;
  private readonly random: () => number;
  private spareGaussian: number | null = null;
  private readonly size = SPECTRUM_FFT_SIZE;
  private readonly fft = new RealFft(SPECTRUM_FFT_SIZE);
  private readonly minimumPhase = new MinimumPhaseDesigner(SPECTRUM_FFT_SIZE);
  private readonly logEnvelope = new Float64Array(SPECTRUM_BINS);
  private readonly aperiodicity = new Float64Array(SPECTRUM_BINS);
  private readonly logAmplitude = new Float64Array(SPECTRUM_BINS);
  private readonly pulseRe = new Float64Array(SPECTRUM_BINS);
  private readonly pulseIm = new Float64Array(SPECTRUM_BINS);
  private readonly noiseRe = new Float64Array(SPECTRUM_BINS);
  private readonly noiseIm = new Float64Array(SPECTRUM_BINS);
  private readonly buffer = new Float64Array(SPECTRUM_FFT_SIZE);
  /** Overlap-add accumulator: output[outputStart + i] = accumulator[i]. */
  private accumulator = new Float64Array(SPECTRUM_FFT_SIZE * 4);
  /** Starts before 0: the first pulse's response begins NOISE_OFFSET samples early. */
  private outputStart = -NOISE_OFFSET;
  /** Samples before this index are final. */
  private finalUpTo = -NOISE_OFFSET;

  constructor(seed = 0x5eed) {
    this.random = seededRandom(seed);
  }

  pushFrame(frame: SynthesisFrame): void {
    this.frames.push(frame);
  }

  /** Renders every pulse whose parameters are known and returns the finished samples. */
  takeOutput(): Float32Array {
    this.renderAvailablePulses();
    return this.drain(this.finalUpTo);
  }

  /** No more frames: renders to the end and returns exactly up to `totalSamples`. */
  finish(totalSamples: number): Float32Array {
    this.framesEnded = true;
    this.renderAvailablePulses(totalSamples);
    return this.drain(totalSamples, true);
  }

  private frameAt(index: number): SynthesisFrame {
    const clamped = Math.min(Math.max(index - this.firstFrame, 0), this.frames.length - 1);
    return this.frames[clamped]!;
  }

  /** Linear interpolation of F0 at time t (samples); 0 = unvoiced. */
  private f0At(time: number): number {
    const position = time / FRAME_HOP;
    const index = Math.floor(position);
    const weight = position - index;
    const left = this.frameAt(index).f0Hz;
    const right = this.frameAt(index + 1).f0Hz;
    if (left > 0 && right > 0) return left * (1 - weight) + right * weight;
    const nearer = weight < 0.5 ? left : right;
    return nearer > 0 ? nearer : 0;
  }

  private renderAvailablePulses(endSample = Infinity): void {
    if (this.frames.length === 0) return;
    for (;;) {
      if (this.pulseTime >= endSample) break;
      const f0 = this.f0At(this.pulseTime);
      // The period at the middle of the pulse's interval follows a moving F0 better than at its start.
      const guess = f0 > 0 ? VOICE_SAMPLE_RATE / clampF0(f0) : UNVOICED_INTERVAL;
      const middleF0 = this.f0At(this.pulseTime + guess / 2);
      const interval =
        f0 > 0 && middleF0 > 0 ? VOICE_SAMPLE_RATE / clampF0(middleF0) : f0 > 0 ? guess : UNVOICED_INTERVAL;
      const nextTime = this.pulseTime + interval;
      const neededFrame = Math.floor(nextTime / FRAME_HOP) + 2;
      if (!this.framesEnded && neededFrame >= this.firstFrame + this.frames.length) break;
      this.renderPulse(this.pulseTime, nextTime, f0 > 0);
      this.pulseTime = nextTime;
      this.finalUpTo = Math.max(this.finalUpTo, Math.floor(nextTime) - NOISE_OFFSET);
      this.forgetOldFrames();
    }
  }

  private forgetOldFrames(): void {
    const keepFrom = Math.floor(this.pulseTime / FRAME_HOP) - 1;
    while (this.firstFrame < keepFrom && this.frames.length > 2) {
      this.frames.shift();
      this.firstFrame++;
    }
  }

  private interpolateParameters(time: number): void {
    const position = time / FRAME_HOP;
    const index = Math.floor(position);
    const weight = position - index;
    const left = this.frameAt(index);
    const right = this.frameAt(index + 1);
    for (let bin = 0; bin < SPECTRUM_BINS; bin++) {
      this.logEnvelope[bin] = left.logEnvelope[bin]! * (1 - weight) + right.logEnvelope[bin]! * weight;
      this.aperiodicity[bin] = left.aperiodicity[bin]! * (1 - weight) + right.aperiodicity[bin]! * weight;
    }
  }

  private renderPulse(time: number, nextTime: number, voiced: boolean): void {
    this.interpolateParameters(time);
    const start = Math.floor(time);
    const fraction = time - start;
    const noiseLength = Math.max(1, Math.min(this.size - 2 * NOISE_OFFSET, Math.floor(nextTime) - start));
    const bins = SPECTRUM_BINS;

    // Aperiodic part: unit Gaussian noise for [start, next pulse), shaped by √(P·ap). Zero-phase is
    // enough for noise (its phase is random anyway) and saves the cepstrum; the segment sits at
    // NOISE_OFFSET so the symmetric filter's spread before it stays inside the buffer.
    this.buffer.fill(0);
    for (let index = 0; index < noiseLength; index++) this.buffer[NOISE_OFFSET + index] = this.gaussian();
    this.fft.forward(this.buffer, this.noiseRe, this.noiseIm);
    for (let bin = 0; bin < bins; bin++) {
      const share = voiced ? this.aperiodicity[bin]! : 1;
      const gain = Math.exp(0.5 * this.logEnvelope[bin]!) * Math.sqrt(share);
      this.noiseRe[bin]! *= gain;
      this.noiseIm[bin]! *= gain;
    }

    // Periodic part: one pulse with |H|² = T·P·(1 − ap), delayed by NOISE_OFFSET + fraction, no DC.
    if (voiced) {
      const logPeriod = Math.log(nextTime - time);
      for (let bin = 0; bin < bins; bin++) {
        const share = Math.max(1 - this.aperiodicity[bin]!, 1e-6);
        this.logAmplitude[bin] = 0.5 * (this.logEnvelope[bin]! + logPeriod + Math.log(share));
      }
      this.minimumPhase.design(this.logAmplitude, this.pulseRe, this.pulseIm);
      const delay = NOISE_OFFSET + fraction;
      const step = (-2 * Math.PI * delay) / this.size;
      const stepCos = Math.cos(step);
      const stepSin = Math.sin(step);
      let cos = 1;
      let sin = 0;
      for (let bin = 0; bin < bins; bin++) {
        const re = this.pulseRe[bin]! * cos - this.pulseIm[bin]! * sin;
        const im = this.pulseRe[bin]! * sin + this.pulseIm[bin]! * cos;
        this.noiseRe[bin]! += bin === 0 ? 0 : re;
        this.noiseIm[bin]! += bin === 0 ? 0 : im;
        const nextCos = cos * stepCos - sin * stepSin;
        sin = sin * stepCos + cos * stepSin;
        cos = nextCos;
      }
    }
    this.fft.inverse(this.noiseRe, this.noiseIm, this.buffer);
    this.accumulate(start - NOISE_OFFSET, this.buffer);
  }

  private accumulate(position: number, response: Float64Array): void {
    const offset = position - this.outputStart;
    if (offset < 0) throw new Error(`vocoder: response at ${position} lands before ${this.outputStart}`);
    const needed = offset + response.length;
    if (needed > this.accumulator.length) {
      const grown = new Float64Array(Math.max(needed, this.accumulator.length * 2));
      grown.set(this.accumulator);
      this.accumulator = grown;
    }
    for (let index = 0; index < response.length; index++)
      this.accumulator[offset + index]! += response[index]!;
  }

  /** Hands out samples [outputStart, upTo) (never those before 0) and shifts the accumulator. */
  private drain(upTo: number, exact = false): Float32Array {
    const count = Math.max(0, upTo - this.outputStart);
    const skip = Math.max(0, Math.min(count, -this.outputStart));
    const out = new Float32Array(count - skip);
    const available = Math.min(count, this.accumulator.length);
    for (let index = skip; index < available; index++) out[index - skip] = this.accumulator[index]!;
    if (!exact) {
      this.accumulator.copyWithin(0, available);
      this.accumulator.fill(0, this.accumulator.length - available);
    }
    this.outputStart += count;
    return out;
  }

  private gaussian(): number {
    if (this.spareGaussian !== null) {
      const spare = this.spareGaussian;
      this.spareGaussian = null;
      return spare;
    }
    const radius = Math.sqrt(-2 * Math.log(1 - this.random()));
    const angle = 2 * Math.PI * this.random();
    this.spareGaussian = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  }
}

function clampF0(f0: number): number {
  return Math.min(MAX_SYNTHESIS_F0_HZ, Math.max(MIN_SYNTHESIS_F0_HZ, f0));
}
