// Pure ffmpeg argument builders for the render pipeline (src/main/engine/render), tested by their
// exact arrays. The pipeline is a chain of ffmpeg processes joined by raw pipes:
//   segment decoders (one per stretch of the timeline) -> raw frames -> ONE encoder for the output;
//   audio mixer -> raw float PCM -> the same encoder.
// Raw video has no headers, so the frames of consecutive decoders simply follow one another on the
// encoder's stdin and their count fixes the output duration exactly (constant frame rate).
// Conventions as in ffmpegArguments.ts: `file:` URLs, `-protocol_whitelist file`, `-nostdin`.
import { StudioError } from '../../shared/errors';
import type { Microseconds, Rational } from '../../shared/time';
import { microsecondsToSecondsText, toFfmpegFileUrl } from './ffmpegArguments';

const FFMPEG_COMMON = ['-hide_banner', '-nostdin', '-v', 'error'] as const;

export type RawPixelFormat = 'yuv420p' | 'yuv422p10le' | 'rgb24';

export interface RawVideoFormat {
  width: number;
  height: number;
  fps: Rational;
  pixelFormat: RawPixelFormat;
}

/** Bytes of one frame of `format` on a raw pipe (sizes are even for the subsampled formats). */
export function rawFrameBytes(format: Pick<RawVideoFormat, 'width' | 'height' | 'pixelFormat'>): number {
  const pixels = format.width * format.height;
  switch (format.pixelFormat) {
    case 'rgb24':
      return pixels * 3;
    case 'yuv420p':
      return pixels + 2 * (format.width / 2) * (format.height / 2);
    case 'yuv422p10le':
      return 2 * (pixels + 2 * (format.width / 2) * format.height);
  }
}

export type Rotation = 0 | 90 | 180 | 270;

/** Where a stretch of output frames comes from. */
export type SegmentSource =
  | { kind: 'gap' }
  | { kind: 'video'; path: string; streamIndex: number | null; startUs: Microseconds }
  | { kind: 'image'; path: string; rotation: Rotation };

export interface SegmentDecodeRequest {
  source: SegmentSource;
  frameCount: number;
  output: RawVideoFormat;
}

function invalid(detail: string): StudioError {
  return new StudioError('INVALID_ARGUMENT', `Invalid render arguments: ${detail}.`);
}

function requirePositiveInteger(name: string, value: number): void {
  if (!Number.isInteger(value) || value <= 0)
    throw invalid(`${name} must be a positive whole number, got ${value}`);
}

function requireFormat(format: RawVideoFormat): void {
  requirePositiveInteger('width', format.width);
  requirePositiveInteger('height', format.height);
  requirePositiveInteger('fps numerator', format.fps.num);
  requirePositiveInteger('fps denominator', format.fps.den);
  if (format.pixelFormat !== 'rgb24' && (format.width % 2 !== 0 || format.height % 2 !== 0)) {
    throw invalid(`${format.pixelFormat} needs an even size, got ${format.width}x${format.height}`);
  }
}

export function rateText(fps: Rational): string {
  return `${fps.num}/${fps.den}`;
}

/**
 * Square pixels first (anamorphic sources), then fit inside the output keeping the aspect ratio
 * and centre on black (letterbox / pillarbox). A scale to the same size is a no-op in ffmpeg.
 */
export function fitFilters(width: number, height: number): string[] {
  return [
    'scale=w=trunc(iw*sar/2)*2:h=ih',
    'setsar=1',
    `scale=w=${width}:h=${height}:force_original_aspect_ratio=decrease:force_divisible_by=2`,
    `pad=w=${width}:h=${height}:x=(ow-iw)/2:y=(oh-ih)/2:color=black`,
    'setsar=1',
  ];
}

/** Stills are rotated by hand from the asset's EXIF rotation (ffmpeg does not read EXIF). */
function rotationFilters(rotation: Rotation): string[] {
  switch (rotation) {
    case 0:
      return [];
    case 90:
      return ['transpose=clock'];
    case 180:
      return ['hflip', 'vflip'];
    case 270:
      return ['transpose=cclock'];
  }
}

const rawOutput = (pixelFormat: RawPixelFormat): string[] => [
  '-f',
  'rawvideo',
  '-pix_fmt',
  pixelFormat,
  'pipe:1',
];

/** Output frames of lead-in before a mid-clip start: holds a source frame of any video of ≥ 1 fps. */
const LEAD_IN_SECONDS = 1;

export interface RenderedSeekWindow {
  /** Where to seek (0: no seek). */
  seekUs: Microseconds;
  /** Output frames between the seek point and the wanted one, trimmed after the fps filter. */
  leadInFrames: number;
  /** The fps filter (anchored at the seek point) and the trim of the lead-in. */
  frameFilters: string[];
}

/**
 * Where to seek to take the frames shown from `startUs` on, as ffmpeg's fps filter shows them in
 * one continuous decode: output frame n shows the last source frame before n + 1/2 output frames.
 * An accurate seek drops every frame before the seek point, and the fps filter starts its grid at
 * the first frame left — one output frame late when that frame lies more than half a frame after
 * the seek point (a 30 fps clip in a 25 fps render, a variable-rate one). So decode from up to a
 * second earlier on the same output grid, anchored there (start_time=0), and trim the lead-in.
 */
export function renderedSeekWindow(startUs: Microseconds, fps: Rational): RenderedSeekWindow {
  const rate = rateText(fps);
  if (startUs <= 0) return { seekUs: 0, leadInFrames: 0, frameFilters: [`fps=${rate}`] };
  const frameUs = (fps.den * 1_000_000) / fps.num;
  const maxLeadIn = Math.ceil((LEAD_IN_SECONDS * fps.num) / fps.den);
  const leadInFrames = Math.min(maxLeadIn, Math.floor(startUs / frameUs + 1e-6));
  // trim keeps the frames' times; without the reset a constant-rate output fills the lead-in back
  // with copies of the first frame.
  const trim = leadInFrames > 0 ? [`trim=start_frame=${leadInFrames}`, 'setpts=PTS-STARTPTS'] : [];
  return {
    seekUs: Math.max(0, Math.round(startUs - leadInFrames * frameUs)),
    leadInFrames,
    frameFilters: [`fps=${rate}:start_time=0`, ...trim],
  };
}

/**
 * Exactly `frameCount` raw frames of `output` on stdout for one stretch of the timeline:
 * - video: seek (accurate: ffmpeg decodes from the keyframe before and drops what precedes; a
 *   mid-clip start seeks a little earlier, see renderedSeekWindow), autorotate (ffmpeg's default,
 *   so rotated phone videos come out upright), `fps` resamples any frame rate (variable ones too)
 *   to the project's, fit, then `tpad` repeats the last frame if the source ends a little early so
 *   the count is always met.
 * - image: decoded once, then `loop` repeats it (no per-frame JPEG decode) with fresh timestamps.
 * - gap: black.
 */
export function segmentDecodeArguments(request: SegmentDecodeRequest): string[] {
  const { source, frameCount, output } = request;
  requirePositiveInteger('frameCount', frameCount);
  requireFormat(output);
  const rate = rateText(output.fps);
  const frames = ['-frames:v', String(frameCount)];
  switch (source.kind) {
    case 'gap':
      return [
        ...FFMPEG_COMMON,
        '-f',
        'lavfi',
        '-i',
        `color=c=black:s=${output.width}x${output.height}:r=${rate}`,
        ...frames,
        ...rawOutput(output.pixelFormat),
      ];
    case 'video': {
      if (source.streamIndex !== null && (!Number.isInteger(source.streamIndex) || source.streamIndex < 0)) {
        throw invalid(`streamIndex must be a whole number ≥ 0, got ${source.streamIndex}`);
      }
      const window = renderedSeekWindow(source.startUs, output.fps);
      const seek = window.seekUs > 0 ? ['-ss', microsecondsToSecondsText(window.seekUs)] : [];
      const chain = [
        ...window.frameFilters,
        ...fitFilters(output.width, output.height),
        'tpad=stop_mode=clone:stop=-1',
      ];
      return [
        ...FFMPEG_COMMON,
        ...seek,
        '-protocol_whitelist',
        'file',
        '-i',
        toFfmpegFileUrl(source.path),
        '-map',
        source.streamIndex === null ? '0:V:0' : `0:${source.streamIndex}`,
        '-vf',
        chain.join(','),
        ...frames,
        ...rawOutput(output.pixelFormat),
      ];
    }
    case 'image': {
      const chain = [
        ...rotationFilters(source.rotation),
        ...fitFilters(output.width, output.height),
        'loop=loop=-1:size=1',
        `setpts=N*${output.fps.den}/(${output.fps.num}*TB)`,
        `fps=${rate}`,
      ];
      return [
        ...FFMPEG_COMMON,
        '-noautorotate',
        '-protocol_whitelist',
        'file',
        '-i',
        toFfmpegFileUrl(source.path),
        '-map',
        '0:V:0',
        '-vf',
        chain.join(','),
        ...frames,
        ...rawOutput(output.pixelFormat),
      ];
    }
  }
}

/**
 * Raw frames in (stdin) to raw frames out (stdout), between the JS processors and the encoder:
 * RGB is converted to YUV in BT.709 (as the encoder tags its output); YUV to another YUV keeps
 * its values; the same format is relayed as is (a stream copy: no decode, no conversion).
 */
export function rawFrameConvertArguments(input: RawVideoFormat, outputPixelFormat: RawPixelFormat): string[] {
  requireFormat(input);
  requireFormat({ ...input, pixelFormat: outputPixelFormat });
  const conversion =
    input.pixelFormat === outputPixelFormat
      ? ['-c:v', 'copy']
      : input.pixelFormat === 'rgb24'
        ? ['-vf', 'scale=out_color_matrix=bt709:out_range=tv']
        : [];
  return [
    ...FFMPEG_COMMON,
    ...rawVideoInput(input, 'pipe:0'),
    ...conversion,
    ...rawOutput(outputPixelFormat),
  ];
}

function rawVideoInput(format: RawVideoFormat, url: string): string[] {
  return [
    '-f',
    'rawvideo',
    '-pix_fmt',
    format.pixelFormat,
    '-video_size',
    `${format.width}x${format.height}`,
    '-framerate',
    rateText(format.fps),
    '-i',
    url,
  ];
}

export interface AudioPlacement {
  path: string;
  streamIndex: number | null;
  /** Where to start reading the source, in its own time. */
  sourceStartUs: Microseconds;
  /** Where the clip starts in the output, in samples at the mix rate. */
  outputStartSample: number;
  sampleCount: number;
}

export interface AudioMixRequest {
  placements: readonly AudioPlacement[];
  sampleRate: number;
  /** Length of the output in samples: the mix is padded with silence or cut to exactly this. */
  totalSamples: number;
}

/** Channels on the audio pipe (interleaved float32). */
export const MIX_CHANNELS = 2;

/**
 * Every audible clip placed at its sample position and summed (no normalisation: a clip keeps its
 * level whether or not others play), padded/cut to exactly `totalSamples`, as interleaved stereo
 * float32 on stdout. Input `-ss` seeks accurately; `atrim` makes each clip's length sample-exact.
 */
export function audioMixArguments(request: AudioMixRequest): string[] {
  const { placements, sampleRate, totalSamples } = request;
  requirePositiveInteger('sampleRate', sampleRate);
  requirePositiveInteger('totalSamples', totalSamples);
  const inputs: string[] = [];
  const chains: string[] = [];
  const format = `aresample=${sampleRate},aformat=sample_fmts=fltp:channel_layouts=stereo`;
  placements.forEach((placement, index) => {
    requirePositiveInteger('sampleCount', placement.sampleCount);
    if (!Number.isInteger(placement.outputStartSample) || placement.outputStartSample < 0) {
      throw invalid(`outputStartSample must be a whole number ≥ 0, got ${placement.outputStartSample}`);
    }
    const durationUs = Math.ceil((placement.sampleCount * 1_000_000) / sampleRate);
    if (placement.sourceStartUs > 0) inputs.push('-ss', microsecondsToSecondsText(placement.sourceStartUs));
    inputs.push('-t', microsecondsToSecondsText(durationUs));
    inputs.push('-protocol_whitelist', 'file', '-i', toFfmpegFileUrl(placement.path));
    const stream = placement.streamIndex === null ? `${index}:a:0` : `${index}:${placement.streamIndex}`;
    chains.push(
      `[${stream}]${format},atrim=end_sample=${placement.sampleCount},asetpts=PTS-STARTPTS,` +
        `adelay=delays=${placement.outputStartSample}S:all=1[a${index}]`,
    );
  });
  const finish = `apad=whole_len=${totalSamples},atrim=end_sample=${totalSamples}[mix]`;
  let graph: string;
  if (placements.length === 0) {
    inputs.push('-f', 'lavfi', '-i', `anullsrc=r=${sampleRate}:cl=stereo`);
    graph = `[0:a]${finish}`;
  } else if (placements.length === 1) {
    graph = `${chains[0]};[a0]${finish}`;
  } else {
    const labels = placements.map((_, index) => `[a${index}]`).join('');
    graph = `${chains.join(';')};${labels}amix=inputs=${placements.length}:duration=longest:normalize=0,${finish}`;
  }
  return [
    ...FFMPEG_COMMON,
    ...inputs,
    '-filter_complex',
    graph,
    '-map',
    '[mix]',
    '-c:a',
    'pcm_f32le',
    '-ar',
    String(sampleRate),
    '-ac',
    String(MIX_CHANNELS),
    '-f',
    'f32le',
    'pipe:1',
  ];
}
