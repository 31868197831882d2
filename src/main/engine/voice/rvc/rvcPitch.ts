// Pitch in the form RVC v2 models take it (MODELS.md §5.1, after RVC's pipeline.py):
// - pitchf: F0 in Hz per 10 ms frame (0 = unvoiced);
// - pitch: "coarse" pitch 1 … 255 on the mel scale between 50 and 1100 Hz, 1 for unvoiced.
// The F0 itself comes from the studio's own tracker (the DSP analysis, 5 ms frames), resampled to
// RVC's 100 frames per second, or from an RMVPE model when the user installed one.
import { FRAME_HOP, VOICE_SAMPLE_RATE } from '../voiceFrameGeometry';

const MEL_MIN = 1127 * Math.log(1 + 50 / 700);
const MEL_MAX = 1127 * Math.log(1 + 1100 / 700);

/** RVC's coarse pitch of one F0 value. */
export function coarsePitch(f0Hz: number): number {
  let mel = 1127 * Math.log(1 + Math.max(0, f0Hz) / 700);
  if (mel > 0) mel = ((mel - MEL_MIN) * 254) / (MEL_MAX - MEL_MIN) + 1;
  if (mel <= 1) return 1;
  if (mel > 255) return 255;
  return Math.round(mel);
}

/** The coarse pitch of a whole track, as the int64 tensor data RVC takes. */
export function coarsePitchTrack(f0Hz: Float32Array): BigInt64Array {
  return BigInt64Array.from(f0Hz, (value) => BigInt(coarsePitch(value)));
}

/** Transposes by whole semitones (RVC's "key"); unvoiced stays 0. */
export function transposeTrack(f0Hz: Float32Array, semitones: number): Float32Array {
  if (semitones === 0) return f0Hz;
  const factor = 2 ** (semitones / 12);
  return f0Hz.map((value) => (value > 0 ? value * factor : 0));
}

/**
 * F0 at RVC's frame times (every `hopSeconds`, from `startSeconds`) from the studio tracker's
 * 5 ms frames: linear between voiced neighbours, 0 where the nearer frame is unvoiced.
 */
export function resampleF0Track(
  trackerF0Hz: ArrayLike<number>,
  startSeconds: number,
  frames: number,
  hopSeconds = 0.01,
): Float32Array {
  const out = new Float32Array(frames);
  const trackerHopSeconds = FRAME_HOP / VOICE_SAMPLE_RATE;
  for (let frame = 0; frame < frames; frame++) {
    const position = (startSeconds + frame * hopSeconds) / trackerHopSeconds;
    const index = Math.floor(position);
    if (index < 0 || index >= trackerF0Hz.length) continue;
    const weight = position - index;
    const left = trackerF0Hz[index]!;
    const right = trackerF0Hz[Math.min(trackerF0Hz.length - 1, index + 1)]!;
    if (left > 0 && right > 0) out[frame] = left * (1 - weight) + right * weight;
    else out[frame] = weight < 0.5 ? left : right;
  }
  return out;
}
