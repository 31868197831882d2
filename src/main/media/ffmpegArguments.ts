// Pure builders for ffmpeg/ffprobe argument arrays: no I/O, so each is tested by its exact array.
// Conventions shared by every builder, and why:
// - Paths go through `file:` so a file named "http:x", "concat:a|b" or "-y" is always a local file.
// - `-protocol_whitelist file` stops a playlist or concat script inside a user's file from making
//   ffmpeg open other URLs (the studio is offline, and media files are untrusted input).
// - `-nostdin` (ffmpeg) because a child must never wait on a terminal; `-v error` keeps stderr short
//   so the line that explains a failure is easy to find.
// - Streams are chosen with `-map 0:<index>` from the probe, so cover art or a second video track
//   is never decoded by accident.
import { StudioError } from '../../shared/errors';
import type { Microseconds } from '../../shared/time';

const FFMPEG_COMMON = ['-hide_banner', '-nostdin', '-v', 'error'] as const;
const FFPROBE_COMMON = ['-hide_banner', '-v', 'error'] as const;

/** `file:` keeps ffmpeg from reading a path as a protocol URL or an option. */
export function toFfmpegFileUrl(filePath: string): string {
  return `file:${filePath}`;
}

function input(filePath: string): string[] {
  return ['-protocol_whitelist', 'file', '-i', toFfmpegFileUrl(filePath)];
}

/** Exact decimal seconds for integer microseconds ("1.500000"): no float drift in seek times. */
export function microsecondsToSecondsText(us: Microseconds): string {
  if (!Number.isInteger(us) || us < 0)
    throw invalid(`a time in microseconds must be a whole number ≥ 0, got ${us}`);
  return `${Math.floor(us / 1_000_000)}.${String(us % 1_000_000).padStart(6, '0')}`;
}

function invalid(detail: string): StudioError {
  return new StudioError('INVALID_ARGUMENT', `Invalid ffmpeg arguments: ${detail}.`);
}

function requirePositiveInteger(name: string, value: number): void {
  if (!Number.isInteger(value) || value <= 0)
    throw invalid(`${name} must be a positive whole number, got ${value}`);
}

function requireStreamIndex(value: number): void {
  if (!Number.isInteger(value) || value < 0)
    throw invalid(`streamIndex must be a whole number ≥ 0, got ${value}`);
}

function greatestCommonDivisor(a: number, b: number): number {
  return b === 0 ? a : greatestCommonDivisor(b, a % b);
}

/** ffprobe: format and every stream as JSON (tags, dispositions and side data included). */
export function ffprobeJsonArguments(inputPath: string): string[] {
  return [...FFPROBE_COMMON, '-print_format', 'json', '-show_format', '-show_streams', ...input(inputPath)];
}

/**
 * ffprobe: counts the packets of one stream by reading the whole file. Slow, so only used when the
 * container has no duration (raw .h264 streams): packets / frame rate gives one.
 */
export function ffprobePacketCountArguments(inputPath: string, streamIndex: number): string[] {
  requireStreamIndex(streamIndex);
  return [
    ...FFPROBE_COMMON,
    '-select_streams',
    String(streamIndex),
    '-count_packets',
    '-show_entries',
    'stream=nb_read_packets',
    '-print_format',
    'json',
    ...input(inputPath),
  ];
}

export interface PosterOutput {
  outputPath: string;
  /** Index of the decoded frame to keep (0 = first); past the last frame nothing is written. */
  frameIndex: number;
  width: number;
  height: number;
}

export interface FilmstripSpriteRequest {
  inputPath: string;
  outputPath: string;
  streamIndex: number;
  /** How long the video stream lasts; the frames are spread evenly over it. */
  durationUs: Microseconds;
  count: number;
  /** Size of one tile after rotation; the caller derives it from the display aspect ratio. */
  tileWidth: number;
  tileHeight: number;
  /**
   * Decode only keyframes. For long videos this makes the sprite cost a demux instead of a full
   * decode; tiles then show the nearest keyframe, which is plenty for a timeline strip.
   */
  keyframesOnly: boolean;
  /** Also write a poster frame from the same decode (saves a second ffmpeg start, ~0.1 s per file). */
  poster: PosterOutput | null;
}

const JPEG_OUTPUT = ['-f', 'image2', '-c:v', 'mjpeg'] as const;

/**
 * One ffmpeg call for the whole filmstrip: `fps` resamples the stream to exactly `count` frames over
 * its duration (each tick takes the last frame before the middle of its slot, and duplicates frames
 * when the clip has fewer than `count`, so very short clips still fill every tile), `scale` + `setsar`
 * give square-pixel tiles (ffmpeg's autorotate has already turned the frame upright), and `tile`
 * lays them out in one row of a single JPEG. With a poster, `split` feeds a second branch that keeps
 * frame `frameIndex` (counted in frames, not seconds, so a stream that starts late still works).
 */
export function filmstripSpriteArguments(request: FilmstripSpriteRequest): string[] {
  const { count, durationUs, tileWidth, tileHeight, poster } = request;
  requirePositiveInteger('count', count);
  requirePositiveInteger('durationUs', durationUs);
  requirePositiveInteger('tileWidth', tileWidth);
  requirePositiveInteger('tileHeight', tileHeight);
  requireStreamIndex(request.streamIndex);
  // count frames per durationUs microseconds, as an exact reduced fraction.
  const divisor = greatestCommonDivisor(count * 1_000_000, durationUs);
  const rate = `${(count * 1_000_000) / divisor}/${durationUs / divisor}`;
  const sprite = `fps=fps=${rate},scale=${tileWidth}:${tileHeight},setsar=1,tile=${count}x1`;
  const spriteOutput = [
    '-frames:v',
    '1',
    ...JPEG_OUTPUT,
    '-q:v',
    '5',
    '-update',
    '1',
    toFfmpegFileUrl(request.outputPath),
  ];
  const head = [
    ...FFMPEG_COMMON,
    '-y',
    ...(request.keyframesOnly ? ['-skip_frame', 'nokey'] : []),
    ...input(request.inputPath),
  ];
  if (!poster) return [...head, '-map', `0:${request.streamIndex}`, '-vf', sprite, ...spriteOutput];

  requirePositiveInteger('poster width', poster.width);
  requirePositiveInteger('poster height', poster.height);
  if (!Number.isInteger(poster.frameIndex) || poster.frameIndex < 0) {
    throw invalid(`poster frameIndex must be a whole number ≥ 0, got ${poster.frameIndex}`);
  }
  const graph =
    `[0:${request.streamIndex}]split=2[strip][still];` +
    `[strip]${sprite}[sprite];` +
    `[still]select=eq(n\\,${poster.frameIndex}),scale=${poster.width}:${poster.height},setsar=1[poster]`;
  return [
    ...head,
    '-filter_complex',
    graph,
    '-map',
    '[sprite]',
    ...spriteOutput,
    '-map',
    '[poster]',
    '-frames:v',
    '1',
    ...JPEG_OUTPUT,
    '-q:v',
    '3',
    '-update',
    '1',
    toFfmpegFileUrl(poster.outputPath),
  ];
}

export interface PosterFrameRequest {
  inputPath: string;
  outputPath: string;
  streamIndex: number;
  /** Where to take the frame; 0 means the first frame (also used for stills ffmpeg decodes). */
  seekUs: Microseconds;
  width: number;
  height: number;
}

/** One JPEG frame. `-ss` before `-i` seeks on the input (fast: from the nearest keyframe). */
export function posterFrameArguments(request: PosterFrameRequest): string[] {
  requirePositiveInteger('width', request.width);
  requirePositiveInteger('height', request.height);
  requireStreamIndex(request.streamIndex);
  const seek = request.seekUs > 0 ? ['-ss', microsecondsToSecondsText(request.seekUs)] : [];
  return [
    ...FFMPEG_COMMON,
    '-y',
    ...seek,
    ...input(request.inputPath),
    '-map',
    `0:${request.streamIndex}`,
    '-vf',
    `scale=${request.width}:${request.height},setsar=1`,
    '-frames:v',
    '1',
    ...JPEG_OUTPUT,
    '-q:v',
    '3',
    '-update',
    '1',
    toFfmpegFileUrl(request.outputPath),
  ];
}

export type PcmSampleFormat = 's16le' | 'f32le';

export interface AudioDecodeRequest {
  inputPath: string;
  streamIndex: number;
  /** Low rates (e.g. 8000) are enough for waveform peaks and keep the pipe small. */
  sampleRate: number;
  sampleFormat: PcmSampleFormat;
}

/** Decodes one audio stream to mono raw PCM on stdout, for streaming consumers such as peaks. */
export function audioPcmDecodeArguments(request: AudioDecodeRequest): string[] {
  requirePositiveInteger('sampleRate', request.sampleRate);
  requireStreamIndex(request.streamIndex);
  return [
    ...FFMPEG_COMMON,
    ...input(request.inputPath),
    '-map',
    `0:${request.streamIndex}`,
    '-ac',
    '1',
    '-ar',
    String(request.sampleRate),
    '-c:a',
    `pcm_${request.sampleFormat}`,
    '-f',
    request.sampleFormat,
    'pipe:1',
  ];
}
