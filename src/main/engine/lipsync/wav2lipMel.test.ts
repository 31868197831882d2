// Wav2Lip's mel input against values worked out by hand. A sine of amplitude A at an exact bin
// frequency f = 20·k Hz (16 kHz / 800) is periodic in every 800-sample window, so the periodic Hann
// window leaves exactly three non-zero bins: |X[k]| = A·g·200 and |X[k±1]| = A·g·100, where
// g = |1 − 0.97·e^(−iω)| is the pre-emphasis gain at ω = 2πf/16000. One mel band then holds
// mel = w[k]·200·A·g + (w[k−1] + w[k+1])·100·A·g, and the normalised value is
// clip(1.6·log10(mel) + 2.4, −4, 4). The filter weights w are the Slaney triangles of librosa's
// formula (edges 55 Hz … 7600 Hz), written out below from that formula.
import { describe, expect, it } from 'vitest';
import {
  hzToMel,
  MEL_BANDS,
  melFilterbank,
  melToHz,
  melWindow,
  melWindowStart,
  wav2lipMelSpectrogram,
} from './wav2lipMel';
import { melWindowAt } from './wav2lipEngine';

const RATE = 16_000;

function tone(hz: number, amplitude: number, seconds: number): Float32Array {
  return Float32Array.from(
    { length: Math.round(RATE * seconds) },
    (_, n) => amplitude * Math.sin((2 * Math.PI * hz * n) / RATE),
  );
}

/** Band, and the weights of bins k−1, k, k+1 (librosa.filters.mel, htk=False, norm="slaney"). */
const TONES = [
  { hz: 300, band: 6, weights: [0.00721530628260192, 0.022693674251073378, 0.017466735568022453] },
  { hz: 1000, band: 25, weights: [0.02006902101676924, 0.019704983589225976, 0.004942053030771608] },
  { hz: 3000, band: 55, weights: [0.006644450099013105, 0.008282198318220533, 0.008044647815072508] },
] as const;

describe('Wav2Lip mel spectrogram', () => {
  it("uses Slaney's mel scale between 55 and 7600 Hz", () => {
    expect(hzToMel(1000)).toBeCloseTo(15, 12);
    expect(hzToMel(500)).toBeCloseTo(7.5, 12);
    expect(melToHz(hzToMel(3210))).toBeCloseTo(3210, 9);
    const filters = melFilterbank();
    expect(filters).toHaveLength(MEL_BANDS);
    expect(filters[0]![2]).toBe(0); // 40 Hz is below the first edge
    expect(filters[0]![3]).toBeGreaterThan(0); // 60 Hz is inside band 0 (55 … 126.9 Hz)
    for (const { hz, band, weights } of TONES) {
      const bin = hz / 20;
      expect(filters[band]![bin - 1]).toBeCloseTo(weights[0], 12);
      expect(filters[band]![bin]).toBeCloseTo(weights[1], 12);
      expect(filters[band]![bin + 1]).toBeCloseTo(weights[2], 12);
    }
  });

  it.each(TONES)('puts a $hz Hz tone in band $band with the hand-computed level', ({ hz, band, weights }) => {
    const amplitude = 0.5;
    const mel = wav2lipMelSpectrogram(tone(hz, amplitude, 1));
    expect(mel.columns).toBe(1 + Math.floor(RATE / 200));
    const column = 40; // well inside the signal: no padding in its window
    const levels = Array.from({ length: MEL_BANDS }, (_, b) => mel.values[b * mel.columns + column]!);
    expect(levels.indexOf(Math.max(...levels))).toBe(band);
    const omega = (2 * Math.PI * hz) / RATE;
    const gain = Math.sqrt(1 - 2 * 0.97 * Math.cos(omega) + 0.97 * 0.97);
    const energy = weights[1] * 200 * amplitude * gain + (weights[0] + weights[2]) * 100 * amplitude * gain;
    const expected = Math.max(-4, Math.min(4, 1.6 * Math.log10(energy) + 2.4));
    expect(levels[band]).toBeCloseTo(expected, 4);
    // A band far from the tone holds (almost) nothing.
    expect(levels[band > 40 ? 5 : 70]).toBeLessThan(-3);
  });

  it('reads silence as −4 everywhere', () => {
    const mel = wav2lipMelSpectrogram(new Float32Array(RATE / 2));
    expect(mel.columns).toBe(41);
    expect(Math.max(...mel.values)).toBe(-4);
    expect(Math.min(...mel.values)).toBe(-4);
  });

  it('maps video frame i to columns floor(i·80/fps) … +15, the last 16 at the end', () => {
    const mel = wav2lipMelSpectrogram(tone(440, 0.3, 1)); // 81 columns
    expect(melWindowStart(mel, 0, 25)).toBe(0);
    expect(melWindowStart(mel, 1, 25)).toBe(3);
    expect(melWindowStart(mel, 10, 25)).toBe(32);
    expect(melWindowStart(mel, 24, 25)).toBe(65); // 76.8 would pass the end: the last 16 columns
    expect(melWindowStart(mel, 7, 30)).toBe(18);
    const window = melWindow(mel, 3);
    expect(window[0]).toBe(mel.values[3]);
    expect(window[16 + 15]).toBe(mel.values[mel.columns + 18]);
    // By time, as the engine looks it up (frame starts are whole microseconds).
    const byTime = new Float32Array(80 * 16);
    melWindowAt(mel, 0.04, byTime);
    expect(byTime[0]).toBe(mel.values[3]);
    melWindowAt(mel, 0.499999, byTime); // 0.5 s (column 40) rounded down by a microsecond
    expect(byTime[0]).toBe(mel.values[40]);
    melWindowAt(mel, -0.1, byTime);
    expect(Math.max(...byTime)).toBe(-4);
  });
});
