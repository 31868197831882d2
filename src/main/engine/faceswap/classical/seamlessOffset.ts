// The "Poisson-style" part of the blend, done the cheap way: the colour difference between the
// target and the (colour-matched) source along the seam is spread smoothly over the whole patch
// and added to it, so the patch meets its surroundings without a step while keeping its own
// detail - what a seamless clone does, without solving the Poisson equation. Differences are
// collected at low resolution, weighted (seam pixels that are plain skin on both sides count, hair
// or background do not), blurred wide and normalised by the blurred weights (Shepard-style
// interpolation), then read back bilinearly.
import { featherInPlace } from './maskRaster';

export interface OffsetField {
  width: number;
  height: number;
  /** ROI pixels per field cell. */
  step: number;
  /** 3 floats per cell. */
  offset: Float32Array;
}

/** Largest offset added, per channel: beyond that the seam is hair or shadow, not colour. */
const MAX_OFFSET = 48;

/**
 * `difference` holds target - source (3 floats per ROI pixel), `weight` how much each pixel's
 * difference counts (0 off the seam). `spreadPixels` is how far (ROI pixels) a difference reaches.
 */
export function seamOffsetField(
  difference: Float32Array,
  weight: Float32Array,
  roiWidth: number,
  roiHeight: number,
  spreadPixels: number,
  minimumSpread = 0,
): OffsetField | undefined {
  // About 48 cells on the long side: plenty for a field this smooth, and cheap to blur.
  const step = Math.max(1, Math.round(Math.max(roiWidth, roiHeight) / 48));
  const width = Math.ceil(roiWidth / step);
  const height = Math.ceil(roiHeight / step);
  const cells = width * height;
  const sumRed = new Float32Array(cells);
  const sumGreen = new Float32Array(cells);
  const sumBlue = new Float32Array(cells);
  const sums = [sumRed, sumGreen, sumBlue];
  const weights = new Float32Array(cells);
  let total = 0;
  for (let row = 0; row < roiHeight; row += 1) {
    const cellRow = Math.floor(row / step) * width;
    for (let column = 0; column < roiWidth; column += 1) {
      const pixel = row * roiWidth + column;
      const w = weight[pixel]!;
      if (w <= 0) continue;
      const cell = cellRow + Math.floor(column / step);
      weights[cell] = weights[cell]! + w;
      sumRed[cell] = sumRed[cell]! + w * difference[pixel * 3]!;
      sumGreen[cell] = sumGreen[cell]! + w * difference[pixel * 3 + 1]!;
      sumBlue[cell] = sumBlue[cell]! + w * difference[pixel * 3 + 2]!;
      total += w;
    }
  }
  if (total < 1) return undefined;
  const scratch = new Float32Array(cells);
  // Box passes have finite support: spread at least far enough to reach the middle of the patch,
  // or cells far from the seam would get no offset at all and show a step.
  const ramp = Math.max(spreadPixels / step, Math.max(width, height) * minimumSpread);
  featherInPlace(weights, width, height, ramp, scratch);
  for (const sum of sums) featherInPlace(sum, width, height, ramp, scratch);
  const offset = new Float32Array(cells * 3);
  for (let cell = 0; cell < cells; cell += 1) {
    const w = weights[cell]!;
    for (let channel = 0; channel < 3; channel += 1) {
      const value = w > 1e-6 ? sums[channel]![cell]! / w : 0;
      offset[cell * 3 + channel] =
        value > MAX_OFFSET ? MAX_OFFSET : value < -MAX_OFFSET ? -MAX_OFFSET : value;
    }
  }
  return { width, height, step, offset };
}

/** The field's value at ROI pixel (column, row), bilinear between cell centres. */
export function sampleOffset(field: OffsetField, column: number, row: number, out: Float32Array): void {
  const x = Math.min(field.width - 1, Math.max(0, (column + 0.5) / field.step - 0.5));
  const y = Math.min(field.height - 1, Math.max(0, (row + 0.5) / field.step - 0.5));
  const x0 = Math.min(field.width - 2, Math.floor(x));
  const y0 = Math.min(field.height - 2, Math.floor(y));
  if (x0 < 0 || y0 < 0) {
    const cell = (Math.round(y) * field.width + Math.round(x)) * 3;
    out[0] = field.offset[cell]!;
    out[1] = field.offset[cell + 1]!;
    out[2] = field.offset[cell + 2]!;
    return;
  }
  const fx = x - x0;
  const fy = y - y0;
  const c00 = (y0 * field.width + x0) * 3;
  const c10 = c00 + 3;
  const c01 = c00 + field.width * 3;
  const c11 = c01 + 3;
  for (let channel = 0; channel < 3; channel += 1) {
    const top = field.offset[c00 + channel]! * (1 - fx) + field.offset[c10 + channel]! * fx;
    const bottom = field.offset[c01 + channel]! * (1 - fx) + field.offset[c11 + channel]! * fx;
    out[channel] = top * (1 - fy) + bottom * fy;
  }
}
