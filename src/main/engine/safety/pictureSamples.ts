// The pictures the gate classifies in a file: a still image is one picture (decoded by sharp with
// its EXIF orientation, as a viewer shows it; ffmpeg for the formats sharp does not read), a video
// is sampled on the policy's grid from start to end, plus any extra times the caller asks for.
// Files without a picture (audio) have nothing to classify.
import sharp from 'sharp';
import { StudioError } from '../../../shared/errors';
import type { Microseconds } from '../../../shared/time';
import type { MediaProbe } from '../../media/probeMedia';
import { probeMedia } from '../../media/probeMedia';
import { MAX_SAMPLED_FRAME_SIDE, readRgbFrameAt, readSampledRgbFrames } from '../../media/sampledRgbFrames';
import type { RgbPicture } from './classifierInput';

export type PictureKind = 'image' | 'video' | 'none';

export interface PictureSample {
  /** null for a still image. */
  timeUs: Microseconds | null;
  picture: RgbPicture;
}

export function pictureKindOf(probe: MediaProbe): PictureKind {
  if (!probe.hasVideo || probe.videoStreamIndex === null) return 'none';
  return probe.kind === 'image' ? 'image' : 'video';
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}

/** Decodes a still as RGB, orientation applied, alpha flattened on black, long side capped. */
async function loadStill(
  filePath: string,
  probe: MediaProbe,
  signal: AbortSignal | undefined,
): Promise<RgbPicture> {
  try {
    const metadata = await sharp(filePath).metadata();
    const turned = (metadata.orientation ?? 1) >= 5;
    const width = (turned ? metadata.height : metadata.width) ?? 0;
    const height = (turned ? metadata.width : metadata.height) ?? 0;
    const scale = Math.min(1, MAX_SAMPLED_FRAME_SIDE / Math.max(width, height, 1));
    let pipeline = sharp(filePath).rotate();
    if (scale < 1) {
      pipeline = pipeline.resize(
        Math.max(1, Math.round(width * scale)),
        Math.max(1, Math.round(height * scale)),
        { fit: 'fill' },
      );
    }
    const { data, info } = await pipeline
      .flatten({ background: { r: 0, g: 0, b: 0 } })
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
    if (info.channels === 3) {
      return {
        width: info.width,
        height: info.height,
        data: new Uint8Array(data.buffer, data.byteOffset, data.length),
      };
    }
  } catch {
    // Not a format sharp reads (BMP, say): ffmpeg below reads what the probe could.
  }
  let frame;
  try {
    frame = await readRgbFrameAt(filePath, 0, { probe, signal });
  } catch (error) {
    if (error instanceof StudioError && error.code === 'CANCELLED') throw error;
    throw new StudioError(
      'MEDIA_UNREADABLE',
      `"${filePath}" cannot be decoded for the content safety check (${firstLine(error)}).`,
      {
        cause: error,
      },
    );
  }
  if (frame === undefined) {
    throw new StudioError(
      'MEDIA_UNREADABLE',
      `"${filePath}" has no picture that can be decoded for the content safety check.`,
    );
  }
  return frame;
}

export interface SamplingOptions {
  samplesPerSecond: number;
  signal?: AbortSignal;
}

/**
 * Yields the file's pictures. For videos each yielded picture is valid only until the next one is
 * requested (decode buffers are reused). Throws MEDIA_UNREADABLE when a picture yields no frame.
 */
export async function* samplePictures(
  filePath: string,
  probe: MediaProbe,
  options: SamplingOptions,
): AsyncGenerator<PictureSample> {
  const kind = pictureKindOf(probe);
  if (kind === 'none') return;
  if (kind === 'image') {
    yield { timeUs: null, picture: await loadStill(filePath, probe, options.signal) };
    return;
  }
  let count = 0;
  for await (const frame of readSampledRgbFrames(filePath, options.samplesPerSecond, {
    probe,
    signal: options.signal,
  })) {
    count++;
    yield { timeUs: frame.timeUs, picture: frame };
  }
  if (count === 0) {
    throw new StudioError(
      'MEDIA_UNREADABLE',
      `"${filePath}" has a video stream, but no frame of it could be decoded for the content safety check.`,
    );
  }
}

/** Probes the file (the gate classifies what ffprobe says is in it). */
export async function probeForSafety(filePath: string, signal?: AbortSignal): Promise<MediaProbe> {
  return probeMedia(filePath, { signal });
}
