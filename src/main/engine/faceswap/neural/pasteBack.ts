// Pasting a model's aligned crop back into the frame (FaceFusion's paste_back, MODELS.md §0): only
// the frame pixels inside the crop's footprint are visited; each is mapped into the crop (the
// alignment's forward warp), the crop and its mask are sampled bilinearly (zero outside, as
// warpAffine with border 0), and out = frame·(1 − m) + crop·m. The mask is FaceFusion's default box
// mask: ones with a zero border of max(⌊b/2⌋, 1) px, b = ⌊size·0.5·blur⌋, then a Gaussian blur
// with σ = b/4 — a feathered square that fades out before the crop's edge.
import type { RgbFrame } from '../../face/rgbFrame';
import type { Affine } from '../../face/faceGeometry';
import { applyAffine } from '../../face/faceGeometry';

export const DEFAULT_BOX_MASK_BLUR = 0.3;

const boxMasks = new Map<string, Float32Array>();

function gaussianKernel(sigma: number): Float32Array {
  // OpenCV's size for float images when ksize is (0, 0): round(sigma·8 + 1) | 1.
  const size = Math.max(1, Math.round(sigma * 8 + 1) | 1);
  const radius = (size - 1) / 2;
  const kernel = new Float32Array(size);
  let sum = 0;
  for (let index = 0; index < size; index++) {
    const offset = index - radius;
    kernel[index] = Math.exp(-(offset * offset) / (2 * sigma * sigma));
    sum += kernel[index]!;
  }
  for (let index = 0; index < size; index++) kernel[index]! /= sum;
  return kernel;
}

/** OpenCV's default border (BORDER_REFLECT_101): …c b | a b c … */
function reflect(index: number, length: number): number {
  if (length === 1) return 0;
  let value = index;
  while (value < 0 || value >= length) value = value < 0 ? -value : 2 * length - 2 - value;
  return value;
}

function blurInPlace(mask: Float32Array, size: number, sigma: number): void {
  const kernel = gaussianKernel(sigma);
  const radius = (kernel.length - 1) / 2;
  const scratch = new Float32Array(mask.length);
  for (let row = 0; row < size; row++) {
    for (let column = 0; column < size; column++) {
      let sum = 0;
      for (let tap = 0; tap < kernel.length; tap++) {
        sum += kernel[tap]! * mask[row * size + reflect(column + tap - radius, size)]!;
      }
      scratch[row * size + column] = sum;
    }
  }
  for (let row = 0; row < size; row++) {
    for (let column = 0; column < size; column++) {
      let sum = 0;
      for (let tap = 0; tap < kernel.length; tap++) {
        sum += kernel[tap]! * scratch[reflect(row + tap - radius, size) * size + column]!;
      }
      mask[row * size + column] = sum;
    }
  }
}

/** FaceFusion's box mask for a square crop (cached per size and blur; treat as read-only). */
export function boxMask(size: number, blur = DEFAULT_BOX_MASK_BLUR): Float32Array {
  const key = `${size}:${blur}`;
  const cached = boxMasks.get(key);
  if (cached) return cached;
  const blurAmount = Math.floor(size * 0.5 * blur);
  const border = Math.max(Math.floor(blurAmount / 2), 1);
  const mask = new Float32Array(size * size);
  for (let row = border; row < size - border; row++)
    mask.fill(1, row * size + border, row * size + size - border);
  if (blurAmount > 0) blurInPlace(mask, size, blurAmount * 0.25);
  boxMasks.set(key, mask);
  return mask;
}

/** Bilinear tap of a single-channel or 3-channel planar-free image; 0 outside. */
function bilinear(
  values: Float32Array,
  size: number,
  channels: number,
  x: number,
  y: number,
  channel: number,
): number {
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const wx = x - x0;
  const wy = y - y0;
  let sum = 0;
  for (let dy = 0; dy < 2; dy++) {
    const row = y0 + dy;
    if (row < 0 || row >= size) continue;
    const weightY = dy === 0 ? 1 - wy : wy;
    for (let dx = 0; dx < 2; dx++) {
      const column = x0 + dx;
      if (column < 0 || column >= size) continue;
      sum += weightY * (dx === 0 ? 1 - wx : wx) * values[(row * size + column) * channels + channel]!;
    }
  }
  return sum;
}

export interface PasteRequest {
  /** The crop as interleaved RGB 0..255 (size x size x 3). */
  cropRgb: Float32Array;
  size: number;
  /** Frame pixel-index coordinates -> crop pixel-index coordinates. */
  frameToCrop: Affine;
  cropToFrame: Affine;
  mask: Float32Array;
  /** Multiplies the mask: 0.8 blends an enhancer 80 % over the frame. */
  strength?: number;
}

/** Blends the crop into the frame in place; returns the frame box that was visited. */
export function pasteBack(
  frame: RgbFrame,
  request: PasteRequest,
): { x0: number; y0: number; x1: number; y1: number } {
  const { size, cropRgb, mask, frameToCrop } = request;
  const strength = request.strength ?? 1;
  const corners = [
    applyAffine(request.cropToFrame, 0, 0),
    applyAffine(request.cropToFrame, size - 1, 0),
    applyAffine(request.cropToFrame, 0, size - 1),
    applyAffine(request.cropToFrame, size - 1, size - 1),
  ];
  const x0 = Math.max(0, Math.floor(Math.min(...corners.map((corner) => corner.x))));
  const y0 = Math.max(0, Math.floor(Math.min(...corners.map((corner) => corner.y))));
  const x1 = Math.min(frame.width - 1, Math.ceil(Math.max(...corners.map((corner) => corner.x))));
  const y1 = Math.min(frame.height - 1, Math.ceil(Math.max(...corners.map((corner) => corner.y))));
  const [a, b, c, d, e, f] = frameToCrop;
  const data = frame.data;
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      const u = a * x + b * y + c;
      const v = d * x + e * y + f;
      if (u <= -1 || v <= -1 || u >= size || v >= size) continue;
      const weight = bilinear(mask, size, 1, u, v, 0) * strength;
      if (weight <= 1e-4) continue;
      const offset = (y * frame.width + x) * 3;
      for (let channel = 0; channel < 3; channel++) {
        const value =
          data[offset + channel]! * (1 - weight) + bilinear(cropRgb, size, 3, u, v, channel) * weight;
        data[offset + channel] = value <= 0 ? 0 : value >= 255 ? 255 : value + 0.5;
      }
    }
  }
  return { x0, y0, x1, y1 };
}
