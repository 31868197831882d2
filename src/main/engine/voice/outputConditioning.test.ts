import { describe, expect, it } from 'vitest';
import { DcBlocker, LIMITER_CEILING, LookAheadLimiter } from './outputConditioning';
import { VOICE_SAMPLE_RATE } from './voiceFrameGeometry';

function limitAll(input: Float32Array, chunk: number): Float32Array {
  const limiter = new LookAheadLimiter();
  const parts: Float32Array[] = [];
  for (let offset = 0; offset < input.length; offset += chunk)
    parts.push(limiter.process(input.subarray(offset, offset + chunk)));
  parts.push(limiter.flush());
  const out = new Float32Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

describe('look-ahead limiter', () => {
  it('keeps every sample under −1 dBFS, returns as many samples as it got, and ramps smoothly', () => {
    const input = Float32Array.from({ length: VOICE_SAMPLE_RATE }, (_, index) => {
      const burst = index > 8000 && index < 9000 ? 3 : 0.3;
      return burst * Math.sin((2 * Math.PI * 200 * index) / VOICE_SAMPLE_RATE);
    });
    const out = limitAll(input, 1000);
    expect(out.length).toBe(input.length);
    expect(Math.max(...out.map(Math.abs))).toBeLessThanOrEqual(LIMITER_CEILING + 1e-6);
    // On a constant level with a loud step the gain (out/in) is visible at every sample: it ramps
    // down over the 5 ms look-ahead (≤ 1% per sample), never as a step.
    const steps = Float32Array.from({ length: 6000 }, (_, index) =>
      index >= 3000 && index < 4000 ? 3 : 0.3,
    );
    const limited = limitAll(steps, 512);
    let largestChange = 0;
    for (let index = 1; index < steps.length; index++) {
      const change = Math.abs(limited[index]! / steps[index]! - limited[index - 1]! / steps[index - 1]!);
      largestChange = Math.max(largestChange, change);
    }
    expect(largestChange).toBeLessThan(0.01);
    expect(limited[3500]! / steps[3500]!).toBeCloseTo(LIMITER_CEILING / 3, 6);
  });

  it('passes quiet signals through untouched, whatever the chunking', () => {
    const input = Float32Array.from({ length: 5000 }, (_, index) => 0.5 * Math.sin(index / 7));
    for (const chunk of [1, 37, 5000]) {
      const out = limitAll(input, chunk);
      for (let index = 0; index < input.length; index++) expect(out[index]).toBeCloseTo(input[index]!, 6);
    }
  });
});

describe('DC blocker', () => {
  it('removes a constant offset within a fraction of a second', () => {
    const input = new Float32Array(VOICE_SAMPLE_RATE).fill(0.4);
    const out = new Float32Array(input.length);
    new DcBlocker().process(input, out);
    expect(Math.abs(out[out.length - 1]!)).toBeLessThan(0.001);
  });
});
