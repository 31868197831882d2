// From analysed frames to output samples, for one voice match plan: move each frame (F0 mapping,
// bandwidth extension, formant warp, equaliser), put voicing onsets back where they start, run the
// pulse vocoder, remove DC and limit peaks. Fed frame by frame (streaming) or from a cached list;
// either way the output has exactly as many samples as the input had.
import { StudioError } from '../../../shared/errors';
import { DcBlocker, LookAheadLimiter } from './outputConditioning';
import { PulseVocoderSynthesizer, type SynthesisFrame } from './pulseVocoderSynthesizer';
import { binFrequencyHz, SPECTRUM_BINS } from './voiceFrameGeometry';
import { extendEnvelope, mapF0, sampleCurve, type VoiceMatchPlan } from './voiceMatchPlan';
import { VoicingOnsetCompensator } from './voicingOnsetCompensator';

/** The parts of an analysis frame the conversion reads (the cache keeps them as Float32Arrays). */
export interface ConvertibleFrame {
  f0Hz: number;
  logEnvelope: ArrayLike<number>;
  aperiodicity: ArrayLike<number> | null;
}

export type PcmChunkSink = (samples: Float32Array) => Promise<void>;

/**
 * The measured aperiodicity is squared before synthesis (see `debiased`): period-to-period
 * correlation reads every small F0 or amplitude change inside a vowel as "noise", so the raw value
 * makes resynthesis breathy. Squaring keeps pure noise at 1 and clear voicing near 0 and pulls the
 * biased middle down (on the test speech, plain resynthesis then keeps ~98% of the voiced frames).
 */
function debiased(aperiodicity: number): number {
  return aperiodicity * aperiodicity;
}

/** Moves one analysed frame towards the target: F0 mapping, bandwidth extension, formant warp, equaliser. */
export function convertFrame(frame: ConvertibleFrame, plan: VoiceMatchPlan): SynthesisFrame {
  const logEnvelope = new Float64Array(SPECTRUM_BINS);
  const aperiodicity = new Float64Array(SPECTRUM_BINS);
  let sourceEnvelope: ArrayLike<number> = frame.logEnvelope;
  const extensionBin = plan.extendAboveHz === null ? Infinity : plan.extendAboveHz / binFrequencyHz(1);
  if (extensionBin < SPECTRUM_BINS) {
    const extended = Float64Array.from(frame.logEnvelope);
    extendEnvelope(extended, extensionBin);
    sourceEnvelope = extended;
  }
  const source = frame.aperiodicity;
  const nepersPerDb = Math.LN10 / 10;
  for (let bin = 0; bin < SPECTRUM_BINS; bin++) {
    const position = bin / plan.warpFactor;
    logEnvelope[bin] = sampleCurve(sourceEnvelope, position) + plan.equalizerDb[bin]! * nepersPerDb;
    // Above a band-limited source's roll-off there is no periodicity to measure: keep the share
    // measured at the roll-off (at least half noise), as voiced speech is partly harmonic up there.
    const share = source ? debiased(sampleCurve(source, Math.min(position, extensionBin))) : 1;
    aperiodicity[bin] = position > extensionBin ? Math.max(0.5, share) : share;
  }
  return { f0Hz: mapF0(frame.f0Hz, plan.f0), logEnvelope, aperiodicity };
}

export class ConversionRenderer {
  private readonly synthesizer = new PulseVocoderSynthesizer();
  private readonly onsets = new VoicingOnsetCompensator();
  private readonly dcBlocker = new DcBlocker();
  private readonly limiter = new LookAheadLimiter();
  private written = 0;

  constructor(
    private readonly plan: VoiceMatchPlan,
    private readonly sink: PcmChunkSink,
  ) {}

  pushFrame(frame: ConvertibleFrame): void {
    for (const ready of this.onsets.push(convertFrame(frame, this.plan))) this.synthesizer.pushFrame(ready);
  }

  /** Hands every finished sample to the sink. */
  async flushReady(): Promise<void> {
    await this.emit(this.synthesizer.takeOutput());
  }

  /** No more frames: renders exactly `totalSamples` samples in all and returns that count. */
  async finish(totalSamples: number): Promise<number> {
    for (const ready of this.onsets.flush()) this.synthesizer.pushFrame(ready);
    await this.emit(this.synthesizer.finish(totalSamples));
    const tail = this.limiter.flush();
    this.written += tail.length;
    await this.sink(tail);
    if (this.written !== totalSamples) {
      throw new StudioError('INTERNAL', `voice conversion wrote ${this.written} of ${totalSamples} samples`);
    }
    return this.written;
  }

  private async emit(samples: Float32Array): Promise<void> {
    if (samples.length === 0) return;
    this.dcBlocker.process(samples, samples);
    const limited = this.limiter.process(samples);
    this.written += limited.length;
    await this.sink(limited);
  }
}
