// Pure part of probing: turns ffprobe's JSON into a MediaProbe, or into an error that names the file
// and says what is wrong with it. Kept free of I/O so every rule here is easy to test and to read.
import { z } from 'zod';
import { StudioError } from '../../shared/errors';
import type { MediaKind } from '../../shared/model/schemas';
import { parseRational, secondsToMicroseconds, type Microseconds, type Rational } from '../../shared/time';

const ffprobeStreamSchema = z.looseObject({
  index: z.number().int(),
  codec_type: z.string().optional(),
  codec_name: z.string().optional(),
  width: z.number().optional(),
  height: z.number().optional(),
  sample_aspect_ratio: z.string().optional(),
  avg_frame_rate: z.string().optional(),
  r_frame_rate: z.string().optional(),
  duration: z.string().optional(),
  sample_rate: z.string().optional(),
  channels: z.number().optional(),
  disposition: z.looseObject({ attached_pic: z.number().optional() }).optional(),
  tags: z.record(z.string(), z.unknown()).optional(),
  side_data_list: z
    .array(z.looseObject({ rotation: z.union([z.number(), z.string()]).optional() }))
    .optional(),
});

const ffprobeOutputSchema = z.looseObject({
  streams: z.array(ffprobeStreamSchema).default([]),
  format: z
    .looseObject({
      format_name: z.string().optional(),
      duration: z.string().optional(),
    })
    .optional(),
});

export type FfprobeStream = z.infer<typeof ffprobeStreamSchema>;
export type FfprobeOutput = z.infer<typeof ffprobeOutputSchema>;

export type Rotation = 0 | 90 | 180 | 270;

export interface MediaProbe {
  kind: MediaKind;
  /** ffprobe's format name, e.g. "mov,mp4,m4a,3gp,3g2,mj2", "png_pipe". */
  formatName: string;
  /** Container duration; null for still images. */
  durationUs: Microseconds | null;
  /** Coded size of the picture (before rotation); null for audio. */
  width: number | null;
  height: number | null;
  /** Size as shown: square pixels (sample aspect ratio applied) and rotated upright. */
  displayWidth: number | null;
  displayHeight: number | null;
  fps: Rational | null;
  /** True for videos and images (they have a picture); cover art does not count. */
  hasVideo: boolean;
  hasAudio: boolean;
  videoCodec: string | null;
  audioCodec: string | null;
  /** Clockwise degrees to turn the coded picture to show it upright (what ffmpeg's autorotate does). */
  rotation: Rotation;
  sizeBytes: number;
  /** ffprobe stream indexes, for `-map 0:<index>`. */
  videoStreamIndex: number | null;
  audioStreamIndex: number | null;
  /** Duration of the video stream itself, when the container says (filmstrip spacing). */
  videoDurationUs: Microseconds | null;
  audioSampleRate: number | null;
  audioChannels: number | null;
  raw: FfprobeOutput;
}

/** Still-image codecs the studio can turn into thumbnails and frames. */
export const SUPPORTED_IMAGE_CODECS: ReadonlyMap<string, string> = new Map([
  ['mjpeg', 'JPEG'],
  ['jpeg', 'JPEG'],
  ['png', 'PNG'],
  ['webp', 'WebP'],
  ['bmp', 'BMP'],
  ['tiff', 'TIFF'],
  ['gif', 'GIF'],
]);

const SUPPORTED_IMAGE_LIST = 'JPEG, PNG, WebP, BMP, TIFF, GIF';

/** Formats ffprobe uses for single images: image2, every `*_pipe` image reader, and GIF. */
function isImageFormat(formatNames: readonly string[]): boolean {
  return formatNames.some(
    (name) => name === 'image2' || name === 'image2pipe' || name === 'gif' || name.endsWith('_pipe'),
  );
}

export function normaliseRotation(degrees: number): Rotation {
  const quarterTurns = Math.round(degrees / 90);
  return ((((quarterTurns % 4) + 4) % 4) * 90) as Rotation;
}

/**
 * Rotation of a video stream. ffprobe ≥ 5 reports the display matrix as side data whose `rotation`
 * is counter-clockwise; older builds exported a `rotate` tag that is clockwise. We return clockwise.
 */
export function streamRotation(stream: FfprobeStream): Rotation {
  for (const sideData of stream.side_data_list ?? []) {
    const value = Number(sideData.rotation);
    if (sideData.rotation !== undefined && Number.isFinite(value)) return normaliseRotation(-value);
  }
  const tag = Number(stream.tags?.rotate);
  return stream.tags?.rotate !== undefined && Number.isFinite(tag) ? normaliseRotation(tag) : 0;
}

/** EXIF orientation (1–8) as clockwise rotation; mirrored variants keep their rotation part. */
export function exifOrientationToRotation(orientation: number | undefined): Rotation {
  switch (orientation) {
    case 3:
    case 4:
      return 180;
    case 5:
    case 6:
      return 90;
    case 7:
    case 8:
      return 270;
    default:
      return 0;
  }
}

function secondsTextToMicroseconds(text: string | undefined): Microseconds | null {
  if (text === undefined) return null;
  const seconds = Number(text);
  return Number.isFinite(seconds) && seconds > 0 ? secondsToMicroseconds(seconds) : null;
}

function frameRate(stream: FfprobeStream): Rational | null {
  for (const text of [stream.avg_frame_rate, stream.r_frame_rate]) {
    const rate = parseRational(text);
    // Some containers report a timebase (e.g. 90000/1) as r_frame_rate; no real video runs that fast.
    if (rate && Number.isInteger(rate.num) && Number.isInteger(rate.den) && rate.num / rate.den <= 1000) {
      return rate;
    }
  }
  return null;
}

function displaySize(stream: FfprobeStream, rotation: Rotation): { width: number; height: number } | null {
  if (!stream.width || !stream.height) return null;
  const [sarNum, sarDen] = (stream.sample_aspect_ratio ?? '1:1').split(':').map(Number);
  const sar = sarNum && sarDen ? sarNum / sarDen : 1; // "0:1" means unknown: square pixels
  const width = Math.max(1, Math.round(stream.width * sar));
  return rotation === 90 || rotation === 270
    ? { width: stream.height, height: width }
    : { width, height: stream.height };
}

export interface ProbeContext {
  path: string;
  sizeBytes: number;
  /** EXIF orientation read from an image (ffprobe does not report it). */
  exifOrientation?: number;
}

/**
 * Classifies ffprobe's output. Throws UNSUPPORTED_FORMAT or MEDIA_UNREADABLE naming the file. The
 * duration of a video or audio file may come back null; probeMedia then tries harder and calls
 * `requireKnownDuration`.
 */
export function interpretProbe(rawOutput: unknown, context: ProbeContext): MediaProbe {
  const parsed = ffprobeOutputSchema.safeParse(rawOutput);
  const file = `"${context.path}"`;
  if (!parsed.success || !parsed.data.format?.format_name) {
    throw new StudioError(
      'MEDIA_UNREADABLE',
      `${file} is not a media file ffprobe can read (no format found).`,
    );
  }
  const raw = parsed.data;
  const formatName = parsed.data.format?.format_name ?? '';
  const formatNames = formatName.split(',');
  if (formatNames.includes('tty')) {
    throw new StudioError('MEDIA_UNREADABLE', `${file} is a text file, not a media file ffprobe can read.`);
  }
  const videoStreams = raw.streams.filter(
    (stream) => stream.codec_type === 'video' && stream.disposition?.attached_pic !== 1,
  );
  const audioStream = raw.streams.find((stream) => stream.codec_type === 'audio') ?? null;
  const videoStream = videoStreams[0] ?? null;

  if (isImageFormat(formatNames) && videoStream) {
    const codec = videoStream.codec_name ?? 'unknown';
    if (!SUPPORTED_IMAGE_CODECS.has(codec)) {
      throw new StudioError(
        'UNSUPPORTED_FORMAT',
        `${file} is an image in ${codec.toUpperCase()} format (ffprobe format ${formatName}), which the studio cannot use. ` +
          `Supported image formats: ${SUPPORTED_IMAGE_LIST}.`,
      );
    }
    const rotation = exifOrientationToRotation(context.exifOrientation);
    const display = displaySize(videoStream, rotation);
    if (!display) throw new StudioError('MEDIA_UNREADABLE', `${file} is an image without a readable size.`);
    return {
      ...emptyProbe(raw, formatName, context.sizeBytes, 'image'),
      width: videoStream.width ?? null,
      height: videoStream.height ?? null,
      displayWidth: display.width,
      displayHeight: display.height,
      hasVideo: true,
      videoCodec: codec,
      rotation,
      videoStreamIndex: videoStream.index,
    };
  }

  if (!videoStream && !audioStream) {
    const types = [...new Set(raw.streams.map((stream) => stream.codec_type ?? 'unknown'))];
    const found = types.length > 0 ? `only ${types.join(', ')} streams` : 'no streams';
    throw new StudioError(
      'UNSUPPORTED_FORMAT',
      `${file} has no audio or video to import (format ${formatName}, ${found}).`,
    );
  }
  for (const stream of [videoStream, audioStream]) {
    if (stream && !stream.codec_name) {
      throw new StudioError(
        'UNSUPPORTED_FORMAT',
        `${file} has a ${stream.codec_type} stream in a codec this ffmpeg cannot decode.`,
      );
    }
  }

  const streamDurations = raw.streams.map((stream) => secondsTextToMicroseconds(stream.duration) ?? 0);
  const containerDuration =
    secondsTextToMicroseconds(raw.format?.duration) ?? (Math.max(0, ...streamDurations) || null);
  const base = emptyProbe(raw, formatName, context.sizeBytes, videoStream ? 'video' : 'audio');
  const audio = audioStream
    ? {
        hasAudio: true,
        audioCodec: audioStream.codec_name ?? null,
        audioStreamIndex: audioStream.index,
        audioSampleRate: Number(audioStream.sample_rate) || null,
        audioChannels: audioStream.channels ?? null,
      }
    : {};
  if (!videoStream) return { ...base, ...audio, durationUs: containerDuration };

  const rotation = streamRotation(videoStream);
  const display = displaySize(videoStream, rotation);
  if (!display) {
    throw new StudioError('MEDIA_UNREADABLE', `${file} has a video stream without a readable frame size.`);
  }
  return {
    ...base,
    ...audio,
    durationUs: containerDuration,
    width: videoStream.width ?? null,
    height: videoStream.height ?? null,
    displayWidth: display.width,
    displayHeight: display.height,
    fps: frameRate(videoStream),
    hasVideo: true,
    videoCodec: videoStream.codec_name ?? null,
    rotation,
    videoStreamIndex: videoStream.index,
    videoDurationUs: secondsTextToMicroseconds(videoStream.duration),
  };
}

function emptyProbe(raw: FfprobeOutput, formatName: string, sizeBytes: number, kind: MediaKind): MediaProbe {
  return {
    kind,
    formatName,
    durationUs: null,
    width: null,
    height: null,
    displayWidth: null,
    displayHeight: null,
    fps: null,
    hasVideo: false,
    hasAudio: false,
    videoCodec: null,
    audioCodec: null,
    rotation: 0,
    sizeBytes,
    videoStreamIndex: null,
    audioStreamIndex: null,
    videoDurationUs: null,
    audioSampleRate: null,
    audioChannels: null,
    raw,
  };
}

/** Videos and audio need a duration to be placed on the timeline; say so clearly when there is none. */
export function requireKnownDuration(probe: MediaProbe, path: string): MediaProbe {
  if (probe.kind === 'image' || probe.durationUs !== null) return probe;
  throw new StudioError(
    'MEDIA_UNREADABLE',
    `"${path}" is a ${probe.kind} file whose duration cannot be determined (format ${probe.formatName}); ` +
      'it may be a raw stream or damaged. Remux it into MP4 or MKV and import that.',
  );
}
