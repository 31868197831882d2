// Pure builder for the render's one encoder: raw video on stdin (fd 0), raw float PCM on fd 3,
// optional extra inputs and filter fragments (watermarks and the like), one output file.
// Progress goes to stdout as `key=value` lines (see ffmpegProgress.ts).
import { StudioError } from '../../shared/errors';
import { toFfmpegFileUrl } from './ffmpegArguments';
import { MIX_CHANNELS, rateText, type RawPixelFormat, type RawVideoFormat } from './renderArguments';

export type EncodeVideoCodec = 'h264' | 'hevc' | 'prores' | 'vp9';
export type EncodeSpeed = 'ultrafast' | 'superfast' | 'veryfast' | 'faster' | 'fast' | 'medium' | 'slow';
export type EncodeContainer = 'mp4' | 'mov' | 'webm' | 'matroska';

export interface EncodeCodecSettings {
  videoCodec: EncodeVideoCodec;
  /** Constant-quality factor; unused by ProRes. */
  crf: number;
  speed: EncodeSpeed;
}

export interface EncodeRequest {
  /** Read from stdin. */
  video: RawVideoFormat;
  /** Interleaved float32 PCM read from fd 3. */
  audioSampleRate: number;
  codec: EncodeCodecSettings;
  container: EncodeContainer;
  /** Each entry is one input's options ending in `-i <url>`; they become inputs 2, 3, … */
  extraInputs: readonly (readonly string[])[];
  /**
   * A -filter_complex graph that reads `[0:v]` (and/or `[1:a]`) and writes `[vout]` (and/or
   * `[aout]`); null maps the pipes straight to the encoders.
   */
  filterComplex: string | null;
  extraOutputArguments: readonly string[];
  outputPath: string;
}

/** The raw pixel format the encoder wants on its pipe (what the codec stores, so no conversion). */
export function encoderInputPixelFormat(codec: EncodeVideoCodec): RawPixelFormat {
  return codec === 'prores' ? 'yuv422p10le' : 'yuv420p';
}

const VP9_CPU_USED: Record<EncodeSpeed, number> = {
  ultrafast: 8,
  superfast: 7,
  veryfast: 6,
  faster: 5,
  fast: 4,
  medium: 3,
  slow: 2,
};

function videoCodecArguments(codec: EncodeCodecSettings): string[] {
  switch (codec.videoCodec) {
    case 'h264':
      return ['-c:v', 'libx264', '-preset', codec.speed, '-crf', String(codec.crf), '-pix_fmt', 'yuv420p'];
    case 'hevc':
      return [
        ...['-c:v', 'libx265', '-preset', codec.speed, '-crf', String(codec.crf), '-pix_fmt', 'yuv420p'],
        // hvc1 is the tag QuickTime and Safari require; x265 otherwise prints its settings on stderr.
        ...['-tag:v', 'hvc1', '-x265-params', 'log-level=error'],
      ];
    case 'prores':
      // prores_ks profile 3 = 422 HQ, what editors expect from an intermediate.
      return ['-c:v', 'prores_ks', '-profile:v', '3', '-vendor', 'apl0', '-pix_fmt', 'yuv422p10le'];
    case 'vp9': {
      const cpuUsed = String(VP9_CPU_USED[codec.speed]);
      const deadline = VP9_CPU_USED[codec.speed] > 5 ? 'realtime' : 'good';
      return [
        ...['-c:v', 'libvpx-vp9', '-crf', String(codec.crf), '-b:v', '0', '-deadline', deadline],
        ...['-cpu-used', cpuUsed, '-row-mt', '1', '-pix_fmt', 'yuv420p'],
      ];
    }
  }
}

function audioCodecArguments(codec: EncodeVideoCodec): string[] {
  switch (codec) {
    case 'h264':
    case 'hevc':
      return ['-c:a', 'aac', '-b:a', '192k'];
    case 'prores':
      return ['-c:a', 'pcm_s16le'];
    case 'vp9':
      return ['-c:a', 'libopus', '-b:a', '160k'];
  }
}

function containerArguments(container: EncodeContainer): string[] {
  // faststart moves the index to the front so players (and browsers) can start before the end.
  if (container === 'mp4' || container === 'mov') return ['-movflags', '+faststart', '-f', container];
  return ['-f', container];
}

export function encodeArguments(request: EncodeRequest): string[] {
  const { video, codec } = request;
  if (!Number.isInteger(request.audioSampleRate) || request.audioSampleRate <= 0) {
    throw new StudioError('INVALID_ARGUMENT', `Invalid audio sample rate ${request.audioSampleRate}.`);
  }
  if (video.pixelFormat !== encoderInputPixelFormat(codec.videoCodec)) {
    throw new StudioError(
      'INVALID_ARGUMENT',
      `The ${codec.videoCodec} encoder reads ${encoderInputPixelFormat(codec.videoCodec)}, not ${video.pixelFormat}.`,
    );
  }
  const maps =
    request.filterComplex === null
      ? ['-map', '0:v', '-map', '1:a']
      : [
          '-filter_complex',
          request.filterComplex,
          '-map',
          request.filterComplex.includes('[vout]') ? '[vout]' : '0:v',
          '-map',
          request.filterComplex.includes('[aout]') ? '[aout]' : '1:a',
        ];
  return [
    '-hide_banner',
    '-nostdin',
    '-v',
    'error',
    '-y',
    ...['-progress', 'pipe:1', '-stats_period', '0.25'],
    ...['-f', 'rawvideo', '-pix_fmt', video.pixelFormat, '-video_size', `${video.width}x${video.height}`],
    ...['-framerate', rateText(video.fps), '-i', 'pipe:0'],
    ...['-f', 'f32le', '-ar', String(request.audioSampleRate), '-ac', String(MIX_CHANNELS), '-i', 'pipe:3'],
    ...request.extraInputs.flat(),
    ...maps,
    ...videoCodecArguments(codec),
    ...['-colorspace', 'bt709', '-color_primaries', 'bt709', '-color_trc', 'bt709'],
    ...audioCodecArguments(codec.videoCodec),
    ...request.extraOutputArguments,
    ...containerArguments(request.container),
    toFfmpegFileUrl(request.outputPath),
  ];
}
