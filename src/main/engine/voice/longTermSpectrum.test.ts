import { describe, expect, it } from 'vitest';
import {
  LevelGatedAverage,
  logMelSpectrum,
  LongTermSpectrumAccumulator,
  longTermSpectralDistanceDb,
  melBandCentresHz,
  MEL_BAND_COUNT,
} from './longTermSpectrum';
import { VOICE_SAMPLE_RATE } from './voiceFrameGeometry';

function noise(seconds: number, seed: number, amplitude = 0.3): Float32Array {
  let state = seed;
  return Float32Array.from({ length: Math.round(seconds * VOICE_SAMPLE_RATE) }, () => {
    state = (state * 16807) % 2147483647;
    return amplitude * (state / 2147483647 - 0.5);
  });
}

function ltasOf(samples: Float32Array): number[] {
  const accumulator = new LongTermSpectrumAccumulator();
  accumulator.push(samples);
  return logMelSpectrum(accumulator.result()!);
}

describe('long-term spectrum', () => {
  it('has 40 mel bands between 80 Hz and 7.6 kHz', () => {
    const centres = melBandCentresHz();
    expect(centres).toHaveLength(MEL_BAND_COUNT);
    expect(centres[0]).toBeGreaterThan(80);
    expect(centres.at(-1)).toBeLessThan(7600);
  });

  it('measures white noise as flat power per bin: σ²', () => {
    const accumulator = new LongTermSpectrumAccumulator();
    accumulator.push(noise(2, 5));
    const power = accumulator.result()!;
    const inner = Array.from(power.subarray(20, 480));
    const meanDb = 10 * Math.log10(inner.reduce((sum, value) => sum + value, 0) / inner.length);
    expect(meanDb).toBeCloseTo(10 * Math.log10(0.09 / 12), 0);
  });

  it('distance: zero for the same shape at any level, positive for a different shape', () => {
    const white = ltasOf(noise(2, 5));
    const louder = ltasOf(noise(2, 9, 0.9));
    expect(longTermSpectralDistanceDb(white, louder)).toBeLessThan(0.5);
    // A first-difference filter tilts the spectrum upwards by ~6 dB/octave.
    const source = noise(2, 5);
    const tilted = source.map((value, index) => value - (index > 0 ? source[index - 1]! : 0));
    expect(longTermSpectralDistanceDb(white, ltasOf(tilted))).toBeGreaterThan(5);
  });

  it('leaves quiet frames (more than 40 dB down) out of the average', () => {
    const gated = new LevelGatedAverage(2);
    for (let frame = 0; frame < 100; frame++) gated.add(-20, [1, 2]);
    for (let frame = 0; frame < 100; frame++) gated.add(-75, [100, 100]);
    expect(Array.from(gated.average()!.mean)).toEqual([1, 2]);
    expect(gated.average()!.frames).toBe(100);
  });
});
