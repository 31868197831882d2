// Decodes a video's luma (grey) plane at a fixed analysis size, frame by frame, for detectors that
// look at the picture statistically (the invisible-watermark detector, later the inspector's cues).
// ffmpeg does the scaling (area averaging), so JS only ever sees small frames, whatever the input.
// Frames are the stored pictures (`-noautorotate`): an embedded watermark lives in stored pixels.
import { StudioError } from '../../shared/errors';
import { toFfmpegFileUrl } from './ffmpegArguments';
import { locateFfmpeg } from './ffmpegLocator';
import { probeMedia, type MediaProbe } from './probeMedia';
import { readFixedSizeFrames } from './rawVideoStreams';
import { spawnProcess } from './runProcess';

export interface ScaledLumaDecodeRequest {
  inputPath: string;
  streamIndex: number;
  width: number;
  height: number;
  /** Stop after this many frames (from the start). */
  maxFrames: number;
}

/** Pure: the ffmpeg arguments for ScaledLumaDecodeRequest (grey frames on stdout). */
export function scaledLumaDecodeArguments(request: ScaledLumaDecodeRequest): string[] {
  const { width, height, maxFrames, streamIndex } = request;
  for (const [name, value] of [
    ['width', width],
    ['height', height],
    ['maxFrames', maxFrames],
  ] as const) {
    if (!Number.isInteger(value) || value <= 0) {
      throw new StudioError(
        'INVALID_ARGUMENT',
        `Invalid luma decode ${name}: ${value} (must be a positive whole number).`,
      );
    }
  }
  if (!Number.isInteger(streamIndex) || streamIndex < 0) {
    throw new StudioError('INVALID_ARGUMENT', `Invalid luma decode stream index: ${streamIndex}.`);
  }
  return [
    ...['-hide_banner', '-nostdin', '-v', 'error', '-noautorotate'],
    ...['-protocol_whitelist', 'file', '-i', toFfmpegFileUrl(request.inputPath)],
    ...['-map', `0:${streamIndex}`, '-frames:v', String(maxFrames)],
    ...['-vf', `scale=${width}:${height}:flags=area,format=gray`],
    ...['-f', 'rawvideo', '-pix_fmt', 'gray', 'pipe:1'],
  ];
}

export interface ScaledLumaFrameOptions {
  width: number;
  height: number;
  maxFrames: number;
  signal?: AbortSignal;
  /** Reuse a probe the caller already has. */
  probe?: MediaProbe;
}

/**
 * Yields `width` x `height` grey frames (one byte per pixel) of the first video stream. A frame is
 * only valid until the next one is requested (the buffer is reused). Breaking out stops ffmpeg.
 * Throws UNSUPPORTED_FORMAT when the file has no video.
 */
export async function* readScaledLumaFrames(
  inputPath: string,
  options: ScaledLumaFrameOptions,
): AsyncGenerator<Uint8Array> {
  const probe = options.probe ?? (await probeMedia(inputPath, { signal: options.signal }));
  if (!probe.hasVideo || probe.videoStreamIndex === null) {
    throw new StudioError('UNSUPPORTED_FORMAT', `"${inputPath}" has no video stream to analyse.`);
  }
  const args = scaledLumaDecodeArguments({
    inputPath,
    streamIndex: probe.videoStreamIndex,
    width: options.width,
    height: options.height,
    maxFrames: options.maxFrames,
  });
  const label = `ffmpeg (luma analysis) on "${inputPath}"`;
  const decoder = spawnProcess(await locateFfmpeg(), args, { signal: options.signal, label });
  const frameBytes = options.width * options.height;
  const buffer = new Uint8Array(frameBytes);
  let finished = false;
  try {
    yield* readFixedSizeFrames(decoder.stdout, frameBytes, () => buffer, label);
    await decoder.exited;
    finished = true;
  } finally {
    if (!finished) {
      decoder.kill();
      await decoder.exited.catch(() => undefined);
    }
  }
}
