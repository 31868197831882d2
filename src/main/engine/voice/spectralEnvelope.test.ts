// Envelope and aperiodicity on synthetic vowels whose formants and periodicity are known.
import { describe, expect, it } from 'vitest';
import { pickFormants } from './formantPeaks';
import { SampleHistory } from './sampleHistory';
import { SpectralEnvelopeAnalyzer } from './spectralEnvelope';
import { binFrequencyHz, SPECTRUM_BINS, VOICE_SAMPLE_RATE } from './voiceFrameGeometry';

const FORMANTS = [
  { hz: 700, bandwidth: 80 },
  { hz: 1200, bandwidth: 90 },
  { hz: 2600, bandwidth: 120 },
];

/** A pulse train at `f0` through three two-pole resonators: a vowel with known formants. */
function vowel(f0: number, seconds = 0.5): Float64Array {
  const count = Math.round(seconds * VOICE_SAMPLE_RATE);
  let signal = new Float64Array(count);
  const period = VOICE_SAMPLE_RATE / f0;
  for (let pulse = 0; pulse < count; pulse += period) signal[Math.round(pulse)] = 1;
  for (const { hz, bandwidth } of FORMANTS) {
    const radius = Math.exp((-Math.PI * bandwidth) / VOICE_SAMPLE_RATE);
    const a1 = 2 * radius * Math.cos((2 * Math.PI * hz) / VOICE_SAMPLE_RATE);
    const a2 = -radius * radius;
    const output = new Float64Array(count);
    for (let index = 0; index < count; index++) {
      output[index] = signal[index]! + a1 * (output[index - 1] ?? 0) + a2 * (output[index - 2] ?? 0);
    }
    signal = output;
  }
  let peak = 0;
  for (const value of signal) peak = Math.max(peak, Math.abs(value));
  return signal.map((value) => (0.5 * value) / peak);
}

function readerFor(signal: Float64Array) {
  const history = new SampleHistory();
  history.append(signal);
  return (start: number, out: Float64Array) => history.read(start, out);
}

function envelopeDb(signal: Float64Array, f0: number): Float64Array {
  const analyzer = new SpectralEnvelopeAnalyzer(VOICE_SAMPLE_RATE, 65);
  const out = new Float64Array(SPECTRUM_BINS);
  analyzer.envelope(readerFor(signal), Math.floor(signal.length / 2), f0, out);
  return out.map((value) => (value * 10) / Math.LN10);
}

describe('spectral envelope', () => {
  it.each([100, 160])('puts its peaks on the formants at F0 %i Hz', (f0) => {
    const formants = pickFormants(envelopeDb(vowel(f0), f0).map((db) => (db * Math.LN10) / 10));
    expect(formants).not.toBeNull();
    expect(Math.abs(formants!.f1Hz / 700 - 1)).toBeLessThan(0.1);
    expect(Math.abs(formants!.f2Hz / 1200 - 1)).toBeLessThan(0.08);
    expect(Math.abs(formants!.f3Hz / 2600 - 1)).toBeLessThan(0.05);
  });

  it('hardly depends on F0: the same vowel at 110 and 190 Hz differs by < 3 dB RMS (300 Hz–4 kHz)', () => {
    const low = envelopeDb(vowel(110), 110);
    const high = envelopeDb(vowel(190), 190);
    const bins = Array.from({ length: SPECTRUM_BINS }, (_, bin) => bin).filter(
      (bin) => binFrequencyHz(bin) >= 300 && binFrequencyHz(bin) <= 4000,
    );
    const offset = bins.reduce((sum, bin) => sum + high[bin]! - low[bin]!, 0) / bins.length;
    const rms = Math.sqrt(
      bins.reduce((sum, bin) => sum + (high[bin]! - low[bin]! - offset) ** 2, 0) / bins.length,
    );
    expect(rms).toBeLessThan(3);
  });

  it('is calibrated: white noise of variance σ² gives σ² on average (±1.5 dB)', () => {
    let seed = 3;
    const noise = Float64Array.from({ length: VOICE_SAMPLE_RATE }, () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647 - 0.5; // variance 1/12
    });
    const analyzer = new SpectralEnvelopeAnalyzer(VOICE_SAMPLE_RATE, 65);
    const out = new Float64Array(SPECTRUM_BINS);
    let sum = 0;
    let count = 0;
    for (let centre = 2000; centre < noise.length - 2000; centre += 500) {
      analyzer.envelope(readerFor(noise), centre, 0, out);
      for (const value of out) sum += Math.exp(value);
      count += out.length;
    }
    expect(Math.abs(10 * Math.log10(sum / count / (1 / 12)))).toBeLessThan(1.5);
  });
});

describe('aperiodicity', () => {
  it('is low for a periodic vowel and high for noise', () => {
    const analyzer = new SpectralEnvelopeAnalyzer(VOICE_SAMPLE_RATE, 65);
    const out = new Float64Array(SPECTRUM_BINS);
    const periodic = vowel(130);
    analyzer.aperiodicity(readerFor(periodic), Math.floor(periodic.length / 2), 130, out);
    const below4k = Array.from(out).filter((_, bin) => binFrequencyHz(bin) < 4000);
    expect(Math.max(...below4k)).toBeLessThan(0.1);

    let seed = 11;
    const noise = Float64Array.from({ length: VOICE_SAMPLE_RATE / 2 }, () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647 - 0.5;
    });
    analyzer.aperiodicity(readerFor(noise), Math.floor(noise.length / 2), 130, out);
    const mean = out.reduce((sum, value) => sum + value, 0) / out.length;
    expect(mean).toBeGreaterThan(0.6);
  });
});
