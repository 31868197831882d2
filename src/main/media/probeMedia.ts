// probeMedia: what is in a media file (kind, duration, size, rate, codecs, rotation), from one
// ffprobe run plus a few cheap checks that turn ffprobe's terse failures into errors a user can act
// on: "no longer exists", "is empty", "looks truncated", "is not a media file".
import sharp from 'sharp';
import { StudioError } from '../../shared/errors';
import { ffprobeJsonArguments, ffprobePacketCountArguments } from './ffmpegArguments';
import { locateFfprobe } from './ffmpegLocator';
import { statMediaFile } from './fileErrors';
import { classifyFileStart, inspectIsoMediaStructure, readFileHead } from './isoMediaStructure';
import { interpretProbe, requireKnownDuration, type MediaProbe } from './probeInterpretation';
import { ProcessFailedError } from './processErrors';
import { runProcess } from './runProcess';

export type { MediaProbe, Rotation } from './probeInterpretation';

/** A probe reads headers only; a minute means ffprobe is stuck on a pathological file. */
const PROBE_TIMEOUT_MS = 60_000;
/** Counting packets reads the whole file, so it gets longer. */
const PACKET_COUNT_TIMEOUT_MS = 300_000;

/** ffprobe's JSON for a normal file is a few KB; anything near this is not a media file we want. */
const MAX_PROBE_OUTPUT_BYTES = 16 * 1024 * 1024;

/** Image codecs whose EXIF orientation sharp can read (ffprobe ignores EXIF). */
const EXIF_CAPABLE_CODECS = new Set(['mjpeg', 'jpeg', 'tiff', 'webp', 'png']);

export interface ProbeOptions {
  signal?: AbortSignal;
}

/** Explains an ffprobe failure from the file's own bytes. */
async function unreadableError(filePath: string, failure: ProcessFailedError): Promise<StudioError> {
  const file = `"${filePath}"`;
  const detail = failure.usefulLine.replace(/^file:.*?: /, '');
  const start = classifyFileStart(await readFileHead(filePath).catch(() => Buffer.alloc(0)));
  if (start === 'iso-media') {
    const { problem } = await inspectIsoMediaStructure(filePath).catch(() => ({ problem: null }));
    return new StudioError(
      'MEDIA_UNREADABLE',
      `${file} looks truncated or damaged: ${problem ?? detail} (an interrupted download or copy?).`,
      { cause: failure },
    );
  }
  if (start === 'text') {
    return new StudioError(
      'MEDIA_UNREADABLE',
      `${file} is not a media file ffprobe can read: it contains plain text.`,
      { cause: failure },
    );
  }
  return new StudioError(
    'MEDIA_UNREADABLE',
    `${file} is not a media file ffprobe can read${detail ? ` (${detail})` : ''}.`,
    { cause: failure },
  );
}

async function runFfprobe(
  filePath: string,
  args: string[],
  signal: AbortSignal | undefined,
  timeoutMs = PROBE_TIMEOUT_MS,
): Promise<unknown> {
  const ffprobe = await locateFfprobe();
  let stdout: Buffer;
  try {
    ({ stdout } = await runProcess(ffprobe, args, {
      signal,
      label: `ffprobe on "${filePath}"`,
      maxStdoutBytes: MAX_PROBE_OUTPUT_BYTES,
      timeoutMs,
    }));
  } catch (error) {
    if (error instanceof ProcessFailedError && error.code === 'FFMPEG_FAILED') {
      throw await unreadableError(filePath, error);
    }
    throw error;
  }
  try {
    return JSON.parse(stdout.toString('utf8'));
  } catch (error) {
    throw new StudioError('MEDIA_UNREADABLE', `ffprobe gave unreadable output for "${filePath}".`, {
      cause: error,
    });
  }
}

async function readExifOrientation(filePath: string): Promise<number | undefined> {
  try {
    return (await sharp(filePath).metadata()).orientation;
  } catch {
    return undefined; // a format sharp cannot open has no EXIF we could use anyway
  }
}

/**
 * Raw streams (an .h264 elementary stream) carry no duration. Counting the video packets and
 * dividing by the frame rate gives one; it reads the whole file, so it is only a fallback.
 */
async function durationFromPacketCount(
  filePath: string,
  probe: MediaProbe,
  signal: AbortSignal | undefined,
): Promise<number | null> {
  if (probe.videoStreamIndex === null || !probe.fps) return null;
  const raw = await runFfprobe(
    filePath,
    ffprobePacketCountArguments(filePath, probe.videoStreamIndex),
    signal,
    PACKET_COUNT_TIMEOUT_MS,
  );
  const streams = (raw as { streams?: Array<{ nb_read_packets?: string }> }).streams;
  const packets = Number(streams?.[0]?.nb_read_packets);
  if (!Number.isFinite(packets) || packets <= 0) return null;
  return Math.round((packets * probe.fps.den * 1_000_000) / probe.fps.num);
}

/** Probes a media file. Throws StudioError FILE_NOT_FOUND, FILE_EMPTY, MEDIA_UNREADABLE or UNSUPPORTED_FORMAT. */
export async function probeMedia(filePath: string, options: ProbeOptions = {}): Promise<MediaProbe> {
  const sizeBytes = await statMediaFile(filePath);
  const raw = await runFfprobe(filePath, ffprobeJsonArguments(filePath), options.signal);
  let probe = interpretProbe(raw, { path: filePath, sizeBytes });

  if (probe.kind === 'image') {
    if (probe.videoCodec && EXIF_CAPABLE_CODECS.has(probe.videoCodec)) {
      const exifOrientation = await readExifOrientation(filePath);
      if (exifOrientation !== undefined && exifOrientation > 1) {
        probe = interpretProbe(raw, { path: filePath, sizeBytes, exifOrientation });
      }
    }
    return probe;
  }

  // ffprobe reads an MP4 whose index survived but whose media data was cut off without complaint;
  // the box walk catches it (a few header reads).
  const formatNames = probe.formatName.split(',');
  if (formatNames.includes('mov') || formatNames.includes('mp4')) {
    const { problem } = await inspectIsoMediaStructure(filePath);
    if (problem) {
      throw new StudioError(
        'MEDIA_UNREADABLE',
        `"${filePath}" looks truncated or damaged: ${problem} (an interrupted download or copy?).`,
      );
    }
  }

  if (probe.durationUs === null && probe.kind === 'video') {
    const durationUs = await durationFromPacketCount(filePath, probe, options.signal);
    if (durationUs !== null)
      probe = { ...probe, durationUs, videoDurationUs: probe.videoDurationUs ?? durationUs };
  }
  return requireKnownDuration(probe, filePath);
}
