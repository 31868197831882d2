// What the DSP voice match knows about a speaker: F0 statistics, the long-term spectrum and the
// average spectral envelope. Built by streaming speech through the analyser, so it works the same
// for a 10 s reference, a 2-hour input (the conversion's first pass) and text-to-speech output.
// Plain JSON-able numbers, so it can be cached beside the project and shown in the identity panel.
import {
  LevelGatedAverage,
  logMelSpectrum,
  LongTermSpectrumAccumulator,
  LTAS_HOP,
  melBandCentresHz,
} from './longTermSpectrum';
import { pickFormants } from './formantPeaks';
import { LogFrequencyHistogram } from './logFrequencyHistogram';
import type { AnalysisFrame } from './streamingVoiceAnalyzer';
import { FRAME_HOP, SPECTRUM_BINS, VOICE_SAMPLE_RATE } from './voiceFrameGeometry';

export const SPEECH_PROFILE_VERSION = 1;

export interface F0Statistics {
  medianHz: number;
  /** 5th and 95th percentiles: the speaking range shown in the identity panel. */
  p5Hz: number;
  p95Hz: number;
  /** Natural log of the median, and a robust spread of ln F0 ((ln p84 − ln p16) / 2). */
  logMedian: number;
  logSpread: number;
}

export interface SpeechProfile {
  version: typeof SPEECH_PROFILE_VERSION;
  sampleRate: number;
  durationSeconds: number;
  /** Time within 40 dB of the loudest speech (the LTAS gate). */
  speechSeconds: number;
  voicedSeconds: number;
  peakDbfs: number;
  f0: F0Statistics | null;
  /** Gated Welch LTAS on the 513-bin grid, dB. */
  ltasPowerDb: number[];
  /** Gated average of the spectral envelope (power), dB. */
  envelopePowerDb: number[];
  /** Average log envelope of voiced frames, dB: the shape that carries formants. */
  voicedEnvelopeDb: number[];
  /** Median F1–F3 of clearly voiced frames; null with too few such frames to trust. */
  formantsHz: { f1: number; f2: number; f3: number; frames: number } | null;
  /** The log-mel LTAS of longTermSpectrum.ts (the distance's definition), dB. */
  melLtasDb: number[];
  melBandCentresHz: number[];
}

/** Formants are only read from frames the pitch tracker is sure about (vowels, not transitions). */
const FORMANT_MIN_VOICED_PROBABILITY = 0.5;
const FORMANT_MIN_FRAMES = 40;
const DB_PER_NEPER = 10 / Math.LN10;

export class SpeechProfileAccumulator {
  private readonly spectrum = new LongTermSpectrumAccumulator();
  private readonly envelopes = new LevelGatedAverage(SPECTRUM_BINS);
  private readonly voicedEnvelopeSum = new Float64Array(SPECTRUM_BINS);
  private readonly linear = new Float64Array(SPECTRUM_BINS);
  private readonly f0Histogram = new LogFrequencyHistogram();
  private readonly formantHistograms = [0, 1, 2].map(() => new LogFrequencyHistogram());
  private voicedFrames = 0;
  private voicedEnvelopeFrames = 0;
  private samples = 0;
  private peak = 0;

  pushSamples(samples: ArrayLike<number>): void {
    this.spectrum.push(samples);
    this.samples += samples.length;
    for (let index = 0; index < samples.length; index++) {
      const magnitude = Math.abs(samples[index]!);
      if (magnitude > this.peak) this.peak = magnitude;
    }
  }

  addFrame(frame: AnalysisFrame): void {
    const envelope = frame.logEnvelope;
    if (envelope) {
      for (let bin = 0; bin < SPECTRUM_BINS; bin++) this.linear[bin] = Math.exp(envelope[bin]!);
      this.envelopes.add(frame.levelDb, this.linear);
    }
    if (frame.f0Hz <= 0) return;
    this.voicedFrames++;
    this.f0Histogram.add(frame.f0Hz);
    if (!envelope) return;
    this.voicedEnvelopeFrames++;
    for (let bin = 0; bin < SPECTRUM_BINS; bin++) this.voicedEnvelopeSum[bin]! += envelope[bin]!;
    if (frame.voicedProbability < FORMANT_MIN_VOICED_PROBABILITY) return;
    const formants = pickFormants(envelope);
    if (!formants) return;
    this.formantHistograms[0]!.add(formants.f1Hz);
    this.formantHistograms[1]!.add(formants.f2Hz);
    this.formantHistograms[2]!.add(formants.f3Hz);
  }

  result(): SpeechProfile {
    const ltas = this.spectrum.result();
    const envelope = this.envelopes.average();
    const ltasPower = ltas ?? new Float64Array(SPECTRUM_BINS).fill(1e-20);
    const toDb = (values: ArrayLike<number>) => Array.from(values, (value) => 10 * Math.log10(value + 1e-20));
    const speechFrames = this.spectrum.spectra.average()?.frames ?? 0;
    return {
      version: SPEECH_PROFILE_VERSION,
      sampleRate: VOICE_SAMPLE_RATE,
      durationSeconds: this.samples / VOICE_SAMPLE_RATE,
      speechSeconds: (speechFrames * LTAS_HOP) / VOICE_SAMPLE_RATE,
      voicedSeconds: (this.voicedFrames * FRAME_HOP) / VOICE_SAMPLE_RATE,
      peakDbfs: 20 * Math.log10(this.peak + 1e-20),
      f0: this.f0Statistics(),
      ltasPowerDb: toDb(ltasPower),
      envelopePowerDb: toDb(envelope?.mean ?? new Float64Array(SPECTRUM_BINS)),
      voicedEnvelopeDb: Array.from(this.voicedEnvelopeSum, (sum) =>
        this.voicedEnvelopeFrames > 0 ? (sum / this.voicedEnvelopeFrames) * DB_PER_NEPER : -200,
      ),
      formantsHz: this.formantMedians(),
      melLtasDb: logMelSpectrum(ltasPower),
      melBandCentresHz: melBandCentresHz(),
    };
  }

  private f0Statistics(): F0Statistics | null {
    const histogram = this.f0Histogram;
    if (histogram.count === 0) return null;
    const medianHz = histogram.percentile(0.5);
    return {
      medianHz,
      p5Hz: histogram.percentile(0.05),
      p95Hz: histogram.percentile(0.95),
      logMedian: Math.log(medianHz),
      logSpread: Math.max(
        0.01,
        (Math.log(histogram.percentile(0.84)) - Math.log(histogram.percentile(0.16))) / 2,
      ),
    };
  }

  private formantMedians(): SpeechProfile['formantsHz'] {
    const [first, second, third] = this.formantHistograms as [
      LogFrequencyHistogram,
      LogFrequencyHistogram,
      LogFrequencyHistogram,
    ];
    if (first.count < FORMANT_MIN_FRAMES) return null;
    return {
      f1: first.percentile(0.5),
      f2: second.percentile(0.5),
      f3: third.percentile(0.5),
      frames: first.count,
    };
  }
}
