// The presentation time of every frame of a video stream, read from the container's packets (no
// decoding, so it is quick even for long files). Needed for variable-frame-rate videos (phones
// record them): there "frame n" is not at n / rate, and a face found in frame n must be looked up
// by the time the render asks for, or it lands on the wrong picture.
import { toFfmpegFileUrl } from './ffmpegArguments';
import { locateFfprobe } from './ffmpegLocator';
import { runProcess } from './runProcess';

/** Pure: ffprobe arguments listing the stream's packets as "pts_time,flags" lines. */
export function frameTimesArguments(inputPath: string, streamIndex: number): string[] {
  return [
    ...['-hide_banner', '-v', 'error', '-protocol_whitelist', 'file'],
    ...['-select_streams', String(streamIndex)],
    ...['-show_entries', 'packet=pts_time,flags', '-of', 'csv=p=0'],
    toFfmpegFileUrl(inputPath),
  ];
}

/**
 * Pure: the frames' times in µs from the first shown frame, in presentation order. Packets the
 * demuxer marks as discarded (flag D: before an edit list's start) are not shown, so they do not
 * count; undefined when a packet has no time (raw streams), where the index / rate rule is all
 * there is.
 */
export function parseFrameTimes(csv: string): number[] | undefined {
  const seconds: number[] = [];
  for (const line of csv.split('\n')) {
    const trimmed = line.trim();
    if (trimmed === '') continue;
    const [time, flags = ''] = trimmed.split(',');
    if (flags.includes('D')) continue;
    const value = Number(time);
    if (time === undefined || time === 'N/A' || !Number.isFinite(value)) return undefined;
    seconds.push(value);
  }
  if (seconds.length === 0) return undefined;
  seconds.sort((a, b) => a - b);
  const first = seconds[0]!;
  return seconds.map((value) => Math.round((value - first) * 1_000_000));
}

/**
 * Pure: whether the times stray from index / rate by more than half a frame anywhere, i.e. whether
 * looking frames up by index / rate would show the wrong one.
 */
export function isVariableFrameRate(timesUs: readonly number[], fps: { num: number; den: number }): boolean {
  const frameUs = (fps.den * 1_000_000) / fps.num;
  return timesUs.some((time, index) => Math.abs(time - index * frameUs) > frameUs / 2);
}

export async function readVideoFrameTimesUs(
  inputPath: string,
  streamIndex: number,
  signal?: AbortSignal,
): Promise<number[] | undefined> {
  const { stdout } = await runProcess(await locateFfprobe(), frameTimesArguments(inputPath, streamIndex), {
    ...(signal === undefined ? {} : { signal }),
    label: `ffprobe (frame times) on "${inputPath}"`,
    // About 25 bytes a packet: room for many hours of video.
    maxStdoutBytes: 256 * 1024 * 1024,
  });
  return parseFrameTimes(stdout.toString('utf8'));
}
