// Audio/lip offset: how far the sound is shifted against the mouth. The mouth opening (inner-lip
// gap over eye distance, per analysed frame) and the loudness of the speech band (1-3 kHz,
// log RMS over 40 ms) are both resampled to 100 Hz, slow trends removed (0.5 s moving average),
// and cross-correlated over ±400 ms; the lag of the peak is the offset. Positive: the sound comes
// after the mouth moves. On the four GRID clips it finds -10 to +30 ms, and an audio track delayed
// (or advanced) by 200 ms reads 180-230 ms (-170 to -220 ms): the resolution is about a frame.
import type { Microseconds } from '../../../../../shared/time';
import { openAudioPcmStream } from '../../../../media/audioPcmStream';
import type { CueAnalysisContext, CueOutcome } from '../deepfakeCues';
import { eyeDistanceOf, meshPoint, pointDistance, rounded, type FaceCueTrack } from './faceCueTrack';

const AUDIO_RATE = 16_000;
const SERIES_RATE = 100;
const WINDOW_SAMPLES = 640; // 40 ms
const HOP_SAMPLES = AUDIO_RATE / SERIES_RATE;
const DETREND_SAMPLES = 50; // 0.5 s
export const MAX_LAG_MS = 400;
/** Offsets viewers notice (ITU-R BT.1359 puts detectability at +45 / -125 ms). */
export const UNUSUAL_OFFSET_MS = 120;
/** Below this peak correlation the mouth and the sound are too loosely related to read an offset. */
export const MIN_CORRELATION = 0.25;
/** A mouth that moves less than this (spread of the lip gap, in eye distances) is not talking. */
const MIN_MOUTH_SPREAD = 0.005;
const MAX_SECONDS = 120;

/** RBJ biquad, direct form I; `kind` high-pass or low-pass, Q = 1/sqrt(2). */
function biquad(samples: Float32Array, kind: 'high' | 'low', cutoffHz: number): Float32Array {
  const w0 = (2 * Math.PI * cutoffHz) / AUDIO_RATE;
  const alpha = Math.sin(w0) / Math.SQRT2;
  const cos = Math.cos(w0);
  const b1 = kind === 'low' ? 1 - cos : -(1 + cos);
  const b0 = kind === 'low' ? b1 / 2 : -b1 / 2;
  const a0 = 1 + alpha;
  const [n0, n1, n2, d1, d2] = [b0 / a0, b1 / a0, b0 / a0, (-2 * cos) / a0, (1 - alpha) / a0];
  const out = new Float32Array(samples.length);
  let [x1, x2, y1, y2] = [0, 0, 0, 0];
  for (let index = 0; index < samples.length; index++) {
    const x = samples[index]!;
    const y = n0 * x + n1 * x1 + n2 * x2 - d1 * y1 - d2 * y2;
    out[index] = y;
    [x2, x1, y2, y1] = [x1, x, y1, y];
  }
  return out;
}

/** Log RMS of the 1-3 kHz band, one value per 10 ms, centred on its 40 ms window. */
export function speechEnvelope(samples: Float32Array): { values: Float64Array; firstTimeSeconds: number } {
  // 1-3 kHz, two stages each side: the formants there follow the mouth's shape; lower down the
  // voice's pitch and breath noise dominate (on grid_swiz3n a 300 Hz cut read +320 ms).
  const band = biquad(biquad(biquad(biquad(samples, 'high', 1000), 'high', 1000), 'low', 3000), 'low', 3000);
  const count = Math.max(0, Math.floor((band.length - WINDOW_SAMPLES) / HOP_SAMPLES) + 1);
  const values = new Float64Array(count);
  for (let frame = 0; frame < count; frame++) {
    let energy = 0;
    for (let index = frame * HOP_SAMPLES; index < frame * HOP_SAMPLES + WINDOW_SAMPLES; index++)
      energy += band[index]! ** 2;
    values[frame] = Math.log(Math.sqrt(energy / WINDOW_SAMPLES) + 1e-4);
  }
  return { values, firstTimeSeconds: WINDOW_SAMPLES / 2 / AUDIO_RATE };
}

/** Linear interpolation of (time, value) points at `rate` Hz from time 0 to the last point. */
export function resample(times: readonly number[], values: readonly number[], rate: number): Float64Array {
  const last = times.at(-1) ?? 0;
  const out = new Float64Array(Math.max(0, Math.floor(last * rate) + 1));
  let segment = 0;
  for (let index = 0; index < out.length; index++) {
    const time = index / rate;
    while (segment + 1 < times.length - 1 && times[segment + 1]! < time) segment++;
    const t0 = times[segment] ?? 0;
    const t1 = times[segment + 1] ?? t0;
    const fraction = t1 > t0 ? Math.min(1, Math.max(0, (time - t0) / (t1 - t0))) : 0;
    out[index] =
      (values[segment] ?? 0) +
      fraction * ((values[segment + 1] ?? values[segment] ?? 0) - (values[segment] ?? 0));
  }
  return out;
}

export function withoutTrend(series: Float64Array, width: number): Float64Array {
  const out = new Float64Array(series.length);
  const half = width >> 1;
  for (let index = 0; index < series.length; index++) {
    let sum = 0;
    for (let offset = -half; offset < width - half; offset++)
      sum += series[Math.min(series.length - 1, Math.max(0, index + offset))]!;
    out[index] = series[index]! - sum / width;
  }
  return out;
}

/** The lag (in series steps; positive: `sound` later than `mouth`) of the peak correlation. */
export function bestLag(
  mouth: Float64Array,
  sound: Float64Array,
  maxLag: number,
): { lag: number; correlation: number } {
  const length = Math.min(mouth.length, sound.length);
  let best = { lag: 0, correlation: -Infinity };
  for (let lag = -maxLag; lag <= maxLag; lag++) {
    const start = Math.max(0, -lag);
    const end = Math.min(length, length - lag);
    if (end - start < 2 * SERIES_RATE) continue;
    let [sumX, sumY] = [0, 0];
    for (let index = start; index < end; index++) {
      sumX += mouth[index]!;
      sumY += sound[index + lag]!;
    }
    const [meanX, meanY] = [sumX / (end - start), sumY / (end - start)];
    let [xy, xx, yy] = [0, 0, 0];
    for (let index = start; index < end; index++) {
      const x = mouth[index]! - meanX;
      const y = sound[index + lag]! - meanY;
      xy += x * y;
      xx += x * x;
      yy += y * y;
    }
    const correlation = xx > 0 && yy > 0 ? xy / Math.sqrt(xx * yy) : 0;
    if (correlation > best.correlation) best = { lag, correlation };
  }
  return best;
}

function spread(values: readonly number[]): number {
  const mean = values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);
  return Math.sqrt(values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / Math.max(1, values.length));
}

async function decodeSpan(
  context: CueAnalysisContext,
  startUs: Microseconds,
  durationUs: Microseconds,
): Promise<Float32Array> {
  const stream = await openAudioPcmStream(context.path, {
    sampleRate: AUDIO_RATE,
    startUs,
    durationUs,
    probe: context.probe,
    ...(context.signal === undefined ? {} : { signal: context.signal }),
  });
  const parts: Float32Array[] = [];
  let total = 0;
  for await (const chunk of stream.chunks) {
    parts.push(chunk);
    total += chunk.length;
  }
  const samples = new Float32Array(total);
  let offset = 0;
  for (const part of parts) {
    samples.set(part, offset);
    offset += part.length;
  }
  return samples;
}

export async function audioLipOffsetOutcome(
  context: CueAnalysisContext,
  track: FaceCueTrack,
): Promise<CueOutcome> {
  const seen = track.frames.filter((frame) => frame.landmarks !== null);
  const first = seen[0];
  if (first === undefined || track.seconds < 2 || seen.length < 0.8 * track.frames.length) {
    return {
      kind: 'notApplicable',
      finding: 'Not measured: it needs a face in view, talking, for 2 s or more.',
    };
  }
  const limited = seen.filter((frame) => frame.timeUs - first.timeUs <= MAX_SECONDS * 1_000_000);
  const times = limited.map((frame) => (frame.timeUs - first.timeUs) / 1_000_000);
  const openings = limited.map((frame) => {
    const landmarks = frame.landmarks!;
    return pointDistance(meshPoint(landmarks, 13), meshPoint(landmarks, 14)) / eyeDistanceOf(landmarks);
  });
  if (spread(openings) < MIN_MOUTH_SPREAD) {
    return {
      kind: 'notApplicable',
      finding:
        'Not measured: the mouth hardly moves while the file has sound. Either nobody in view is talking (a voice-over), or the speech does not come from this face; look at the mouth yourself.',
    };
  }
  const durationUs = Math.round(((times.at(-1) ?? 0) + 0.5) * 1_000_000);
  const samples = await decodeSpan(context, first.timeUs, durationUs);
  const envelope = speechEnvelope(samples);
  const envelopeTimes = Array.from(
    envelope.values,
    (_, index) => envelope.firstTimeSeconds + index / SERIES_RATE,
  );
  const sound = resample([0, ...envelopeTimes], [envelope.values[0] ?? 0, ...envelope.values], SERIES_RATE);
  if (spread(Array.from(sound)) < 0.1) {
    return {
      kind: 'notApplicable',
      finding: 'Not measured: the sound is silent or steady where the face is in view.',
    };
  }
  const mouth = resample(times, openings, SERIES_RATE);
  const maxLag = Math.round((MAX_LAG_MS * SERIES_RATE) / 1000);
  const { lag, correlation } = bestLag(
    withoutTrend(mouth, DETREND_SAMPLES),
    withoutTrend(sound, DETREND_SAMPLES),
    maxLag,
  );
  const offsetMs = Math.round((lag * 1000) / SERIES_RATE);
  const direction = offsetMs === 0 ? 'in step with' : offsetMs > 0 ? 'after' : 'before';
  const measured = `The sound comes ${Math.abs(offsetMs)} ms ${direction} the mouth movements (correlation ${rounded(correlation, 2)})`;
  if (correlation < MIN_CORRELATION) {
    return {
      kind: 'measured',
      value: offsetMs,
      unit: 'ms',
      level: 'unknown',
      finding: `${measured}, but the mouth and the sound are only loosely related here, so the offset is not reliable.`,
    };
  }
  const unusual = Math.abs(offsetMs) > UNUSUAL_OFFSET_MS;
  return {
    kind: 'measured',
    value: offsetMs,
    unit: 'ms',
    level: unusual ? 'unusual' : 'typical',
    finding: unusual
      ? `${measured}: more than the ${UNUSUAL_OFFSET_MS} ms viewers start to notice.`
      : `${measured}: within the ${UNUSUAL_OFFSET_MS} ms viewers do not notice.`,
  };
}
