// Aligned face crops as the neural models want them: RGB, NCHW float32, value = byte·scale + bias.
// Sampling goes through the face stack's crop sampler (bilinear, reading a half-size pyramid level
// when the crop shrinks the face a lot, black outside the frame — InsightFace warps with border 0).
import type { FramePyramid } from '../../face/rgbFrame';
import { sampleCrop } from '../../face/rgbFrame';
import type { FaceAlignment } from './faceAlignment';

export interface CropNormalisation {
  scale: number;
  bias: number;
}

/** x/255 → [0,1] (inswapper). */
export const UNIT_RANGE: CropNormalisation = { scale: 1 / 255, bias: 0 };
/** (x − 127.5)/127.5 → [−1,1] (ArcFace; GFPGAN's (x/255 − 0.5)/0.5 is the same). */
export const SYMMETRIC_RANGE: CropNormalisation = { scale: 1 / 127.5, bias: -1 };

/** The aligned crop as a [1,3,size,size] tensor. */
export function alignedCropTensor(
  pyramid: FramePyramid,
  alignment: FaceAlignment,
  normalisation: CropNormalisation,
): Float32Array {
  const size = alignment.template.size;
  const interleaved = new Float32Array(size * size * 3);
  sampleCrop(pyramid, alignment.cropToFrameContinuous, size, {
    target: interleaved,
    offset: 0,
    scale: normalisation.scale,
    bias: normalisation.bias,
  });
  return interleavedToPlanar(interleaved, size);
}

export function interleavedToPlanar(interleaved: Float32Array, size: number): Float32Array {
  const plane = size * size;
  const planar = new Float32Array(plane * 3);
  for (let pixel = 0; pixel < plane; pixel++) {
    planar[pixel] = interleaved[pixel * 3]!;
    planar[plane + pixel] = interleaved[pixel * 3 + 1]!;
    planar[2 * plane + pixel] = interleaved[pixel * 3 + 2]!;
  }
  return planar;
}

/**
 * A model's [1,3,size,size] output as interleaved RGB in 0..255 (what pasteBack takes):
 * value·scale + bias, clipped.
 */
export function planarOutputToRgb(
  planar: ArrayLike<number>,
  size: number,
  scale: number,
  bias: number,
): Float32Array {
  const plane = size * size;
  const out = new Float32Array(plane * 3);
  for (let pixel = 0; pixel < plane; pixel++) {
    for (let channel = 0; channel < 3; channel++) {
      const value = planar[channel * plane + pixel]! * scale + bias;
      out[pixel * 3 + channel] = value < 0 ? 0 : value > 255 ? 255 : value;
    }
  }
  return out;
}
