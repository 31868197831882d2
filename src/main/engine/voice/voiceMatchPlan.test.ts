import { describe, expect, it } from 'vitest';
import type { SpeechProfile } from './speechProfile';
import { binFrequencyHz, SPECTRUM_BINS } from './voiceFrameGeometry';
import {
  calibrateEqualizer,
  estimateWarpFactor,
  extendEnvelope,
  mapF0,
  MAX_WARP_FACTOR,
  planVoiceMatch,
} from './voiceMatchPlan';

function profile(overrides: Partial<SpeechProfile>): SpeechProfile {
  const flat = Array.from({ length: SPECTRUM_BINS }, (_, bin) => -20 - binFrequencyHz(bin) / 500);
  return {
    version: 1,
    sampleRate: 22050,
    durationSeconds: 10,
    speechSeconds: 9,
    voicedSeconds: 5,
    peakDbfs: -3,
    f0: { medianHz: 120, p5Hz: 90, p95Hz: 160, logMedian: Math.log(120), logSpread: 0.15 },
    ltasPowerDb: flat,
    envelopePowerDb: flat,
    voicedEnvelopeDb: flat,
    formantsHz: { f1: 500, f2: 1500, f3: 2500, frames: 100 },
    melLtasDb: [],
    melBandCentresHz: [],
    ...overrides,
  };
}

describe('voice match plan', () => {
  it('maps F0 so the source median lands exactly on the target median, keeping the order', () => {
    const source = profile({});
    const target = profile({
      f0: { medianHz: 220, p5Hz: 170, p95Hz: 300, logMedian: Math.log(220), logSpread: 0.2 },
    });
    const plan = planVoiceMatch(source, target);
    expect(mapF0(120, plan.f0)).toBeCloseTo(220, 6);
    expect(mapF0(100, plan.f0)).toBeLessThan(mapF0(140, plan.f0));
    expect(plan.f0?.spreadRatio).toBeCloseTo(0.2 / 0.15, 6);
    expect(mapF0(0, plan.f0)).toBe(0);
  });

  it('warps formants by the median F2/F3 ratio, within bounds', () => {
    const male = profile({});
    const female = profile({ formantsHz: { f1: 600, f2: 1800, f3: 3000, frames: 100 } });
    expect(estimateWarpFactor(male, female)).toBeCloseTo(1.2, 6);
    expect(estimateWarpFactor(female, male)).toBeCloseTo(1 / 1.2, 6);
    const giant = profile({ formantsHz: { f1: 900, f2: 3000, f3: 5000, frames: 100 } });
    expect(estimateWarpFactor(male, giant)).toBe(MAX_WARP_FACTOR);
    expect(estimateWarpFactor(profile({ formantsHz: null }), female)).toBe(1);
  });

  it('extends a band-limited envelope by its own slope, never upwards', () => {
    const rising = Float64Array.from({ length: SPECTRUM_BINS }, (_, bin) => bin / 100);
    extendEnvelope(rising, 200);
    expect(rising[400]).toBeCloseTo(rising[200]!, 9);
    const falling = Float64Array.from({ length: SPECTRUM_BINS }, (_, bin) => -bin / 50);
    const before = falling[200]!;
    extendEnvelope(falling, 200);
    expect(falling[400]).toBeLessThan(before);
    expect(falling[400]).toBeGreaterThanOrEqual(before - ((18 * Math.LN10) / 10) * 1.0001);
  });

  it('extends only when the target reaches much higher than the source', () => {
    const full = profile({});
    const narrow = profile({
      ltasPowerDb: Array.from({ length: SPECTRUM_BINS }, (_, bin) =>
        binFrequencyHz(bin) < 4000 ? -20 : -120,
      ),
    });
    expect(planVoiceMatch(narrow, full).extendAboveHz).toBeGreaterThan(3500);
    expect(planVoiceMatch(full, narrow).extendAboveHz).toBeNull();
  });

  it('calibration moves the measured spectrum to the target and keeps the loudness', () => {
    const source = profile({});
    const target = profile({
      ltasPowerDb: Array.from({ length: SPECTRUM_BINS }, (_, bin) => -20 - binFrequencyHz(bin) / 250),
    });
    const plan = planVoiceMatch(source, source);
    const measured = source.ltasPowerDb;
    const calibrated = calibrateEqualizer(plan, measured, source, target);
    // At 3 kHz the target is 6 dB below the source's shape; the EQ change follows (after the loudness offset).
    const change = (hz: number) =>
      calibrated.equalizerDb[Math.round(hz / binFrequencyHz(1))]! -
      plan.equalizerDb[Math.round(hz / binFrequencyHz(1))]!;
    expect(change(500) - change(3500)).toBeCloseTo(6, 0);
    let before = 0;
    let after = 0;
    for (let bin = 0; bin < SPECTRUM_BINS; bin++) {
      before += 10 ** (measured[bin]! / 10);
      after += 10 ** ((measured[bin]! + calibrated.equalizerDb[bin]! - plan.equalizerDb[bin]!) / 10);
    }
    expect(10 * Math.log10(after / before)).toBeCloseTo(0, 3);
  });
});
