// Geometry of the invisible video watermark, shared by the embedders and the detector.
//
// Design (measured on the GRID clips and the synthetic astronaut clip, see benchmarks/reports):
// - A square grid of 96 x 96 "chips" stretched over the whole frame, in coordinates relative to the
//   frame size: downscaling keeps every chip where it was, so the detector needs no search.
// - Each chip carries one of the 88 codeword bits (about 105 chips per bit, scattered over the
//   frame by a fixed permutation) with a fixed pseudo-random sign; the luma offset field is the
//   bilinear interpolation of the chip values between chip centres, scaled to an RMS of 2 grey
//   levels (about 42 dB PSNR) and rounded to whole levels.
// - The field is the same in every frame. A static pattern costs H.264 almost nothing to keep
//   (skipped blocks copy it from the reference), and the detector averages it over all frames.
// Chips of about 4 px on a 360x288 video still survive a 50% downscale followed by CRF 28; bigger
// chips lose to the picture content, smaller ones to the encoder.
import { StudioError } from '../../../../shared/errors';
import { SeededRandom } from './pseudoRandom';
import { WATERMARK_CODEWORD_BITS } from './watermarkPayload';

export const VIDEO_WATERMARK_GRID = 96;
export const VIDEO_WATERMARK_CHIPS = VIDEO_WATERMARK_GRID * VIDEO_WATERMARK_GRID;
/** RMS of the luma offset, in 8-bit grey levels. */
export const VIDEO_WATERMARK_RMS_LEVELS = 2;
const LAYOUT_KEY = 'doppel-studio/video-watermark-layout/v1';

export interface VideoWatermarkLayout {
  grid: number;
  /** Which codeword bit chip k (row-major) carries. */
  chipBit: Uint8Array;
  /** The chip's fixed pseudo-random sign, +1 or -1. */
  chipSign: Int8Array;
  /** How many chips carry each bit. */
  chipsPerBit: Uint16Array;
}

let cachedLayout: VideoWatermarkLayout | null = null;

export function videoWatermarkLayout(): VideoWatermarkLayout {
  if (cachedLayout) return cachedLayout;
  const random = new SeededRandom(LAYOUT_KEY);
  const order = random.permutation(VIDEO_WATERMARK_CHIPS);
  const chipBit = new Uint8Array(VIDEO_WATERMARK_CHIPS);
  const chipsPerBit = new Uint16Array(WATERMARK_CODEWORD_BITS);
  for (let rank = 0; rank < VIDEO_WATERMARK_CHIPS; rank++) {
    const bit = rank % WATERMARK_CODEWORD_BITS;
    chipBit[order[rank] as number] = bit;
    chipsPerBit[bit] = (chipsPerBit[bit] as number) + 1;
  }
  const chipSign = Int8Array.from({ length: VIDEO_WATERMARK_CHIPS }, () => random.nextSign());
  cachedLayout = { grid: VIDEO_WATERMARK_GRID, chipBit, chipSign, chipsPerBit };
  return cachedLayout;
}

/** +1/-1 per chip for a codeword: the chip's sign, flipped where the bit is 0. */
export function videoWatermarkChipValues(codeword: Uint8Array): Int8Array {
  if (codeword.length !== WATERMARK_CODEWORD_BITS) {
    throw new StudioError(
      'INTERNAL',
      `A video watermark needs ${WATERMARK_CODEWORD_BITS} bits, got ${codeword.length}.`,
    );
  }
  const layout = videoWatermarkLayout();
  return layout.chipSign.map((sign, chip) => (codeword[layout.chipBit[chip] as number] === 1 ? sign : -sign));
}

interface AxisSamples {
  /** Lower chip index of the two interpolated between, per pixel. */
  lower: Int32Array;
  upper: Int32Array;
  /** Weight of `upper`. */
  fraction: Float64Array;
}

/** Pixel centre -> position between chip centres along one axis (clamped at the borders). */
function axisSamples(pixels: number, grid: number): AxisSamples {
  const lower = new Int32Array(pixels);
  const upper = new Int32Array(pixels);
  const fraction = new Float64Array(pixels);
  for (let pixel = 0; pixel < pixels; pixel++) {
    const position = ((pixel + 0.5) / pixels) * grid - 0.5;
    const floor = Math.floor(position);
    lower[pixel] = Math.min(grid - 1, Math.max(0, floor));
    upper[pixel] = Math.min(grid - 1, Math.max(0, floor + 1));
    fraction[pixel] = position - floor;
  }
  return { lower, upper, fraction };
}

function requireFrameSize(width: number, height: number): void {
  if (
    !Number.isInteger(width) ||
    !Number.isInteger(height) ||
    width < 16 ||
    height < 16 ||
    width * height > 8192 * 8192
  ) {
    throw new StudioError(
      'INVALID_ARGUMENT',
      `A video watermark needs a frame of at least 16x16 pixels, got ${width}x${height}.`,
    );
  }
}

/**
 * The whole-level luma offset (about -6..6) to add to every frame of a `width` x `height` video
 * carrying `codeword`. Deterministic: the ffmpeg and JS embedders add exactly these values.
 */
export function videoWatermarkLumaOffsets(codeword: Uint8Array, width: number, height: number): Int8Array {
  requireFrameSize(width, height);
  const chips = videoWatermarkChipValues(codeword);
  const grid = VIDEO_WATERMARK_GRID;
  const columns = axisSamples(width, grid);
  const rows = axisSamples(height, grid);
  const field = new Float32Array(width * height);
  let sumOfSquares = 0;
  for (let y = 0; y < height; y++) {
    const rowA = (rows.lower[y] as number) * grid;
    const rowB = (rows.upper[y] as number) * grid;
    const fy = rows.fraction[y] as number;
    for (let x = 0; x < width; x++) {
      const colA = columns.lower[x] as number;
      const colB = columns.upper[x] as number;
      const fx = columns.fraction[x] as number;
      const top = (chips[rowA + colA] as number) * (1 - fx) + (chips[rowA + colB] as number) * fx;
      const bottom = (chips[rowB + colA] as number) * (1 - fx) + (chips[rowB + colB] as number) * fx;
      const value = top * (1 - fy) + bottom * fy;
      field[y * width + x] = value;
      sumOfSquares += value * value;
    }
  }
  const scale = VIDEO_WATERMARK_RMS_LEVELS / Math.sqrt(sumOfSquares / field.length);
  const offsets = new Int8Array(field.length);
  for (let index = 0; index < field.length; index++)
    offsets[index] = Math.round((field[index] as number) * scale);
  return offsets;
}
