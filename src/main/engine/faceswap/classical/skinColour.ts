// Skin colour of a face and the colour transfer between two faces. Colour is measured on plain
// skin only (small patches around cheek, nose, chin and lower-forehead mesh points, outliers such
// as a strand of hair or a shadow dropped), in YCbCr (BT.601, full range): mean and spread per
// channel. The transfer moves the source's skin statistics onto the target's; folded into one 3x4
// matrix in RGB so applying it costs a few multiply-adds per pixel.

export interface SkinStatistics {
  /** Y, Cb, Cr means and standard deviations. */
  mean: [number, number, number];
  deviation: [number, number, number];
  samples: number;
}

/** y' = M (r, g, b) + offset, row-major 3x3 then offset. */
export interface ColourTransform {
  matrix: Float64Array;
  offset: Float64Array;
}

const RGB_TO_YCC = [0.299, 0.587, 0.114, -0.168736, -0.331264, 0.5, 0.5, -0.418688, -0.081312] as const;
const YCC_OFFSET = [0, 128, 128] as const;
const YCC_TO_RGB = [1, 0, 1.402, 1, -0.344136, -0.714136, 1, 1.772, 0] as const;

/** Floors under the spreads: a flat patch must not blow the transfer up. */
const MIN_DEVIATION: readonly number[] = [8, 3, 3];

export function rgbToYcc(r: number, g: number, b: number, out: [number, number, number]): void {
  out[0] = RGB_TO_YCC[0] * r + RGB_TO_YCC[1] * g + RGB_TO_YCC[2] * b;
  out[1] = RGB_TO_YCC[3] * r + RGB_TO_YCC[4] * g + RGB_TO_YCC[5] * b + 128;
  out[2] = RGB_TO_YCC[6] * r + RGB_TO_YCC[7] * g + RGB_TO_YCC[8] * b + 128;
}

/** Collects YCbCr values of a picture; `statistics()` summarises them without the outliers. */
export class SkinSampler {
  private readonly values: number[][] = [[], [], []];
  private readonly ycc: [number, number, number] = [0, 0, 0];

  /** Adds the pixels of a (2r+1)^2 patch around (x, y) (frame coordinates), skipping what lies outside. */
  addPatch(rgb: Uint8Array, width: number, height: number, x: number, y: number, radius: number): void {
    const cx = Math.floor(x);
    const cy = Math.floor(y);
    const step = Math.max(1, Math.round(radius / 2));
    for (let dy = -radius; dy <= radius; dy += step) {
      const row = cy + dy;
      if (row < 0 || row >= height) continue;
      for (let dx = -radius; dx <= radius; dx += step) {
        const column = cx + dx;
        if (column < 0 || column >= width) continue;
        const index = (row * width + column) * 3;
        rgbToYcc(rgb[index]!, rgb[index + 1]!, rgb[index + 2]!, this.ycc);
        for (let channel = 0; channel < 3; channel += 1) this.values[channel]!.push(this.ycc[channel]!);
      }
    }
  }

  get count(): number {
    return this.values[0]!.length;
  }

  /**
   * Mean and spread after dropping samples more than 2.5 median absolute deviations from the median
   * in any channel (hair, eyebrow ends, specular highlights, shadows in creases).
   */
  statistics(): SkinStatistics | undefined {
    const count = this.count;
    if (count < 8) return undefined;
    const keep = new Uint8Array(count).fill(1);
    for (let channel = 0; channel < 3; channel += 1) {
      const values = this.values[channel]!;
      const sorted = Float64Array.from(values).sort();
      const median = sorted[count >> 1]!;
      const deviations = Float64Array.from(values, (value) => Math.abs(value - median)).sort();
      const spread = Math.max(deviations[count >> 1]! * 1.4826, MIN_DEVIATION[channel]! / 2);
      for (let index = 0; index < count; index += 1) {
        if (Math.abs(values[index]! - median) > 2.5 * spread) keep[index] = 0;
      }
    }
    const mean: [number, number, number] = [0, 0, 0];
    const deviation: [number, number, number] = [0, 0, 0];
    let kept = 0;
    for (let index = 0; index < count; index += 1) if (keep[index]) kept += 1;
    if (kept < 8) return undefined;
    for (let channel = 0; channel < 3; channel += 1) {
      const values = this.values[channel]!;
      let sum = 0;
      for (let index = 0; index < count; index += 1) if (keep[index]) sum += values[index]!;
      const channelMean = sum / kept;
      let squares = 0;
      for (let index = 0; index < count; index += 1) {
        if (keep[index]) squares += (values[index]! - channelMean) ** 2;
      }
      mean[channel] = channelMean;
      deviation[channel] = Math.max(MIN_DEVIATION[channel]!, Math.sqrt(squares / kept));
    }
    return { mean, deviation, samples: kept };
  }
}

/** Weighted mix of two sets of statistics (e.g. the face's own skin and the neck below it). */
export function mixStatistics(
  first: SkinStatistics,
  second: SkinStatistics,
  secondWeight: number,
): SkinStatistics {
  const mix = (a: number, b: number) => a * (1 - secondWeight) + b * secondWeight;
  return {
    mean: [
      mix(first.mean[0], second.mean[0]),
      mix(first.mean[1], second.mean[1]),
      mix(first.mean[2], second.mean[2]),
    ],
    deviation: [
      mix(first.deviation[0], second.deviation[0]),
      mix(first.deviation[1], second.deviation[1]),
      mix(first.deviation[2], second.deviation[2]),
    ],
    samples: first.samples + second.samples,
  };
}

/**
 * The RGB -> RGB transform that gives the source's skin the target's skin mean and spread
 * (spread ratios kept within [0.6, 1.6]: a shadowed or over-exposed target must not turn the face
 * into a caricature of it). `strength` 0..1 blends from identity to the full transfer.
 */
export function colourTransferTransform(
  source: SkinStatistics,
  target: SkinStatistics,
  strength = 1,
): ColourTransform {
  const scale = [0, 1, 2].map((channel) => {
    const ratio = Math.min(1.6, Math.max(0.6, target.deviation[channel]! / source.deviation[channel]!));
    return 1 + (ratio - 1) * strength;
  });
  // In YCbCr: y' = s * (y - mu_s) + mu_t, blended with y' = y by `strength`.
  const shift = [0, 1, 2].map(
    (channel) => (target.mean[channel]! - scale[channel]! * source.mean[channel]!) * strength + 0,
  );
  // Full chain for rgb: ycc = A rgb + o; ycc' = S ycc + t'; rgb' = B (ycc' - o)
  // where t' accounts for the identity part when strength < 1: y' = S y + shift + (1-strength)*0.
  const matrix = new Float64Array(9);
  const offset = new Float64Array(3);
  for (let row = 0; row < 3; row += 1) {
    for (let column = 0; column < 3; column += 1) {
      let sum = 0;
      for (let k = 0; k < 3; k += 1)
        sum += YCC_TO_RGB[row * 3 + k]! * scale[k]! * RGB_TO_YCC[k * 3 + column]!;
      matrix[row * 3 + column] = sum;
    }
    let constant = 0;
    for (let k = 0; k < 3; k += 1) {
      // ycc' - o = S (A rgb + o) + shift - o
      constant += YCC_TO_RGB[row * 3 + k]! * (scale[k]! * YCC_OFFSET[k]! + shift[k]! - YCC_OFFSET[k]!);
    }
    offset[row] = constant;
  }
  return { matrix, offset };
}

/**
 * How skin-like a YCbCr colour is against skin statistics: 1 at the mean, falling off as a
 * Gaussian over `tolerance` spreads (luma judged more loosely than chroma: light varies more than hue).
 */
export function skinLikelihood(ycc: readonly number[], skin: SkinStatistics, tolerance = 2.5): number {
  const dy = (ycc[0]! - skin.mean[0]) / (skin.deviation[0] * 1.8 * tolerance);
  const db = (ycc[1]! - skin.mean[1]) / (skin.deviation[1] * tolerance);
  const dr = (ycc[2]! - skin.mean[2]) / (skin.deviation[2] * tolerance);
  return Math.exp(-0.5 * (dy * dy + db * db + dr * dr));
}
