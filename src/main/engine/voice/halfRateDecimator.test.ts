import { describe, expect, it } from 'vitest';
import { HalfRateDecimator } from './halfRateDecimator';

function decimate(input: Float64Array, chunk: number): number[] {
  const decimator = new HalfRateDecimator();
  const out: number[] = [];
  for (let offset = 0; offset < input.length; offset += chunk)
    out.push(...decimator.push(input.subarray(offset, offset + chunk)));
  out.push(...decimator.finish());
  return out;
}

describe('HalfRateDecimator', () => {
  it('keeps speech-band tones in phase, removes what would alias, and ignores chunking', () => {
    const rate = 22050;
    const input = Float64Array.from(
      { length: rate },
      (_, index) =>
        Math.sin((2 * Math.PI * 300 * index) / rate) + 0.5 * Math.sin((2 * Math.PI * 8000 * index) / rate),
    );
    const whole = decimate(input, input.length);
    expect(whole).toHaveLength(Math.ceil(input.length / 2));
    for (let output = 40; output < whole.length - 40; output++) {
      expect(whole[output]).toBeCloseTo(Math.sin((2 * Math.PI * 300 * 2 * output) / rate), 3);
    }
    expect(decimate(input, 7)).toEqual(whole);
    expect(decimate(input.subarray(0, 11), 3)).toHaveLength(6);
  });
});
