// Time is an integer number of microseconds everywhere (DESIGN.md §2): never float seconds.
// Frame rates are rationals so 29.97 (30000/1001) stays exact.

export type Microseconds = number;

export const US_PER_SECOND = 1_000_000;

export interface Rational {
  num: number;
  den: number;
}

export const DEFAULT_PROJECT_FPS: Rational = { num: 25, den: 1 };

export function rationalToNumber(rate: Rational): number {
  return rate.num / rate.den;
}

/** Parses ffprobe's "30000/1001" form; returns null for "0/0" or garbage. */
export function parseRational(text: string | undefined | null): Rational | null {
  if (!text) return null;
  const [numText, denText = '1'] = text.split('/');
  const num = Number(numText);
  const den = Number(denText);
  if (!Number.isFinite(num) || !Number.isFinite(den) || num <= 0 || den <= 0) return null;
  return { num, den };
}

export function secondsToMicroseconds(seconds: number): Microseconds {
  return Math.round(seconds * US_PER_SECOND);
}

export function microsecondsToSeconds(us: Microseconds): number {
  return us / US_PER_SECOND;
}

/** Index of the frame that contains `us` (frames start at 0). */
export function frameIndexAt(us: Microseconds, fps: Rational): number {
  // us * num / (den * 1e6), rounded down, computed in one division to avoid drift.
  return Math.floor((us * fps.num) / (fps.den * US_PER_SECOND) + 1e-9);
}

/** Start time of frame `index`, rounded to the nearest microsecond. */
export function frameStart(index: number, fps: Rational): Microseconds {
  return Math.round((index * fps.den * US_PER_SECOND) / fps.num);
}

/** Snaps a time to the nearest frame boundary of `fps`. */
export function snapToFrame(us: Microseconds, fps: Rational): Microseconds {
  const exact = (us * fps.num) / (fps.den * US_PER_SECOND);
  return frameStart(Math.round(exact), fps);
}

export function frameDuration(fps: Rational): Microseconds {
  return frameStart(1, fps);
}

/** "1:02:03.04" style timecode for display (hours only when needed). */
export function formatTimecode(us: Microseconds): string {
  const negative = us < 0;
  const total = Math.abs(us) / US_PER_SECOND;
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const secondsText = seconds.toFixed(2).padStart(5, '0');
  const body =
    hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${secondsText}` : `${minutes}:${secondsText}`;
  return negative ? `-${body}` : body;
}
