import { describe, expect, it } from 'vitest';
import { PulseVocoderSynthesizer, type SynthesisFrame } from './pulseVocoderSynthesizer';
import { StreamingVoiceAnalyzer, type AnalysisFrame } from './streamingVoiceAnalyzer';
import { binFrequencyHz, FRAME_HOP, SPECTRUM_BINS, VOICE_SAMPLE_RATE } from './voiceFrameGeometry';

function synthesise(
  frameFor: (index: number) => SynthesisFrame,
  samples: number,
  pushEvery: number,
): Float32Array {
  const synthesizer = new PulseVocoderSynthesizer();
  const frames = Math.floor(samples / FRAME_HOP) + 2;
  const parts: Float32Array[] = [];
  for (let index = 0; index < frames; index++) {
    synthesizer.pushFrame(frameFor(index));
    if (index % pushEvery === 0) parts.push(synthesizer.takeOutput());
  }
  parts.push(synthesizer.finish(samples));
  const out = new Float32Array(samples);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  expect(offset).toBe(samples);
  return out;
}

const flatEnvelope = (power: number) => new Float64Array(SPECTRUM_BINS).fill(Math.log(power));
/** −12 dB/octave above 300 Hz, like a voice (a flat one would be a click train, not speech). */
const voiceLikeEnvelope = () =>
  Float64Array.from(
    { length: SPECTRUM_BINS },
    (_, bin) => Math.log(1e-3) - 2 * Math.log(1 + binFrequencyHz(bin) / 300),
  );

function meanSquare(samples: Float32Array): number {
  let sum = 0;
  for (let index = 2000; index < samples.length - 2000; index++) sum += samples[index]! ** 2;
  return sum / (samples.length - 4000);
}

describe('pulse vocoder synthesis', () => {
  it('produces the requested F0 (measured back by the pitch tracker)', () => {
    const frame: SynthesisFrame = {
      f0Hz: 173,
      logEnvelope: voiceLikeEnvelope(),
      aperiodicity: new Float64Array(SPECTRUM_BINS).fill(0.001),
    };
    const out = synthesise(() => frame, VOICE_SAMPLE_RATE, 10);
    const analysed: AnalysisFrame[] = [];
    const analyzer = new StreamingVoiceAnalyzer({ aperiodicity: false }, (result) => analysed.push(result));
    analyzer.push(out);
    analyzer.finish();
    const voiced = analysed.slice(20, -20).filter((result) => result.f0Hz > 0);
    expect(voiced.length).toBeGreaterThan(analysed.length - 50);
    for (const result of voiced) expect(Math.abs(result.f0Hz / 173 - 1)).toBeLessThan(0.005);
  });

  it('is level-calibrated: pulses and noise both give mean power = the envelope (±1 dB)', () => {
    const power = 2e-3;
    for (const f0Hz of [0, 120, 240]) {
      const frame: SynthesisFrame = {
        f0Hz,
        logEnvelope: flatEnvelope(power),
        aperiodicity: new Float64Array(SPECTRUM_BINS).fill(f0Hz > 0 ? 0.2 : 1),
      };
      const out = synthesise(() => frame, VOICE_SAMPLE_RATE, 7);
      expect(Math.abs(10 * Math.log10(meanSquare(out) / power))).toBeLessThan(1);
    }
  });

  it('gives identical output however the frames are fed (no block joins)', () => {
    let seed = 1;
    const frames = Array.from({ length: 500 }, (_, index) => {
      seed = (seed * 16807) % 2147483647;
      return {
        f0Hz: index % 90 < 60 ? 110 + 40 * Math.sin(index / 30) : 0,
        logEnvelope: flatEnvelope(1e-3 * (1 + 0.5 * Math.sin(index / 13))),
        aperiodicity: new Float64Array(SPECTRUM_BINS).fill(0.05 + 0.1 * (seed / 2147483647)),
      };
    });
    const samples = (frames.length - 2) * FRAME_HOP;
    const eager = synthesise((index) => frames[index]!, samples, 1);
    const lazy = synthesise((index) => frames[index]!, samples, 1000);
    expect(Array.from(lazy)).toEqual(Array.from(eager));
  });
});
