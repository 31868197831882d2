// Decodes a video into upright RGB24 frames for analysis (face detection and tracking): square
// pixels, turned as a player shows it (ffmpeg's autorotate), optionally shrunk so the long side fits
// `maxLongSide`, and optionally only every Nth frame (ffmpeg drops the others before they reach
// the pipe). Frames keep their index in the full stream, so "frame 40" means the same picture
// whatever N was. Memory is flat: one frame in flight, backpressure on the pipe.
import { StudioError } from '../../shared/errors';
import { toFfmpegFileUrl } from './ffmpegArguments';
import { locateFfmpeg } from './ffmpegLocator';
import { probeMedia, type MediaProbe } from './probeMedia';
import { readFixedSizeFrames } from './rawVideoStreams';
import { spawnProcess } from './runProcess';
import { isVariableFrameRate, readVideoFrameTimesUs } from './videoFrameTimes';

export interface AnalysisFrameSize {
  width: number;
  height: number;
}

/** The decoded size: the display size, shrunk (never enlarged) to fit `maxLongSide`. */
export function analysisFrameSize(
  displayWidth: number,
  displayHeight: number,
  maxLongSide: number,
): AnalysisFrameSize {
  const scale = Math.min(1, maxLongSide / Math.max(displayWidth, displayHeight));
  return {
    width: Math.max(1, Math.round(displayWidth * scale)),
    height: Math.max(1, Math.round(displayHeight * scale)),
  };
}

export interface AnalysisFramesRequest {
  inputPath: string;
  streamIndex: number;
  width: number;
  height: number;
  /** Keep frames whose index is a multiple of this (1 = every frame). */
  every: number;
  /** Stop after this many output frames. */
  maxFrames?: number;
}

/** Pure: ffmpeg arguments for AnalysisFramesRequest (rgb24 frames on stdout). */
export function analysisFramesArguments(request: AnalysisFramesRequest): string[] {
  const { width, height, every, streamIndex } = request;
  for (const [name, value] of [
    ['width', width],
    ['height', height],
    ['every', every],
  ] as const) {
    if (!Number.isInteger(value) || value <= 0) {
      throw new StudioError(
        'INVALID_ARGUMENT',
        `Invalid frame decode ${name}: ${value} (must be a positive whole number).`,
      );
    }
  }
  if (!Number.isInteger(streamIndex) || streamIndex < 0) {
    throw new StudioError('INVALID_ARGUMENT', `Invalid frame decode stream index: ${streamIndex}.`);
  }
  const filters = [
    ...(every > 1 ? [`select=not(mod(n\\,${every}))`] : []),
    'scale=w=iw*sar:h=ih',
    `scale=w=${width}:h=${height}:flags=bilinear`,
    'setsar=1',
    'format=rgb24',
  ];
  return [
    ...['-hide_banner', '-nostdin', '-v', 'error'],
    ...['-protocol_whitelist', 'file', '-i', toFfmpegFileUrl(request.inputPath)],
    ...['-map', `0:${streamIndex}`, '-vf', filters.join(',')],
    // One output frame per selected input frame: no duplicates or drops to make a constant rate.
    ...['-fps_mode', 'passthrough'],
    ...(request.maxFrames === undefined ? [] : ['-frames:v', String(request.maxFrames)]),
    ...['-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'],
  ];
}

export interface AnalysisFrame {
  /** Index of the frame in the whole stream (0-based). */
  index: number;
  /**
   * When the frame is shown, µs from the first frame: index / frame rate, or the container's own
   * time when `frameTimes` was asked for and the rate varies.
   */
  timeUs: number;
  width: number;
  height: number;
  /** rgb24, row-major; a fresh buffer per frame, the consumer may keep it. */
  data: Uint8Array;
}

export interface AnalysisFrameOptions {
  every?: number;
  /** Read every frame's presentation time from the container (one quick ffprobe pass). */
  frameTimes?: boolean;
  /** Shrink so the long side is at most this (default: keep the display size). */
  maxLongSide?: number;
  maxFrames?: number;
  signal?: AbortSignal;
  probe?: MediaProbe;
}

export interface AnalysisFrameSource {
  probe: MediaProbe;
  width: number;
  height: number;
  /** Decoded pixels per display pixel. */
  scale: number;
  /** Frames the source will yield, from the probe's duration and rate (an estimate for progress). */
  expectedFrames: number;
  /**
   * With `frameTimes`, for a variable-frame-rate video: every stream frame's time (µs from the
   * first). Null when index / rate is right to within half a frame, or times were not asked for.
   */
  frameTimesUs: number[] | null;
  frames: AsyncGenerator<AnalysisFrame>;
}

/** Probes (unless given a probe) and prepares the frame stream; ffmpeg starts on the first read. */
export async function openAnalysisFrames(
  inputPath: string,
  options: AnalysisFrameOptions = {},
): Promise<AnalysisFrameSource> {
  const probe = options.probe ?? (await probeMedia(inputPath, { signal: options.signal }));
  if (probe.kind === 'image') {
    throw new StudioError('INVALID_ARGUMENT', `"${inputPath}" is a still image, not a video.`);
  }
  if (!probe.hasVideo || probe.videoStreamIndex === null) {
    throw new StudioError(
      'UNSUPPORTED_FORMAT',
      `"${inputPath}" has no video stream: there are no frames to analyse${probe.kind === 'audio' ? ' (it holds only audio)' : ''}.`,
    );
  }
  const displayWidth = probe.displayWidth ?? probe.width ?? 0;
  const displayHeight = probe.displayHeight ?? probe.height ?? 0;
  if (displayWidth <= 0 || displayHeight <= 0) {
    throw new StudioError('MEDIA_UNREADABLE', `"${inputPath}" does not say how large its pictures are.`);
  }
  const every = options.every ?? 1;
  const size = analysisFrameSize(
    displayWidth,
    displayHeight,
    options.maxLongSide ?? Number.POSITIVE_INFINITY,
  );
  const fps = probe.fps ?? { num: 25, den: 1 };
  const durationUs = probe.videoDurationUs ?? probe.durationUs ?? 0;
  const streamFrames = Math.max(1, Math.round((durationUs * fps.num) / (fps.den * 1_000_000)));
  const expected = Math.ceil(streamFrames / every);
  const args = analysisFramesArguments({
    inputPath,
    streamIndex: probe.videoStreamIndex,
    width: size.width,
    height: size.height,
    every,
    ...(options.maxFrames === undefined ? {} : { maxFrames: options.maxFrames }),
  });
  const times = options.frameTimes
    ? await readVideoFrameTimesUs(inputPath, probe.videoStreamIndex, options.signal).catch((error) => {
        // Times only refine the lookup: when the packets cannot be listed, index / rate will do.
        if (options.signal?.aborted) throw error;
        return undefined;
      })
    : undefined;
  const frameTimesUs = times !== undefined && isVariableFrameRate(times, fps) ? times : null;
  const label = `ffmpeg (frames for analysis) on "${inputPath}"`;
  const frameBytes = size.width * size.height * 3;

  async function* frames(): AsyncGenerator<AnalysisFrame> {
    const decoder = spawnProcess(await locateFfmpeg(), args, { signal: options.signal, label });
    let finished = false;
    let position = 0;
    try {
      for await (const data of readFixedSizeFrames(
        decoder.stdout,
        frameBytes,
        () => new Uint8Array(frameBytes),
        label,
      )) {
        const index = position * every;
        position += 1;
        const timeUs = frameTimesUs?.[index] ?? Math.round((index * fps.den * 1_000_000) / fps.num);
        yield { index, timeUs, width: size.width, height: size.height, data };
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

  return {
    probe,
    width: size.width,
    height: size.height,
    scale: size.width / displayWidth,
    expectedFrames: options.maxFrames === undefined ? expected : Math.min(expected, options.maxFrames),
    frameTimesUs,
    frames: frames(),
  };
}
