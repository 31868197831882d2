// Which analysed stream frame is shown at a time in the source. A render's frames come from
// ffmpeg's fps filter, which rounds each source frame's time to the nearest output frame: output
// frame n shows the last source frame whose time is before n + 1/2 output frames. Without an
// output rate (a single preview frame) it is the last frame that starts at or before the time.
// Constant-rate videos answer from their rate; variable-rate ones from the frame times the
// analysis keeps (binary search).
import type { FaceAnalysis } from './faceAnalysisResult';

const DEFAULT_FPS = { num: 25, den: 1 };
/** Times are whole µs: this much slack absorbs the rounding of a time computed from a rate. */
const SLACK_US = 1;

type FrameClock = Pick<FaceAnalysis, 'fps' | 'frameTimesUs'>;

/**
 * `outputFrameUs`: the length of one output frame when the frames come from a constant-rate
 * render, 0 (or absent) for "the frame at or before".
 */
export function analysisFrameIndexAt(analysis: FrameClock, sourceUs: number, outputFrameUs = 0): number {
  const half = outputFrameUs / 2;
  // A frame is shown at sourceUs when its time t satisfies t < sourceUs + half (rendered) or
  // t <= sourceUs (not rendered); both up to the slack.
  const shown = (time: number): boolean =>
    half > 0 ? time < sourceUs + half - SLACK_US : time <= sourceUs + SLACK_US;
  const times = analysis.frameTimesUs;
  if (times === undefined || times.length === 0) {
    const fps = analysis.fps ?? DEFAULT_FPS;
    const frameUs = (fps.den * 1_000_000) / fps.num;
    let index = Math.max(0, Math.floor((sourceUs + half) / frameUs));
    // Settle the boundary with the same test as the frame-time list (exact, not floating point).
    while (index > 0 && !shown(Math.round(index * frameUs))) index -= 1;
    while (shown(Math.round((index + 1) * frameUs))) index += 1;
    return index;
  }
  if (!shown(times[0]!)) return 0;
  let low = 0;
  let high = times.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (shown(times[middle]!)) low = middle;
    else high = middle - 1;
  }
  return low;
}

/** The length of one output frame in µs (0 without a rate: see analysisFrameIndexAt). */
export function outputFrameMicroseconds(rate: { num: number; den: number } | undefined): number {
  return rate === undefined ? 0 : (rate.den * 1_000_000) / rate.num;
}

/** When frame `index` is shown, µs from the first frame. */
export function analysisFrameTimeUs(analysis: FrameClock, index: number): number {
  const time = analysis.frameTimesUs?.[index];
  if (time !== undefined) return time;
  const fps = analysis.fps ?? DEFAULT_FPS;
  return Math.round((index * fps.den * 1_000_000) / fps.num);
}
