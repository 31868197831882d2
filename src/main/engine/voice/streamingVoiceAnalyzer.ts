// Streaming analysis of speech into 5 ms frames: F0 + voicing (pYIN-style), spectral envelope and,
// when asked, aperiodicity. Samples go in as they are decoded; frames come out in order, about
// 0.2 s behind (the pitch tracker's decision lag). Memory is constant in the input length.
import { HalfRateDecimator } from './halfRateDecimator';
import { DcBlocker } from './outputConditioning';
import { PitchTrackDecoder, type PitchDecision } from './pitchTrackDecoder';
import { SampleHistory } from './sampleHistory';
import { SpectralEnvelopeAnalyzer } from './spectralEnvelope';
import { FRAME_HOP, MAX_F0_HZ, MIN_F0_HZ, SPECTRUM_BINS, VOICE_SAMPLE_RATE } from './voiceFrameGeometry';
import { YinPitchAnalyzer } from './yinPitchCandidates';

/** The frame hop at the pitch tracker's half rate. */
const PITCH_HOP = FRAME_HOP / 2;

export interface AnalysisFrame {
  index: number;
  /** 0 when unvoiced. */
  f0Hz: number;
  voicedProbability: number;
  /** Level of the frame in dBFS (mean square over ~23 ms). */
  levelDb: number;
  /**
   * Natural log of the power envelope on SPECTRUM_BINS bins (mean over bins ≈ signal variance);
   * null on the frames an `envelopeEvery` > 1 analyser skips.
   */
  logEnvelope: Float64Array | null;
  /** Noise share of the power per bin; all ones for unvoiced frames; null when not requested. */
  aperiodicity: Float64Array | null;
}

export interface StreamingVoiceAnalyzerOptions {
  aperiodicity: boolean;
  /** Envelope on every n-th frame only (statistics over a long input need no more); default 1. */
  envelopeEvery?: number;
}

/** Frames for `sampleCount` samples: one every FRAME_HOP, past the last sample so synthesis can interpolate. */
export function frameCountFor(sampleCount: number): number {
  return Math.floor(sampleCount / FRAME_HOP) + 2;
}

export class StreamingVoiceAnalyzer {
  private readonly history = new SampleHistory();
  /** The same signal at half the rate, for the pitch tracker (see HalfRateDecimator). */
  private readonly pitchHistory = new SampleHistory();
  private readonly decimator = new HalfRateDecimator();
  private readonly dcBlocker = new DcBlocker();
  private readonly pitch = new YinPitchAnalyzer(VOICE_SAMPLE_RATE / 2, MIN_F0_HZ, MAX_F0_HZ);
  private readonly tracker = new PitchTrackDecoder(MIN_F0_HZ, MAX_F0_HZ);
  private readonly envelope = new SpectralEnvelopeAnalyzer(VOICE_SAMPLE_RATE, MIN_F0_HZ);
  private readonly pitchSegment: Float64Array;
  private readonly reader = (start: number, out: Float64Array) => this.history.read(start, out);
  private nextPitchFrame = 0;
  private nextEnvelopeFrame = 0;
  private filtered = new Float64Array(0);

  constructor(
    private readonly options: StreamingVoiceAnalyzerOptions,
    private readonly onFrame: (frame: AnalysisFrame) => void,
  ) {
    this.pitchSegment = new Float64Array(this.pitch.span);
  }

  /** Samples decoded so far (at VOICE_SAMPLE_RATE). */
  get sampleCount(): number {
    return this.history.end;
  }

  push(samples: Float32Array): void {
    if (this.filtered.length < samples.length) this.filtered = new Float64Array(samples.length);
    const filtered = this.filtered.subarray(0, samples.length);
    this.dcBlocker.process(samples, filtered);
    this.history.append(filtered);
    this.pitchHistory.append(this.decimator.push(filtered));
    const ahead = this.pitch.span - this.pitch.leadIn;
    while (this.nextPitchFrame * PITCH_HOP + ahead <= this.pitchHistory.end) this.analysePitchFrame();
    this.discardOldSamples();
  }

  /** Flushes every remaining frame (the stream is over). */
  finish(): void {
    this.history.finish();
    this.pitchHistory.append(this.decimator.finish());
    this.pitchHistory.finish();
    const total = frameCountFor(this.history.end);
    while (this.nextPitchFrame < total) this.analysePitchFrame();
    for (const decision of this.tracker.finish()) this.emit(decision);
  }

  private analysePitchFrame(): void {
    const start = this.nextPitchFrame * PITCH_HOP - this.pitch.leadIn;
    this.pitchHistory.read(start, this.pitchSegment);
    this.nextPitchFrame++;
    for (const decision of this.tracker.push(this.pitch.analyse(this.pitchSegment))) this.emit(decision);
  }

  private emit(decision: PitchDecision): void {
    const centre = decision.frameIndex * FRAME_HOP;
    let logEnvelope: Float64Array | null = null;
    if (decision.frameIndex % (this.options.envelopeEvery ?? 1) === 0) {
      logEnvelope = new Float64Array(SPECTRUM_BINS);
      this.envelope.envelope(this.reader, centre, decision.f0Hz, logEnvelope);
    }
    let aperiodicity: Float64Array | null = null;
    if (this.options.aperiodicity) {
      aperiodicity = new Float64Array(SPECTRUM_BINS);
      if (decision.f0Hz > 0) this.envelope.aperiodicity(this.reader, centre, decision.f0Hz, aperiodicity);
      else aperiodicity.fill(1);
    }
    this.nextEnvelopeFrame = decision.frameIndex + 1;
    this.onFrame({
      index: decision.frameIndex,
      f0Hz: decision.f0Hz,
      voicedProbability: decision.voicedProbability,
      levelDb: decision.levelDb,
      logEnvelope,
      aperiodicity,
    });
  }

  private discardOldSamples(): void {
    const neededByEnvelope = this.nextEnvelopeFrame * FRAME_HOP - this.envelope.reach - FRAME_HOP;
    this.history.discardBefore(neededByEnvelope);
    this.pitchHistory.discardBefore(this.nextPitchFrame * PITCH_HOP - this.pitch.span);
  }
}
