// Decodes a few RGB24 frames of a video for analysis that looks at whole pictures (the content
// safety gate): frames sampled at a fixed rate over the whole video, or single frames at given
// times. Frames are as a viewer sees them (autorotated, square pixels); only pictures larger than
// MAX_SAMPLED_FRAME_SIDE on the long side are shrunk (area averaging), which bounds the bytes on
// the pipe for 4K and larger sources. Sampling at one frame per second decodes every frame (ffmpeg
// must, to reach them) but only the samples cross the pipe.
import { StudioError } from '../../shared/errors';
import type { Microseconds, Rational } from '../../shared/time';
import { microsecondsToSecondsText, toFfmpegFileUrl } from './ffmpegArguments';
import { locateFfmpeg } from './ffmpegLocator';
import { probeMedia, type MediaProbe } from './probeMedia';
import { readFixedSizeFrames } from './rawVideoStreams';
import { renderedSeekWindow } from './renderArguments';
import { spawnProcess } from './runProcess';

export const MAX_SAMPLED_FRAME_SIDE = 1920;

export interface SampledRgbFrame {
  /** 0, 1, 2, ... in decode order. */
  index: number;
  /** Time of the sample from the start of the video (the sampling grid for rate sampling). */
  timeUs: Microseconds;
  width: number;
  height: number;
  /** width * height * 3 bytes, RGB. Valid until the next frame is requested. */
  data: Uint8Array;
}

export interface SampledFrameSize {
  width: number;
  height: number;
}

/** The size frames come out at: the display size, shrunk to fit MAX_SAMPLED_FRAME_SIDE. */
export function sampledFrameSize(
  probe: Pick<MediaProbe, 'displayWidth' | 'displayHeight'>,
  inputPath: string,
): SampledFrameSize {
  const width = probe.displayWidth ?? 0;
  const height = probe.displayHeight ?? 0;
  if (width <= 0 || height <= 0) {
    throw new StudioError('UNSUPPORTED_FORMAT', `"${inputPath}" has no picture size to sample frames from.`);
  }
  const scale = Math.min(1, MAX_SAMPLED_FRAME_SIDE / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

export interface SampledRgbDecodeRequest {
  inputPath: string;
  streamIndex: number;
  size: SampledFrameSize;
  /** Rate sampling ("fps" filter, nearest frame to each grid time)... */
  samplesPerSecond?: number;
  /** ...or one frame at this time (input seek, then the first frame at or after it)... */
  atUs?: Microseconds;
  /** With atUs: the frame a render at this rate shows at atUs (renderArguments.ts's decode). */
  asRendered?: { outputFrameRate: Rational };
}

/** Pure: ffmpeg arguments for SampledRgbDecodeRequest (rgb24 frames on stdout). */
export function sampledRgbDecodeArguments(request: SampledRgbDecodeRequest): string[] {
  const { size, samplesPerSecond, atUs, streamIndex } = request;
  for (const [name, value] of [
    ['width', size.width],
    ['height', size.height],
  ] as const) {
    if (!Number.isInteger(value) || value <= 0) {
      throw new StudioError(
        'INVALID_ARGUMENT',
        `Invalid frame sampling ${name}: ${value} (must be a positive whole number).`,
      );
    }
  }
  if (!Number.isInteger(streamIndex) || streamIndex < 0) {
    throw new StudioError('INVALID_ARGUMENT', `Invalid frame sampling stream index: ${streamIndex}.`);
  }
  if ((samplesPerSecond === undefined) === (atUs === undefined)) {
    throw new StudioError('INVALID_ARGUMENT', 'Frame sampling needs either a rate or one time, not both.');
  }
  if (samplesPerSecond !== undefined && !(Number.isFinite(samplesPerSecond) && samplesPerSecond > 0)) {
    throw new StudioError('INVALID_ARGUMENT', `Invalid frame sampling rate: ${samplesPerSecond} per second.`);
  }
  if (request.asRendered !== undefined && atUs === undefined) {
    throw new StudioError('INVALID_ARGUMENT', 'A frame as rendered needs its time.');
  }
  const scale = `scale=${size.width}:${size.height}:flags=area,setsar=1,format=rgb24`;
  let seek = atUs === undefined ? [] : ['-ss', microsecondsToSecondsText(atUs)];
  let selection =
    samplesPerSecond === undefined
      ? ['-frames:v', '1', '-vf', scale]
      : ['-vf', `fps=${samplesPerSecond},${scale}`];
  if (atUs !== undefined && request.asRendered !== undefined) {
    // Exactly the render's seek and frame filters for a segment starting at atUs.
    const window = renderedSeekWindow(atUs, request.asRendered.outputFrameRate);
    seek = window.seekUs > 0 ? ['-ss', microsecondsToSecondsText(window.seekUs)] : [];
    selection = ['-frames:v', '1', '-vf', [...window.frameFilters, scale].join(',')];
  }
  return [
    ...['-hide_banner', '-nostdin', '-v', 'error'],
    ...seek,
    ...['-protocol_whitelist', 'file', '-i', toFfmpegFileUrl(request.inputPath)],
    ...['-map', `0:${streamIndex}`, '-an', '-sn'],
    ...selection,
    ...['-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'],
  ];
}

export interface SampledRgbFrameOptions {
  signal?: AbortSignal;
  /** Reuse a probe the caller already has. */
  probe?: MediaProbe;
}

async function* decodeFrames(
  inputPath: string,
  request: Omit<SampledRgbDecodeRequest, 'inputPath' | 'streamIndex' | 'size'>,
  options: SampledRgbFrameOptions,
): AsyncGenerator<SampledRgbFrame> {
  const probe = options.probe ?? (await probeMedia(inputPath, { signal: options.signal }));
  if (!probe.hasVideo || probe.videoStreamIndex === null) {
    throw new StudioError('UNSUPPORTED_FORMAT', `"${inputPath}" has no picture to sample frames from.`);
  }
  const size = sampledFrameSize(probe, inputPath);
  const args = sampledRgbDecodeArguments({
    inputPath,
    streamIndex: probe.videoStreamIndex,
    size,
    ...request,
  });
  const label = `ffmpeg (frame sampling) on "${inputPath}"`;
  const decoder = spawnProcess(await locateFfmpeg(), args, { signal: options.signal, label });
  const buffer = new Uint8Array(size.width * size.height * 3);
  let finished = false;
  let index = 0;
  try {
    for await (const data of readFixedSizeFrames(decoder.stdout, buffer.byteLength, () => buffer, label)) {
      const timeUs = request.atUs ?? Math.round((index * 1_000_000) / (request.samplesPerSecond ?? 1));
      yield { index, timeUs, width: size.width, height: size.height, data };
      index++;
    }
    await decoder.exited;
    finished = true;
  } finally {
    if (!finished) {
      decoder.kill();
      await decoder.exited.catch(() => undefined);
    }
  }
}

/**
 * Yields frames on a `samplesPerSecond` grid from the start of the first video stream (the frame
 * nearest each grid time). A picture shorter than one grid step still yields its first frame.
 */
export async function* readSampledRgbFrames(
  inputPath: string,
  samplesPerSecond: number,
  options: SampledRgbFrameOptions = {},
): AsyncGenerator<SampledRgbFrame> {
  let count = 0;
  for await (const frame of decodeFrames(inputPath, { samplesPerSecond }, options)) {
    count++;
    yield frame;
  }
  // The fps filter can emit nothing for a clip shorter than half a step; never sample zero frames.
  if (count === 0) yield* decodeFrames(inputPath, { atUs: 0 }, options);
}

/**
 * The picture a render at `outputFrameRate` shows at `sourceUs` of a video, or undefined past the
 * end: the last source frame before sourceUs + half an output frame (ffmpeg's fps filter, decoded
 * exactly as renderArguments.ts decodes a segment starting there) — not the first frame at or
 * after sourceUs, which is what readRgbFrameAt gives.
 */
export async function readRgbFrameAsRendered(
  inputPath: string,
  at: { sourceUs: Microseconds; outputFrameRate: Rational },
  options: SampledRgbFrameOptions = {},
): Promise<SampledRgbFrame | undefined> {
  const request = { atUs: at.sourceUs, asRendered: { outputFrameRate: at.outputFrameRate } };
  for await (const frame of decodeFrames(inputPath, request, options)) return frame;
  return undefined;
}

/** The frame shown at `timeUs` (the first one at or after it), or undefined past the end. */
export async function readRgbFrameAt(
  inputPath: string,
  timeUs: Microseconds,
  options: SampledRgbFrameOptions = {},
): Promise<SampledRgbFrame | undefined> {
  for await (const frame of decodeFrames(inputPath, { atUs: timeUs }, options)) {
    // The buffer is private to this call, so the frame may outlive the generator.
    return frame;
  }
  return undefined;
}
