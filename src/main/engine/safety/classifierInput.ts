// Turns an RGB picture into a content classifier's input exactly the way nsfwjs does it, so the
// converted models see what their authors' library feeds them (and what their accuracy was
// measured on): bytes / 255, then tf.image.resizeBilinear(..., [size, size], alignCorners=true) —
// the whole picture stretched to a square, corners mapped onto corners, no antialiasing.
// Checked against nsfwjs itself (TF.js) in contentClassifierParity.test.ts.

export interface RgbPicture {
  readonly width: number;
  readonly height: number;
  /** width * height * 3 bytes, RGB, rows top to bottom, no padding. */
  readonly data: Uint8Array;
}

interface AxisSampling {
  /** First source index of each output index. */
  low: Int32Array;
  /** Second source index (clamped to the last one). */
  high: Int32Array;
  /** Weight of `high`. */
  fraction: Float32Array;
}

/**
 * TF.js's align-corners source positions: output i reads input i * (in - 1) / (out - 1), computed
 * in float32 as TF.js computes it (in doubles the fractions of a large picture differ by ~1e-5).
 */
function axisSampling(inputSize: number, outputSize: number): AxisSampling {
  const low = new Int32Array(outputSize);
  const high = new Int32Array(outputSize);
  const fraction = new Float32Array(outputSize);
  const ratio = outputSize > 1 ? Math.fround((inputSize - 1) / (outputSize - 1)) : 0;
  for (let index = 0; index < outputSize; index++) {
    const position = Math.fround(index * ratio);
    const floor = Math.min(Math.floor(position), inputSize - 1);
    low[index] = floor;
    high[index] = Math.min(floor + 1, inputSize - 1);
    fraction[index] = Math.fround(position - floor);
  }
  return { low, high, fraction };
}

/**
 * Writes `picture` as a size x size x 3 float tensor in [0, 1] into `target` at element `offset`
 * (one entry of an NHWC batch).
 */
export function writeClassifierInput(
  picture: RgbPicture,
  size: number,
  target: Float32Array,
  offset: number,
): void {
  const { width, height, data } = picture;
  if (width <= 0 || height <= 0 || data.length < width * height * 3) {
    throw new RangeError(
      `an RGB picture of ${width}x${height} needs ${width * height * 3} bytes, got ${data.length}`,
    );
  }
  if (offset < 0 || offset + size * size * 3 > target.length) {
    throw new RangeError(
      `a ${size}x${size} classifier input does not fit at ${offset} in ${target.length} floats`,
    );
  }
  const rows = axisSampling(height, size);
  const columns = axisSampling(width, size);
  const stride = width * 3;
  let out = offset;
  for (let y = 0; y < size; y++) {
    const topRow = (rows.low[y] ?? 0) * stride;
    const bottomRow = (rows.high[y] ?? 0) * stride;
    const rowFraction = rows.fraction[y] ?? 0;
    for (let x = 0; x < size; x++) {
      const left = (columns.low[x] ?? 0) * 3;
      const right = (columns.high[x] ?? 0) * 3;
      const columnFraction = columns.fraction[x] ?? 0;
      for (let channel = 0; channel < 3; channel++) {
        // Same operation order as TF.js (normalise, then top/bottom lerps, then the vertical one).
        const topLeft = (data[topRow + left + channel] ?? 0) / 255;
        const topRight = (data[topRow + right + channel] ?? 0) / 255;
        const bottomLeft = (data[bottomRow + left + channel] ?? 0) / 255;
        const bottomRight = (data[bottomRow + right + channel] ?? 0) / 255;
        const top = topLeft + (topRight - topLeft) * columnFraction;
        const bottom = bottomLeft + (bottomRight - bottomLeft) * columnFraction;
        target[out++] = top + (bottom - top) * rowFraction;
      }
    }
  }
}
