// The JS embedder, for frames that are already in JS (a face swap or lip sync just produced them):
// adds the same luma offsets the ffmpeg blend adds, so a render may mix both paths freely.
import { StudioError } from '../../../../shared/errors';

function clampByte(value: number): number {
  return value < 0 ? 0 : value > 255 ? 255 : value;
}

/** In place, on a raw yuv420p (or any planar YUV with 8-bit luma first) frame: luma += offset. */
export function addVideoWatermarkToYuvFrame(frame: Uint8Array, offsets: Int8Array): void {
  if (frame.length < offsets.length) {
    throw new StudioError(
      'INTERNAL',
      `A ${frame.length}-byte frame is too small for ${offsets.length} watermark offsets.`,
    );
  }
  // A clamped view saturates at 0 and 255 by itself: one add per pixel, no branches.
  const luma = new Uint8ClampedArray(frame.buffer, frame.byteOffset, offsets.length);
  for (let index = 0; index < offsets.length; index++) {
    luma[index] = (luma[index] as number) + (offsets[index] as number);
  }
}

/**
 * In place, on a packed RGB/RGBA frame. Adding d to R, G and B adds d x 219/255 to limited-range
 * luma and nothing to chroma (the chroma weights sum to zero), so d is scaled by 255/219 here to
 * land the same luma offset as the YUV path once the encoder converts the frame.
 */
export function addVideoWatermarkToRgbFrame(frame: Uint8Array, offsets: Int8Array, channels: 3 | 4): void {
  if (frame.length !== offsets.length * channels) {
    throw new StudioError(
      'INTERNAL',
      `A ${frame.length}-byte ${channels === 3 ? 'RGB' : 'RGBA'} frame does not fit ${offsets.length} watermark offsets.`,
    );
  }
  for (let pixel = 0; pixel < offsets.length; pixel++) {
    const delta = Math.round(((offsets[pixel] as number) * 255) / 219);
    if (delta === 0) continue;
    const base = pixel * channels;
    frame[base] = clampByte((frame[base] as number) + delta);
    frame[base + 1] = clampByte((frame[base + 1] as number) + delta);
    frame[base + 2] = clampByte((frame[base + 2] as number) + delta);
  }
}
