// Speech -> mouth shape on synthetic sounds whose answer is known: silence keeps the mouth shut,
// a voiced burst opens it and it closes again after, a hiss (fricative) at the same loudness opens
// it less than a vowel, a bright vowel spreads the lips and a dark one rounds them, and time past
// the end of the recording is silence.
import { describe, expect, it } from 'vitest';
import {
  analyseMouthShapes,
  MOUTH_ANALYSIS_SAMPLE_RATE,
  mouthShapeOver,
  type MouthTrack,
} from './mouthShapeFromAudio';

const RATE = MOUTH_ANALYSIS_SAMPLE_RATE;

/** A voiced sound: harmonics of 140 Hz shaped by two formant-like peaks (F1, F2). */
function vowel(seconds: number, f1: number, f2: number): Float32Array {
  const samples = new Float32Array(Math.round(seconds * RATE));
  for (let harmonic = 1; harmonic * 140 < 6000; harmonic++) {
    const hz = harmonic * 140;
    const amplitude = 1 / (1 + ((hz - f1) / 120) ** 2) + 0.5 / (1 + ((hz - f2) / 200) ** 2) + 0.03 / harmonic;
    for (let n = 0; n < samples.length; n++)
      samples[n]! += amplitude * Math.sin((2 * Math.PI * hz * n) / RATE);
  }
  return samples;
}

/** A hiss: white noise, differenced twice (energy mostly above 3 kHz). */
function hiss(seconds: number): Float32Array {
  let seed = 12345;
  const noise = Float32Array.from({ length: Math.round(seconds * RATE) + 2 }, () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 1073741824 - 1;
  });
  return Float32Array.from(
    { length: noise.length - 2 },
    (_, n) => noise[n + 2]! - 2 * noise[n + 1]! + noise[n]!,
  );
}

function rms(samples: Float32Array): number {
  let sum = 0;
  for (const value of samples) sum += value * value;
  return Math.sqrt(sum / samples.length);
}

/** `parts` placed at their start times in `seconds` of silence, each scaled to `level` RMS. */
function recording(seconds: number, parts: { at: number; sound: Float32Array }[], level = 0.1): Float32Array {
  const out = new Float32Array(Math.round(seconds * RATE));
  for (const { at, sound } of parts) {
    const gain = level / rms(sound);
    const start = Math.round(at * RATE);
    for (let n = 0; n < sound.length && start + n < out.length; n++) out[start + n] = sound[n]! * gain;
  }
  return out;
}

function meanOver(track: MouthTrack, from: number, to: number, key: 'openness' | 'width'): number {
  let sum = 0;
  let count = 0;
  for (let index = Math.round(from / track.hopSeconds); index < Math.round(to / track.hopSeconds); index++) {
    sum += track[key][index]!;
    count += 1;
  }
  return sum / count;
}

describe('mouth shapes from speech', () => {
  it('keeps the mouth closed for silence and for noise far below speech level', () => {
    for (const samples of [new Float32Array(RATE), recording(1, [{ at: 0, sound: hiss(1) }], 0.0003)]) {
      const track = analyseMouthShapes(samples);
      expect(track.silent).toBe(true);
      expect(Math.max(...track.openness)).toBe(0);
      expect(mouthShapeOver(track, 0.2, 0.24)).toEqual({ openness: 0, width: 0 });
    }
  });

  it('opens on a voiced burst and closes again after it', () => {
    const track = analyseMouthShapes(recording(2, [{ at: 0.5, sound: vowel(0.5, 700, 1200) }]));
    expect(track.silent).toBe(false);
    expect(meanOver(track, 0.6, 0.95, 'openness')).toBeGreaterThan(0.7);
    expect(meanOver(track, 0.1, 0.45, 'openness')).toBeLessThan(0.02);
    // The release: nearly shut 150 ms after the sound stops.
    expect(meanOver(track, 1.15, 1.9, 'openness')).toBeLessThan(0.05);
    // Attack is quicker than release.
    expect(track.openness[Math.round(0.53 / track.hopSeconds)]!).toBeGreaterThan(0.5);
  });

  it('opens less for a hiss than for a vowel of the same loudness', () => {
    const track = analyseMouthShapes(
      recording(2.5, [
        { at: 0.3, sound: vowel(0.6, 700, 1200) },
        { at: 1.5, sound: hiss(0.6) },
      ]),
    );
    const voiced = meanOver(track, 0.4, 0.85, 'openness');
    const fricative = meanOver(track, 1.6, 2.05, 'openness');
    expect(voiced).toBeGreaterThan(0.6);
    expect(fricative).toBeLessThan(0.7 * voiced);
  });

  it("spreads the lips for a bright vowel and rounds them for a dark one (against the speaker's usual)", () => {
    const track = analyseMouthShapes(
      recording(3.7, [
        { at: 0.3, sound: vowel(0.6, 300, 2400) }, // "ee"
        { at: 1.5, sound: vowel(0.6, 350, 750) }, // "oo"
        { at: 2.5, sound: vowel(1, 550, 1500) }, // a neutral "uh", the speaker's usual sound
      ]),
    );
    const spread = meanOver(track, 0.5, 0.85, 'width');
    const rounded = meanOver(track, 1.7, 2.05, 'width');
    expect(spread).toBeGreaterThan(0.15);
    expect(rounded).toBeLessThan(-0.15);
    expect(spread - rounded).toBeGreaterThan(0.4);
    expect(Math.abs(meanOver(track, 2.8, 3.4, 'width'))).toBeLessThan(0.1);
  });

  it('reads time outside the recording as silence (shorter speech holds a closed mouth)', () => {
    const track = analyseMouthShapes(recording(1, [{ at: 0, sound: vowel(1, 700, 1200) }]));
    expect(mouthShapeOver(track, 0.5, 0.54).openness).toBeGreaterThan(0.5);
    expect(mouthShapeOver(track, 1.2, 1.24)).toEqual({ openness: 0, width: 0 });
    expect(mouthShapeOver(track, -0.5, -0.46)).toEqual({ openness: 0, width: 0 });
    // A frame straddling the end counts its silent part.
    expect(mouthShapeOver(track, 0.98, 1.02).openness).toBeLessThan(
      mouthShapeOver(track, 0.9, 0.94).openness,
    );
  });
});
