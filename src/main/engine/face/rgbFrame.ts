// An RGB24 frame (row-major, `width * 3` bytes per row, no padding: the format the render pipeline
// and the ffmpeg frame reader use) and the one sampling routine every model input goes through:
// a rotated, scaled crop of the frame written straight into a float tensor. Crops that shrink the
// frame a lot read from a half-size pyramid level first, so small faces in big frames are not
// aliased away by point sampling.
import type { Affine } from './faceGeometry';
import { composeAffine } from './faceGeometry';

export interface RgbFrame {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

export interface TensorWrite {
  /** NHWC float tensor to write into. */
  target: Float32Array;
  /** Element offset of this crop inside `target` (for batches). */
  offset: number;
  /** value = byte * scale + bias (e.g. 2/255 and -1 for [-1, 1]). */
  scale: number;
  bias: number;
}

/** Halves a frame with a 2x2 box filter (odd last rows/columns are folded into the last pixel). */
export function halveFrame(frame: RgbFrame): RgbFrame {
  const width = Math.max(1, frame.width >> 1);
  const height = Math.max(1, frame.height >> 1);
  const data = new Uint8Array(width * height * 3);
  const source = frame.data;
  const stride = frame.width * 3;
  for (let y = 0; y < height; y++) {
    const row0 = Math.min(frame.height - 1, y * 2) * stride;
    const row1 = Math.min(frame.height - 1, y * 2 + 1) * stride;
    for (let x = 0; x < width; x++) {
      const column0 = Math.min(frame.width - 1, x * 2) * 3;
      const column1 = Math.min(frame.width - 1, x * 2 + 1) * 3;
      const out = (y * width + x) * 3;
      for (let channel = 0; channel < 3; channel++) {
        const sum =
          (source[row0 + column0 + channel] ?? 0) +
          (source[row0 + column1 + channel] ?? 0) +
          (source[row1 + column0 + channel] ?? 0) +
          (source[row1 + column1 + channel] ?? 0);
        data[out + channel] = (sum + 2) >> 2;
      }
    }
  }
  return { width, height, data };
}

/** The frame and its half-size levels, built on demand and kept for the life of one frame. */
export class FramePyramid {
  private readonly levels: RgbFrame[];

  constructor(readonly base: RgbFrame) {
    this.levels = [base];
  }

  level(index: number): RgbFrame {
    while (this.levels.length <= index) {
      const previous = this.levels[this.levels.length - 1] ?? this.base;
      if (previous.width <= 1 && previous.height <= 1) return previous;
      this.levels.push(halveFrame(previous));
    }
    return this.levels[index] ?? this.base;
  }
}

/**
 * Writes a `cropSize` x `cropSize` crop into `write.target`: crop pixel (u, v) shows the frame at
 * `cropToFrame(u + 0.5, v + 0.5)`, sampled bilinearly. Outside the frame is black.
 */
export function sampleCrop(
  pyramid: FramePyramid,
  cropToFrame: Affine,
  cropSize: number,
  write: TensorWrite,
): void {
  // How many frame pixels one crop pixel spans; read from the level where that is at most ~2.
  const pixelSpan = Math.hypot(cropToFrame[0], cropToFrame[3]);
  const levelIndex = Math.max(0, Math.floor(Math.log2(Math.max(1, pixelSpan))));
  const frame = pyramid.level(levelIndex);
  const levelScale = frame.width / pyramid.base.width;
  const transform =
    levelScale === 1 ? cropToFrame : composeAffine([levelScale, 0, 0, 0, levelScale, 0], cropToFrame);
  // Shift by half a pixel once, so the loop works in pixel-index space.
  const [a, b, c0, d, e, f0] = transform;
  const c = c0 - 0.5;
  const f = f0 - 0.5;
  const { width, height, data } = frame;
  const maxX = width - 1;
  const maxY = height - 1;
  const { target: out, scale, bias } = write;
  let outIndex = write.offset;
  for (let v = 0; v < cropSize; v++) {
    const cy = v + 0.5;
    for (let u = 0; u < cropSize; u++) {
      const cx = u + 0.5;
      const fx = a * cx + b * cy + c;
      const fy = d * cx + e * cy + f;
      const x0 = Math.floor(fx);
      const y0 = Math.floor(fy);
      const wx = fx - x0;
      const wy = fy - y0;
      let red = 0;
      let green = 0;
      let blue = 0;
      if (x0 >= 0 && y0 >= 0 && x0 < maxX && y0 < maxY) {
        // All four taps inside: the common case, no bounds checks per tap.
        const i00 = (y0 * width + x0) * 3;
        const i10 = i00 + 3;
        const i01 = i00 + width * 3;
        const i11 = i01 + 3;
        const w00 = (1 - wx) * (1 - wy);
        const w10 = wx * (1 - wy);
        const w01 = (1 - wx) * wy;
        const w11 = wx * wy;
        red = data[i00]! * w00 + data[i10]! * w10 + data[i01]! * w01 + data[i11]! * w11;
        green = data[i00 + 1]! * w00 + data[i10 + 1]! * w10 + data[i01 + 1]! * w01 + data[i11 + 1]! * w11;
        blue = data[i00 + 2]! * w00 + data[i10 + 2]! * w10 + data[i01 + 2]! * w01 + data[i11 + 2]! * w11;
      } else if (x0 >= -1 && y0 >= -1 && x0 <= maxX && y0 <= maxY) {
        for (let dy = 0; dy < 2; dy++) {
          const row = y0 + dy;
          if (row < 0 || row > maxY) continue;
          const weightY = dy === 0 ? 1 - wy : wy;
          for (let dx = 0; dx < 2; dx++) {
            const column = x0 + dx;
            if (column < 0 || column > maxX) continue;
            const weight = weightY * (dx === 0 ? 1 - wx : wx);
            const index = (row * width + column) * 3;
            red += data[index]! * weight;
            green += data[index + 1]! * weight;
            blue += data[index + 2]! * weight;
          }
        }
      }
      out[outIndex] = red * scale + bias;
      out[outIndex + 1] = green * scale + bias;
      out[outIndex + 2] = blue * scale + bias;
      outIndex += 3;
    }
  }
}

/** The same crop as 8-bit RGB (thumbnails, debugging). */
export function extractCropRgb(pyramid: FramePyramid, cropToFrame: Affine, cropSize: number): Uint8Array {
  const values = new Float32Array(cropSize * cropSize * 3);
  sampleCrop(pyramid, cropToFrame, cropSize, { target: values, offset: 0, scale: 1, bias: 0 });
  const bytes = new Uint8Array(values.length);
  for (let index = 0; index < values.length; index++) bytes[index] = Math.round(values[index] ?? 0);
  return bytes;
}
