// How to move one speaker's speech towards another's, from the two speech profiles:
// 1. F0: log-F0 median/spread mapping, ln f' = ln m_t + (s_t/s_s)(ln f − ln m_s). Monotone, so
//    the output's median F0 is the target's median by construction, and intonation keeps its shape.
// 2. Formants: one frequency-warp factor α (output formant = α × input formant) from the ratios of
//    the median F2 and F3 (vocal-tract length normalisation after Eide & Gish 1996). We tried
//    fitting α to the average envelopes instead; with 10 s of speech that fit chased recording
//    channel and loudness (JFK shouting raises F1) and landed on the search bounds.
// 3. Bandwidth: a source recorded band-limited (an old recording, a phone, 8 kHz audio) has no
//    spectrum above its roll-off to move anywhere; each frame's envelope is extended above it by
//    its own slope (clamped), so the equaliser has something to shape into the target's top end.
// 4. Long-term spectrum: a smooth equaliser (48 mel bands) from the warped source's predicted
//    average spectrum to the target's LTAS, keeping the input's loudness; then corrected once from
//    the LTAS actually measured on a rendered excerpt (calibrateEqualizer), which removes whatever
//    the prediction misses (the new F0's harmonics, the extension, the vocoder itself).
import { binFrequencyHz, SPECTRUM_BINS } from './voiceFrameGeometry';
import type { SpeechProfile } from './speechProfile';

export interface F0Mapping {
  sourceLogMedian: number;
  targetLogMedian: number;
  spreadRatio: number;
}

export interface VoiceMatchPlan {
  /** Null when either side has no voiced speech: F0 is left alone. */
  f0: F0Mapping | null;
  warpFactor: number;
  /** Gain per bin (dB) applied after warping. */
  equalizerDb: Float64Array;
  /** Source frequencies above this are extrapolated from below (null: the source is full band). */
  extendAboveHz: number | null;
}

export const MIN_WARP_FACTOR = 0.8;
export const MAX_WARP_FACTOR = 1.25;
const PREDICTED_LIMIT_DB = 15;
const CALIBRATED_LIMIT_DB = 24;
const EQUALIZER_BANDS = 48;
const EQUALIZER_LOW_HZ = 60;
const NYQUIST_HZ = binFrequencyHz(SPECTRUM_BINS - 1);
/** Bands more than this far below a spectrum's peak count as "no content" (band-limited audio). */
const CONTENT_RANGE_DB = 55;
/** Extend only when the target reaches clearly higher than the source. */
const EXTENSION_MARGIN = 1.15;
const EXTENSION_SLOPE_RANGE_DB_PER_OCTAVE = [-18, 0] as const;

/** Highest frequency (Hz) where the LTAS is within CONTENT_RANGE_DB of its peak. */
export function contentBandwidthHz(ltasPowerDb: readonly number[]): number {
  const peak = Math.max(...ltasPowerDb);
  for (let bin = ltasPowerDb.length - 1; bin > 0; bin--) {
    if (ltasPowerDb[bin]! > peak - CONTENT_RANGE_DB) return binFrequencyHz(bin);
  }
  return 0;
}

/** Value of a curve at a fractional index (clamped at both ends). */
export function sampleCurve(curve: ArrayLike<number>, position: number): number {
  if (position <= 0) return curve[0]!;
  const last = curve.length - 1;
  if (position >= last) return curve[last]!;
  const index = Math.floor(position);
  const fraction = position - index;
  return curve[index]! * (1 - fraction) + curve[index + 1]! * fraction;
}

const hzToMel = (hz: number) => 2595 * Math.log10(1 + hz / 700);
const melToHz = (mel: number) => 700 * (10 ** (mel / 2595) - 1);
const binOfHz = (hz: number) => hz / binFrequencyHz(1);

/** ln α = mean of ln(F2_t/F2_s) and ln(F3_t/F3_s); 1 when either side has too few clear vowels. */
export function estimateWarpFactor(source: SpeechProfile, target: SpeechProfile): number {
  if (!source.formantsHz || !target.formantsHz) return 1;
  const logRatio =
    0.5 * Math.log(target.formantsHz.f2 / source.formantsHz.f2) +
    0.5 * Math.log(target.formantsHz.f3 / source.formantsHz.f3);
  return Math.min(MAX_WARP_FACTOR, Math.max(MIN_WARP_FACTOR, Math.exp(logRatio)));
}

/**
 * Replaces a log envelope above `aboveBin` by a straight line in dB per octave continuing the
 * octave below it (slope clamped to −18 … 0 dB/octave, so nothing is invented louder than what
 * is there). In place; natural-log units.
 */
export function extendEnvelope(logEnvelope: Float64Array, aboveBin: number): void {
  const edge = Math.floor(aboveBin);
  if (edge < 4 || edge >= logEnvelope.length - 1) return;
  const nepersPerDb = Math.LN10 / 10;
  const slopeDb = (logEnvelope[edge]! - sampleCurve(logEnvelope, edge / 2)) / nepersPerDb;
  const [lowest, highest] = EXTENSION_SLOPE_RANGE_DB_PER_OCTAVE;
  const slope = Math.min(highest, Math.max(lowest, slopeDb)) * nepersPerDb;
  const base = logEnvelope[edge]!;
  for (let bin = edge + 1; bin < logEnvelope.length; bin++)
    logEnvelope[bin] = base + slope * Math.log2(bin / edge);
}

function mappingFor(source: SpeechProfile, target: SpeechProfile): F0Mapping | null {
  if (!source.f0 || !target.f0) return null;
  return {
    sourceLogMedian: source.f0.logMedian,
    targetLogMedian: target.f0.logMedian,
    spreadRatio: Math.min(2, Math.max(0.5, target.f0.logSpread / source.f0.logSpread)),
  };
}

interface EqualizerBands {
  centresHz: number[];
  edgesHz: number[];
}

function equalizerBands(): EqualizerBands {
  const lowMel = hzToMel(EQUALIZER_LOW_HZ);
  const highMel = hzToMel(NYQUIST_HZ);
  const centresHz = Array.from({ length: EQUALIZER_BANDS }, (_, index) =>
    melToHz(lowMel + ((highMel - lowMel) * (index + 1)) / (EQUALIZER_BANDS + 1)),
  );
  return { centresHz, edgesHz: [EQUALIZER_LOW_HZ, ...centresHz, NYQUIST_HZ] };
}

const BANDS = equalizerBands();

/** 10·log10(Σ w·numerator / Σ w·denominator) per triangular mel band (linear power inputs). */
function bandRatiosDb(numerator: ArrayLike<number>, denominator: ArrayLike<number>): number[] {
  return BANDS.centresHz.map((centre, band) => {
    const [left, right] = [BANDS.edgesHz[band]!, BANDS.edgesHz[band + 2]!];
    let top = 0;
    let bottom = 0;
    for (let bin = 0; bin < SPECTRUM_BINS; bin++) {
      const hz = binFrequencyHz(bin);
      if (hz <= left || hz >= right) continue;
      const weight = hz <= centre ? (hz - left) / (centre - left) : (right - hz) / (right - centre);
      top += weight * numerator[bin]!;
      bottom += weight * denominator[bin]!;
    }
    return 10 * Math.log10((top + 1e-20) / (bottom + 1e-20));
  });
}

/** Smooths band gains (1-2-1 across bands) and spreads them over the 513 bins (linear in mel). */
function bandGainsToCurve(gains: number[]): Float64Array {
  const smoothed = gains.map((gain, band) => {
    const left = gains[Math.max(0, band - 1)]!;
    const right = gains[Math.min(gains.length - 1, band + 1)]!;
    return 0.25 * left + 0.5 * gain + 0.25 * right;
  });
  const lowMel = hzToMel(EQUALIZER_LOW_HZ);
  const highMel = hzToMel(NYQUIST_HZ);
  const curve = new Float64Array(SPECTRUM_BINS);
  for (let bin = 0; bin < SPECTRUM_BINS; bin++) {
    const mel = hzToMel(Math.max(binFrequencyHz(bin), EQUALIZER_LOW_HZ));
    curve[bin] = sampleCurve(smoothed, ((mel - lowMel) / (highMel - lowMel)) * (EQUALIZER_BANDS + 1) - 1);
  }
  return curve;
}

const dbToPower = (db: number) => 10 ** (db / 10);

/** Band gains limited to ±limit, and never boosting above `boostTopHz` (no content to boost). */
function limitGains(gains: number[], limit: number, boostTopHz: number): number[] {
  return gains.map((gain, band) => {
    const clamped = Math.max(-limit, Math.min(limit, gain));
    return BANDS.centresHz[band]! > boostTopHz ? Math.min(0, clamped) : clamped;
  });
}

/** Offset (dB) that makes Σ power·10^(curve/10) equal Σ reference power. */
function loudnessOffsetDb(
  power: ArrayLike<number>,
  curve: Float64Array,
  referencePower: ArrayLike<number>,
): number {
  let before = 0;
  let after = 0;
  for (let bin = 0; bin < SPECTRUM_BINS; bin++) {
    before += referencePower[bin]!;
    after += power[bin]! * dbToPower(curve[bin]!);
  }
  return 10 * Math.log10((before + 1e-20) / (after + 1e-20));
}

function boostTopHz(
  plan: Pick<VoiceMatchPlan, 'warpFactor' | 'extendAboveHz'>,
  source: SpeechProfile,
): number {
  return plan.extendAboveHz !== null ? NYQUIST_HZ : contentBandwidthHz(source.ltasPowerDb) * plan.warpFactor;
}

export function planVoiceMatch(source: SpeechProfile, target: SpeechProfile): VoiceMatchPlan {
  const warpFactor = estimateWarpFactor(source, target);
  const sourceTop = contentBandwidthHz(source.ltasPowerDb);
  const targetTop = contentBandwidthHz(target.ltasPowerDb) / warpFactor;
  const extendAboveHz = targetTop > sourceTop * EXTENSION_MARGIN ? sourceTop : null;
  // Predicted output: the source's average envelope, extended and warped.
  const average = Float64Array.from(source.envelopePowerDb, (db) => (db * Math.LN10) / 10);
  if (extendAboveHz !== null) extendEnvelope(average, binOfHz(extendAboveHz));
  const predicted = new Float64Array(SPECTRUM_BINS);
  for (let bin = 0; bin < SPECTRUM_BINS; bin++)
    predicted[bin] = Math.exp(sampleCurve(average, bin / warpFactor));
  const targetPower = target.ltasPowerDb.map(dbToPower);
  const partial = { warpFactor, extendAboveHz };
  const gains = limitGains(
    bandRatiosDb(targetPower, predicted),
    PREDICTED_LIMIT_DB,
    boostTopHz(partial, source),
  );
  const equalizerDb = bandGainsToCurve(gains);
  const sourcePower = source.envelopePowerDb.map(dbToPower);
  const offset = loudnessOffsetDb(predicted, equalizerDb, sourcePower);
  for (let bin = 0; bin < SPECTRUM_BINS; bin++) equalizerDb[bin]! += offset;
  return { f0: mappingFor(source, target), warpFactor, equalizerDb, extendAboveHz };
}

/**
 * Corrects the plan's equaliser from the LTAS measured on a rendered excerpt: the residual
 * target/measured ratio per band is added, the total stays within ±24 dB (and never boosts where
 * there is nothing to boost), and the output level goes back to the input's.
 */
export function calibrateEqualizer(
  plan: VoiceMatchPlan,
  measuredLtasPowerDb: readonly number[],
  source: SpeechProfile,
  target: SpeechProfile,
): VoiceMatchPlan {
  const measured = measuredLtasPowerDb.map(dbToPower);
  const residual = bandGainsToCurve(bandRatiosDb(target.ltasPowerDb.map(dbToPower), measured));
  const top = boostTopHz(plan, source);
  const equalizerDb = new Float64Array(SPECTRUM_BINS);
  for (let bin = 0; bin < SPECTRUM_BINS; bin++) {
    let gain = plan.equalizerDb[bin]! + residual[bin]!;
    gain = Math.max(-CALIBRATED_LIMIT_DB, Math.min(CALIBRATED_LIMIT_DB, gain));
    if (binFrequencyHz(bin) > top) gain = Math.min(gain, Math.max(plan.equalizerDb[bin]!, 0));
    equalizerDb[bin] = gain;
  }
  // The measured output already carries the old curve: scale it by the change, match the input.
  const change = Float64Array.from(equalizerDb, (gain, bin) => gain - plan.equalizerDb[bin]!);
  const offset = loudnessOffsetDb(measured, change, source.ltasPowerDb.map(dbToPower));
  for (let bin = 0; bin < SPECTRUM_BINS; bin++) equalizerDb[bin]! += offset;
  return { ...plan, equalizerDb };
}

/** The identity plan: resynthesis only (used to measure what the vocoder alone does). */
export function identityVoiceMatchPlan(): VoiceMatchPlan {
  return { f0: null, warpFactor: 1, equalizerDb: new Float64Array(SPECTRUM_BINS), extendAboveHz: null };
}

export function mapF0(f0Hz: number, mapping: F0Mapping | null): number {
  if (f0Hz <= 0 || !mapping) return f0Hz;
  const logF0 = mapping.targetLogMedian + mapping.spreadRatio * (Math.log(f0Hz) - mapping.sourceLogMedian);
  return Math.exp(logF0);
}
