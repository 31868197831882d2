// Speech -> mouth shape, for the classical (landmark-driven) lip sync. Every 10 ms of 16 kHz mono
// audio gives:
// - openness 0…1: the loudness above the recording's own noise floor, relative to its loud speech
//   (95th percentile), slightly compressed (power 0.8: a mouth does not open ten times wider for a
//   sound ten times stronger), then an attack/release follower (opens in ~15 ms, closes in ~60 ms,
//   like a jaw), then lowered where the sound is a fricative (energy mostly above 3 kHz: s, f, sh
//   are made with a nearly closed mouth);
// - width −1…1: from the spectral centroid of the voiced sound relative to this speaker's usual
//   centroid (median and spread over the loud parts): brighter sounds (front vowels, "ee") spread
//   the lips, darker ones (back vowels, "oo") round them; smoothed over ~40 ms.
// No lag is added: the acceptance measure compares the mouth with the loudness of the same frame,
// and the follower already trails the sound by a few milliseconds.
// A recording whose loud speech stays below −55 dBFS is silence: the mouth stays closed (noise is
// never normalised up into speech).
import { RealFft } from '../voice/realFft';

export const MOUTH_ANALYSIS_SAMPLE_RATE = 16_000;
const HOP = 160; // 10 ms
const FFT_SIZE = 512;
const SILENCE_DBFS = -55;
const ATTACK_SECONDS = 0.015;
const RELEASE_SECONDS = 0.06;
const WIDTH_SECONDS = 0.04;
const LOUDNESS_POWER = 0.8;

export interface MouthShape {
  /** 0 = closed, 1 = as open as this speaker's loud speech opens it. */
  openness: number;
  /** −1 = rounded, 0 = neutral, 1 = spread. */
  width: number;
}

export interface MouthTrack {
  /** Seconds per value (0.01). */
  hopSeconds: number;
  openness: Float32Array;
  width: Float32Array;
  /** Whole audio judged silent: every value is closed/neutral. */
  silent: boolean;
  /** RMS of loud speech (95th percentile) and of the noise floor, linear full scale. */
  loudRms: number;
  floorRms: number;
}

function percentile(values: Float64Array, fraction: number): number {
  if (values.length === 0) return 0;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * (sorted.length - 1)))] ?? 0;
}

interface SpectralCues {
  fricative: Float64Array;
  centroidHz: Float64Array;
}

/** Per hop: share of energy above 3 kHz (vs 80–900 Hz), and the centroid of 150 Hz – 5 kHz. */
function spectralCues(samples: Float32Array, hops: number): SpectralCues {
  const fft = new RealFft(FFT_SIZE);
  const frame = new Float64Array(FFT_SIZE);
  const re = new Float64Array(fft.bins);
  const im = new Float64Array(fft.bins);
  const window = Float64Array.from(
    { length: FFT_SIZE },
    (_, n) => 0.5 - 0.5 * Math.cos((2 * Math.PI * n) / FFT_SIZE),
  );
  const binHz = MOUTH_ANALYSIS_SAMPLE_RATE / FFT_SIZE;
  const fricative = new Float64Array(hops);
  const centroidHz = new Float64Array(hops);
  for (let hop = 0; hop < hops; hop++) {
    const centre = hop * HOP + HOP / 2;
    const start = centre - FFT_SIZE / 2;
    for (let n = 0; n < FFT_SIZE; n++) {
      const index = start + n;
      frame[n] = index >= 0 && index < samples.length ? samples[index]! * window[n]! : 0;
    }
    fft.forward(frame, re, im);
    let low = 0;
    let high = 0;
    let weighted = 0;
    let total = 0;
    for (let bin = 1; bin < fft.bins; bin++) {
      const hz = bin * binHz;
      const power = re[bin]! * re[bin]! + im[bin]! * im[bin]!;
      if (hz >= 80 && hz <= 900) low += power;
      if (hz >= 3000 && hz <= 7500) high += power;
      if (hz >= 150 && hz <= 5000) {
        weighted += power * hz;
        total += power;
      }
    }
    fricative[hop] = high / (low + high + 1e-12);
    centroidHz[hop] = total > 0 ? weighted / total : 0;
  }
  return { fricative, centroidHz };
}

/** Mouth shapes for the whole recording (mono, MOUTH_ANALYSIS_SAMPLE_RATE). */
export function analyseMouthShapes(samples: Float32Array): MouthTrack {
  const hops = Math.ceil(samples.length / HOP);
  const rms = new Float64Array(hops);
  for (let hop = 0; hop < hops; hop++) {
    let sum = 0;
    const end = Math.min(samples.length, (hop + 1) * HOP);
    for (let index = hop * HOP; index < end; index++) sum += samples[index]! * samples[index]!;
    rms[hop] = Math.sqrt(sum / HOP);
  }
  const loudRms = percentile(rms, 0.95);
  const floorRms = Math.max(percentile(rms, 0.1) * 1.5, loudRms * 0.03);
  const openness = new Float32Array(hops);
  const width = new Float32Array(hops);
  const silent = hops === 0 || 20 * Math.log10(Math.max(loudRms, 1e-12)) < SILENCE_DBFS;
  if (silent)
    return { hopSeconds: HOP / MOUTH_ANALYSIS_SAMPLE_RATE, openness, width, silent, loudRms, floorRms };

  const cues = spectralCues(samples, hops);
  const loudness = Float64Array.from(rms, (value) =>
    Math.min(1, Math.max(0, (value - floorRms) / (loudRms - floorRms))),
  );
  const voicedCentroids = Float64Array.from(
    cues.centroidHz.filter((_, hop) => loudness[hop]! > 0.2 && cues.fricative[hop]! < 0.4),
  );
  const usualCentroid = percentile(voicedCentroids, 0.5);
  const centroidSpread = Math.max(150, percentile(voicedCentroids, 0.75) - percentile(voicedCentroids, 0.25));
  const hopSeconds = HOP / MOUTH_ANALYSIS_SAMPLE_RATE;
  const attack = 1 - Math.exp(-hopSeconds / ATTACK_SECONDS);
  const release = 1 - Math.exp(-hopSeconds / RELEASE_SECONDS);
  const widthStep = 1 - Math.exp(-hopSeconds / WIDTH_SECONDS);
  let followed = 0;
  let spread = 0;
  for (let hop = 0; hop < hops; hop++) {
    const loud = loudness[hop]!;
    const fricativeShare = Math.min(1, Math.max(0, (cues.fricative[hop]! - 0.4) / 0.5));
    const target = loud ** LOUDNESS_POWER * (1 - 0.5 * fricativeShare);
    followed += (target - followed) * (target > followed ? attack : release);
    openness[hop] = followed;
    // Width only means something while there is voice; it relaxes to neutral in between.
    const centroidWidth = Math.max(-1, Math.min(1, (cues.centroidHz[hop]! - usualCentroid) / centroidSpread));
    const widthTarget = loud > 0.1 ? centroidWidth * (1 - fricativeShare) : 0;
    spread += (widthTarget - spread) * widthStep;
    width[hop] = spread;
  }
  return { hopSeconds, openness, width, silent, loudRms, floorRms };
}

/**
 * The mean shape over [startSeconds, endSeconds) (a video frame's span of the audio). Outside the
 * recording the mouth is closed and neutral: audio shorter than the video holds silence.
 */
export function mouthShapeOver(track: MouthTrack, startSeconds: number, endSeconds: number): MouthShape {
  const first = Math.max(0, Math.floor(startSeconds / track.hopSeconds));
  const last = Math.min(track.openness.length, Math.ceil(endSeconds / track.hopSeconds));
  const span = Math.max(1, Math.ceil((endSeconds - startSeconds) / track.hopSeconds));
  let openness = 0;
  let width = 0;
  for (let hop = first; hop < last; hop++) {
    openness += track.openness[hop]!;
    width += track.width[hop]!;
  }
  return { openness: openness / span, width: width / span };
}
