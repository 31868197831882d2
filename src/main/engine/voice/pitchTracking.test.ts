// The F0 tracker (YIN candidates + HMM decoding) on signals whose pitch is known exactly.
import { describe, expect, it } from 'vitest';
import { StreamingVoiceAnalyzer, type AnalysisFrame } from './streamingVoiceAnalyzer';
import { FRAME_HOP, VOICE_SAMPLE_RATE } from './voiceFrameGeometry';

function analyse(samples: Float32Array, chunk = 4000): AnalysisFrame[] {
  const frames: AnalysisFrame[] = [];
  const analyzer = new StreamingVoiceAnalyzer({ aperiodicity: false }, (frame) => frames.push(frame));
  for (let offset = 0; offset < samples.length; offset += chunk)
    analyzer.push(samples.subarray(offset, offset + chunk));
  analyzer.finish();
  return frames;
}

/** A harmonic "voice" whose F0 glides from `from` to `to` Hz (log-linear), with a formant-ish tilt. */
function glide(
  from: number,
  to: number,
  seconds: number,
): { samples: Float32Array; f0At: (t: number) => number } {
  const count = Math.round(seconds * VOICE_SAMPLE_RATE);
  const samples = new Float32Array(count);
  const f0At = (t: number) => from * (to / from) ** (t / seconds);
  let phase = 0;
  for (let index = 0; index < count; index++) {
    const t = index / VOICE_SAMPLE_RATE;
    phase += (2 * Math.PI * f0At(t)) / VOICE_SAMPLE_RATE;
    let value = 0;
    for (let harmonic = 1; harmonic <= 12; harmonic++) value += Math.sin(harmonic * phase) / harmonic;
    samples[index] = 0.2 * value;
  }
  return { samples, f0At };
}

describe('pitch tracking', () => {
  it('follows a gliding voice within 1% and calls it voiced', () => {
    const { samples, f0At } = glide(110, 220, 2);
    const frames = analyse(samples);
    expect(frames.length).toBe(Math.floor(samples.length / FRAME_HOP) + 2);
    const inner = frames.filter((frame) => frame.index > 20 && frame.index < frames.length - 25);
    const voiced = inner.filter((frame) => frame.f0Hz > 0);
    expect(voiced.length / inner.length).toBeGreaterThan(0.97);
    for (const frame of voiced) {
      const expected = f0At((frame.index * FRAME_HOP) / VOICE_SAMPLE_RATE);
      expect(Math.abs(frame.f0Hz / expected - 1)).toBeLessThan(0.01);
    }
  });

  it('calls silence, white noise and 60 Hz mains hum unvoiced', () => {
    let seed = 7;
    const noise = Float32Array.from({ length: VOICE_SAMPLE_RATE }, () => {
      seed = (seed * 16807) % 2147483647;
      return 0.3 * (seed / 2147483647 - 0.5);
    });
    const hum = Float32Array.from(
      { length: VOICE_SAMPLE_RATE },
      (_, index) => 0.05 * Math.sin((2 * Math.PI * 60 * index) / VOICE_SAMPLE_RATE),
    );
    for (const signal of [new Float32Array(VOICE_SAMPLE_RATE), noise, hum]) {
      const frames = analyse(signal);
      const voiced = frames.filter((frame) => frame.f0Hz > 0).length;
      expect(voiced / frames.length).toBeLessThan(0.05);
    }
  });

  it('gives the same frames whatever the chunk size (streaming has no block joins)', () => {
    const { samples } = glide(150, 190, 1.5);
    const whole = analyse(samples, samples.length);
    const small = analyse(samples, 333);
    expect(small.length).toBe(whole.length);
    for (let index = 0; index < whole.length; index++) {
      expect(small[index]!.f0Hz).toBe(whole[index]!.f0Hz);
      expect(small[index]!.logEnvelope).toEqual(whole[index]!.logEnvelope);
    }
  });
});
