// Blink rate from the eyelids of the face mesh: the eye aspect ratio (EAR, Soukupová and Čech 2016:
// eyelid gap over eye width, two gaps per eye, both eyes averaged) drops sharply while the eye
// closes. The open-eye level is the track's 80th percentile (people differ, and so do camera
// angles); a blink is a dip below 75% of it that ends when the EAR climbs back above 85% (the gap
// between the two keeps one blink from counting twice). The mesh rarely shows an eye fully shut,
// so the dip, not a closed eye, is what counts.
import type { CueOutcome } from '../deepfakeCues';
import { meshPoint, pointDistance, rounded, type FaceCueTrack } from './faceCueTrack';

/** Mesh points of each eye: corners, then two upper-lid points with the lower-lid points below them. */
const EYES = [
  { outer: 33, inner: 133, upper: [160, 158], lower: [144, 153] },
  { outer: 263, inner: 362, upper: [385, 387], lower: [380, 373] },
] as const;

const OPEN_LEVEL_PERCENTILE = 0.8;
const CLOSING_FRACTION = 0.75;
const REOPENED_FRACTION = 0.85;
/** Blinks per minute of people at rest (and talking, at the upper end), as the brief's range. */
export const TYPICAL_BLINKS_PER_MINUTE = { low: 8, high: 21 } as const;
/** Below this much face, a rate says nothing: one blink more or less swings it too far. */
export const MIN_SECONDS_FOR_RATE = 20;

export function eyeAspectRatio(landmarks: readonly number[]): number {
  let total = 0;
  for (const eye of EYES) {
    const width = pointDistance(meshPoint(landmarks, eye.outer), meshPoint(landmarks, eye.inner));
    const gaps =
      pointDistance(meshPoint(landmarks, eye.upper[0]), meshPoint(landmarks, eye.lower[0])) +
      pointDistance(meshPoint(landmarks, eye.upper[1]), meshPoint(landmarks, eye.lower[1]));
    total += width > 0 ? gaps / (2 * width) : 0;
  }
  return total / EYES.length;
}

function percentile(values: readonly number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * (sorted.length - 1)))] ?? Number.NaN;
}

/** Number of blinks in an EAR series (null entries: face not found, which ends any dip). */
export function countBlinks(series: readonly (number | null)[]): { blinks: number; openLevel: number } {
  const present = series.filter((value): value is number => value !== null);
  const openLevel = percentile(present, OPEN_LEVEL_PERCENTILE);
  let blinks = 0;
  let closed = false;
  for (const value of series) {
    if (value === null) {
      closed = false;
      continue;
    }
    if (!closed && value < openLevel * CLOSING_FRACTION) {
      closed = true;
      blinks++;
    } else if (closed && value > openLevel * REOPENED_FRACTION) {
      closed = false;
    }
  }
  return { blinks, openLevel };
}

export function blinkRateOutcome(track: FaceCueTrack): CueOutcome {
  if (track.framesPerSecond < 8) {
    return {
      kind: 'notApplicable',
      finding: `Not measured: only ${rounded(track.framesPerSecond, 1)} frames a second were analysed, too few to see a blink (about a tenth of a second).`,
    };
  }
  const series = track.frames.map((frame) => (frame.landmarks ? eyeAspectRatio(frame.landmarks) : null));
  const { blinks, openLevel } = countBlinks(series);
  const minutes = Math.max(track.seconds, 1 / track.framesPerSecond) / 60;
  const rate = rounded(blinks / minutes, 1);
  const counted = `${blinks} blink${blinks === 1 ? '' : 's'} in ${rounded(track.seconds, 1)} s of face (open-eye ratio ${rounded(openLevel, 2)})`;
  if (track.seconds < MIN_SECONDS_FOR_RATE) {
    return {
      kind: 'measured',
      value: rate,
      unit: 'blinks/min',
      level: 'unknown',
      finding: `${counted}. Too short to compare with the usual ${TYPICAL_BLINKS_PER_MINUTE.low}-${TYPICAL_BLINKS_PER_MINUTE.high} blinks a minute: a rate needs ${MIN_SECONDS_FOR_RATE} s or more of face.`,
    };
  }
  const typical = rate >= TYPICAL_BLINKS_PER_MINUTE.low && rate <= TYPICAL_BLINKS_PER_MINUTE.high;
  return {
    kind: 'measured',
    value: rate,
    unit: 'blinks/min',
    level: typical ? 'typical' : 'unusual',
    finding: typical
      ? `${counted}: within the usual ${TYPICAL_BLINKS_PER_MINUTE.low}-${TYPICAL_BLINKS_PER_MINUTE.high} a minute.`
      : `${counted}: ${rate < TYPICAL_BLINKS_PER_MINUTE.low ? 'fewer' : 'more'} than the usual ${TYPICAL_BLINKS_PER_MINUTE.low}-${TYPICAL_BLINKS_PER_MINUTE.high} a minute.`,
  };
}
