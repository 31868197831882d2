// The first three formants of a voiced frame, picked as the peaks of its smooth spectral envelope
// (the CheapTrick envelope has no harmonic ripple left, so its maxima are resonances). Used only in
// aggregate: the medians over many frames give a speaker's formant scale, from which the voice
// match derives its warp factor (median-formant ratios, after Eide & Gish 1996, who used F3).
import { binFrequencyHz } from './voiceFrameGeometry';

export interface FormantTriple {
  f1Hz: number;
  f2Hz: number;
  f3Hz: number;
}

const SEARCH_TOP_HZ = 4000;
/** Two formants closer than this are one broad peak, not two resonances. */
const MIN_SEPARATION_HZ = 250;

/** Formants of one natural-log power envelope, or null when the peaks do not fit the F1<F2<F3 pattern. */
export function pickFormants(logEnvelope: Float64Array): FormantTriple | null {
  const top = Math.min(logEnvelope.length - 2, Math.ceil(SEARCH_TOP_HZ / binFrequencyHz(1)));
  const peaks: number[] = [];
  for (let bin = 2; bin < top; bin++) {
    const left = logEnvelope[bin - 1]!;
    const centre = logEnvelope[bin]!;
    const right = logEnvelope[bin + 1]!;
    if (centre > left && centre >= right) {
      const curvature = left - 2 * centre + right;
      const offset = curvature < 0 ? (0.5 * (left - right)) / curvature : 0;
      peaks.push(binFrequencyHz(bin + offset));
    }
  }
  const f1Hz = peaks.find((hz) => hz >= 200 && hz <= 1100);
  if (f1Hz === undefined) return null;
  const f2Hz = peaks.find((hz) => hz > f1Hz + MIN_SEPARATION_HZ && hz >= 700 && hz <= 2900);
  if (f2Hz === undefined) return null;
  const f3Hz = peaks.find((hz) => hz > f2Hz + MIN_SEPARATION_HZ && hz >= 1600 && hz <= 3900);
  if (f3Hz === undefined) return null;
  return { f1Hz, f2Hz, f3Hz };
}
