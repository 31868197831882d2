// Wav2Lip's audio input, exactly as its reference code computes it (Rudrabha/Wav2Lip hparams.py
// and audio.py, see ../shared/MODELS.md §4):
//   16 kHz mono -> pre-emphasis y[n] = x[n] − 0.97·x[n−1] (y[0] = x[0], scipy lfilter)
//   -> STFT: n_fft 800, hop 200, periodic Hann window of 800, centred (the signal padded by 400
//      samples each side, reflected as numpy's "reflect" does: librosa 0.7, which Wav2Lip pins)
//   -> magnitude (dft800.ts) -> Slaney mel filterbank (librosa.filters.mel, htk=False, area-normalised):
//      80 bands between 55 and 7600 Hz
//   -> 20·log10(max(1e−5, mel)) − 20 (ref_level_db) -> clip(8·(S + 100)/100 − 4, −4, 4).
// 80 mel columns per second. Video frame i uses columns s…s+15, s = floor(i·80/fps); near the end,
// where s+16 passes the last column, the last 16 columns (as Wav2Lip's inference loop does).

import { Dft800 } from './dft800';

export const WAV2LIP_SAMPLE_RATE = 16_000;
export const MEL_BANDS = 80;
export const MEL_WINDOW = 16;
export const MEL_COLUMNS_PER_SECOND = 80;
const N_FFT = 800;
const HOP = 200;
const FMIN = 55;
const FMAX = 7600;
const PREEMPHASIS = 0.97;
const MIN_LEVEL_DB = -100;
const REF_LEVEL_DB = 20;
const MAX_ABS = 4;

/** Slaney's mel scale (librosa hz_to_mel with htk=False): linear below 1 kHz, logarithmic above. */
export function hzToMel(hz: number): number {
  const linearStep = 200 / 3;
  if (hz < 1000) return hz / linearStep;
  return 1000 / linearStep + Math.log(hz / 1000) / (Math.log(6.4) / 27);
}

export function melToHz(mel: number): number {
  const linearStep = 200 / 3;
  const minLogMel = 1000 / linearStep;
  if (mel < minLogMel) return mel * linearStep;
  return 1000 * Math.exp((Math.log(6.4) / 27) * (mel - minLogMel));
}

/** librosa.filters.mel(sr=16000, n_fft=800, n_mels=80, fmin=55, fmax=7600): [band][bin]. */
export function melFilterbank(): Float64Array[] {
  const bins = N_FFT / 2 + 1;
  const melLow = hzToMel(FMIN);
  const melHigh = hzToMel(FMAX);
  const edges = Array.from({ length: MEL_BANDS + 2 }, (_, index) =>
    melToHz(melLow + ((melHigh - melLow) * index) / (MEL_BANDS + 1)),
  );
  const filters: Float64Array[] = [];
  for (let band = 0; band < MEL_BANDS; band++) {
    const weights = new Float64Array(bins);
    const lowerWidth = edges[band + 1]! - edges[band]!;
    const upperWidth = edges[band + 2]! - edges[band + 1]!;
    const areaNormalisation = 2 / (edges[band + 2]! - edges[band]!);
    for (let bin = 0; bin < bins; bin++) {
      const hz = (bin * WAV2LIP_SAMPLE_RATE) / N_FFT;
      const rising = (hz - edges[band]!) / lowerWidth;
      const falling = (edges[band + 2]! - hz) / upperWidth;
      weights[bin] = Math.max(0, Math.min(rising, falling)) * areaNormalisation;
    }
    filters.push(weights);
  }
  return filters;
}

/** numpy.pad(mode="reflect") index: mirror without repeating the edge sample. */
function reflectIndex(index: number, length: number): number {
  if (length === 1) return 0;
  const period = 2 * (length - 1);
  let position = ((index % period) + period) % period;
  if (position >= length) position = period - position;
  return position;
}

export interface MelSpectrogram {
  /** Columns (80 per second). */
  columns: number;
  /** Band-major: value of band b, column c at b * columns + c; normalised to [−4, 4]. */
  values: Float32Array;
}

let cachedFilters: Float64Array[] | undefined;
/** scipy.signal.get_window("hann", 800, fftbins=True): the periodic Hann window librosa uses. */
const HANN = Float64Array.from({ length: N_FFT }, (_, n) => 0.5 - 0.5 * Math.cos((2 * Math.PI * n) / N_FFT));

/** The normalised log-mel spectrogram of 16 kHz mono samples. */
export function wav2lipMelSpectrogram(samples: Float32Array): MelSpectrogram {
  const length = samples.length;
  const emphasised = new Float64Array(length);
  for (let index = 0; index < length; index++) {
    emphasised[index] = samples[index]! - (index > 0 ? PREEMPHASIS * samples[index - 1]! : 0);
  }
  const columns = length === 0 ? 0 : 1 + Math.floor(length / HOP);
  const values = new Float32Array(MEL_BANDS * columns);
  cachedFilters ??= melFilterbank();
  const filters = cachedFilters;
  const dft = new Dft800();
  const frame = new Float64Array(N_FFT);
  const magnitude = new Float64Array(N_FFT / 2 + 1);
  for (let column = 0; column < columns; column++) {
    const start = column * HOP - N_FFT / 2;
    for (let n = 0; n < N_FFT; n++) frame[n] = emphasised[reflectIndex(start + n, length)]! * HANN[n]!;
    dft.magnitudes(frame, magnitude);
    for (let band = 0; band < MEL_BANDS; band++) {
      const weights = filters[band]!;
      let energy = 0;
      for (let bin = 0; bin < weights.length; bin++) energy += weights[bin]! * magnitude[bin]!;
      const db = 20 * Math.log10(Math.max(1e-5, energy)) - REF_LEVEL_DB;
      const normalised = (2 * MAX_ABS * (db - MIN_LEVEL_DB)) / -MIN_LEVEL_DB - MAX_ABS;
      values[band * columns + column] = Math.max(-MAX_ABS, Math.min(MAX_ABS, normalised));
    }
  }
  return { columns, values };
}

/** First mel column of video frame `frameIndex` at `fps` frames per second (Wav2Lip's rule). */
export function melWindowStart(spectrogram: MelSpectrogram, frameIndex: number, fps: number): number {
  const start = Math.floor((frameIndex * MEL_COLUMNS_PER_SECOND) / fps + 1e-9);
  return Math.max(0, Math.min(start, spectrogram.columns - MEL_WINDOW));
}

/** The [1, 1, 80, 16] input for a window starting at `start` (silence, −4, where there is no audio). */
export function melWindow(
  spectrogram: MelSpectrogram,
  start: number,
  into: Float32Array = new Float32Array(MEL_BANDS * MEL_WINDOW),
): Float32Array {
  for (let band = 0; band < MEL_BANDS; band++) {
    for (let offset = 0; offset < MEL_WINDOW; offset++) {
      const column = start + offset;
      into[band * MEL_WINDOW + offset] =
        column >= 0 && column < spectrogram.columns
          ? spectrogram.values[band * spectrogram.columns + column]!
          : -MAX_ABS;
    }
  }
  return into;
}
