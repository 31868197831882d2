// Decodes a still image into the RGB24 frame the face pipeline reads: EXIF orientation applied (the
// picture as a viewer shows it), grey and alpha images turned into plain RGB, and very large
// images shrunk to a working size (a face that is a few pixels in an 8000 px photo is below what
// the models see anyway). Coordinates found on the working frame are scaled back by the caller.
import sharp, { type Metadata } from 'sharp';
import { StudioError } from '../../../shared/errors';
import type { RgbFrame } from './rgbFrame';

/** Long side of the frame the detector works on; larger images are shrunk to this. */
export const DEFAULT_MAX_WORKING_SIDE = 4096;
/** sharp's own guard against decompression bombs (16384 x 16384). */
const MAX_INPUT_PIXELS = 16384 * 16384;

export interface LoadedStill {
  frame: RgbFrame;
  /** Size of the picture as shown (after EXIF orientation), before any shrinking. */
  width: number;
  height: number;
  /** working frame pixels per original pixel (1 unless the image was shrunk). */
  scale: number;
}

function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}

export async function loadStillImage(
  filePath: string,
  maxWorkingSide = DEFAULT_MAX_WORKING_SIDE,
): Promise<LoadedStill> {
  let metadata: Metadata;
  try {
    metadata = await sharp(filePath).metadata();
  } catch (error) {
    throw new StudioError(
      'MEDIA_UNREADABLE',
      `"${filePath}" cannot be read as an image (${describe(error)}).`,
      {
        cause: error,
      },
    );
  }
  const quarterTurned = (metadata.orientation ?? 1) >= 5;
  const width = (quarterTurned ? metadata.height : metadata.width) ?? 0;
  const height = (quarterTurned ? metadata.width : metadata.height) ?? 0;
  if (width <= 0 || height <= 0) {
    throw new StudioError('MEDIA_UNREADABLE', `"${filePath}" has no picture size in its header.`);
  }
  if (width * height > MAX_INPUT_PIXELS) {
    throw new StudioError(
      'UNSUPPORTED_FORMAT',
      `"${filePath}" is ${width}x${height} pixels; face analysis reads images of at most ${MAX_INPUT_PIXELS / 1e6} megapixels.`,
    );
  }
  const scale = Math.min(1, maxWorkingSide / Math.max(width, height));
  try {
    let pipeline = sharp(filePath, { limitInputPixels: MAX_INPUT_PIXELS }).rotate();
    if (scale < 1) {
      pipeline = pipeline.resize(
        Math.max(1, Math.round(width * scale)),
        Math.max(1, Math.round(height * scale)),
        {
          fit: 'fill',
        },
      );
    }
    const { data, info } = await pipeline
      .flatten({ background: { r: 0, g: 0, b: 0 } })
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) {
      throw new StudioError('INTERNAL', `"${filePath}" decoded to ${info.channels} channels instead of RGB.`);
    }
    const frame = {
      width: info.width,
      height: info.height,
      data: new Uint8Array(data.buffer, data.byteOffset, data.length),
    };
    return { frame, width, height, scale: info.width / width };
  } catch (error) {
    if (error instanceof StudioError) throw error;
    throw new StudioError('MEDIA_UNREADABLE', `"${filePath}" cannot be decoded (${describe(error)}).`, {
      cause: error,
    });
  }
}
