// Pure index and shape arithmetic for the TF.js -> ONNX converter. TF.js graph models are NHWC;
// ONNX Conv/Pool want NCHW, so the converter keeps 4-D activations in NCHW internally and needs to
// move axes, constants and padding between the two layouts. Nothing here touches protobufs.

/** Where each NCHW axis comes from in NHWC: NCHW[j] = NHWC[nhwcToNchwPermutation[j]]. */
export const nhwcToNchwPermutation = [0, 3, 1, 2] as const;
/** Where each NHWC axis comes from in NCHW: NHWC[j] = NCHW[nchwToNhwcPermutation[j]]. */
export const nchwToNhwcPermutation = [0, 2, 3, 1] as const;

/** Unknown (dynamic) dimensions are -1, as in TF shapes. */
export type TensorShape = readonly number[];

export function elementCount(shape: TensorShape): number {
  let count = 1;
  for (const dimension of shape) count *= dimension;
  return count;
}

export function isFullyKnown(shape: TensorShape): boolean {
  return shape.every((dimension) => dimension >= 0);
}

/** The NCHW position of an NHWC axis (axis may be negative, counted from the end of a 4-D shape). */
export function nhwcAxisToNchwAxis(axis: number): number {
  const positive = axis < 0 ? axis + 4 : axis;
  const position = nhwcToNchwPermutation.indexOf(positive as 0 | 1 | 2 | 3);
  if (position < 0) throw new Error(`axis ${axis} is not an axis of a 4-D tensor`);
  return position;
}

export function permuteShape(shape: TensorShape, permutation: readonly number[]): number[] {
  return permutation.map((axis) => shape[axis] ?? 1);
}

/**
 * A transpose only moves data if two axes that are larger than 1 change their relative order.
 * When it does not (e.g. NCHW [N,C,1,1] -> NHWC), a Reshape can read the tensor directly.
 */
export function transposeMovesData(shape: TensorShape, permutation: readonly number[]): boolean {
  const movedAxes = permutation.filter((axis) => shape[axis] !== 1);
  for (let index = 1; index < movedAxes.length; index++) {
    if ((movedAxes[index] ?? 0) < (movedAxes[index - 1] ?? 0)) return true;
  }
  return false;
}

/** Copies a dense row-major array into the axis order given by `permutation` (numpy.transpose). */
export function transposeData<T extends Float32Array | Int32Array>(
  data: T,
  shape: TensorShape,
  permutation: readonly number[],
): T {
  const rank = shape.length;
  const outputShape = permuteShape(shape, permutation);
  const inputStrides = new Array<number>(rank).fill(1);
  for (let axis = rank - 2; axis >= 0; axis--) {
    inputStrides[axis] = (inputStrides[axis + 1] ?? 1) * (shape[axis + 1] ?? 1);
  }
  // Stride in the input for each output axis, so the inner loop is a single addition.
  const gatherStrides = permutation.map((axis) => inputStrides[axis] ?? 0);
  const output = new (data.constructor as new (length: number) => T)(data.length);
  const counter = new Array<number>(rank).fill(0);
  let inputOffset = 0;
  for (let outputIndex = 0; outputIndex < data.length; outputIndex++) {
    output[outputIndex] = data[inputOffset] ?? 0;
    for (let axis = rank - 1; axis >= 0; axis--) {
      const next = (counter[axis] ?? 0) + 1;
      if (next < (outputShape[axis] ?? 1)) {
        counter[axis] = next;
        inputOffset += gatherStrides[axis] ?? 0;
        break;
      }
      counter[axis] = 0;
      inputOffset -= (gatherStrides[axis] ?? 0) * ((outputShape[axis] ?? 1) - 1);
    }
  }
  return output;
}

/**
 * Rewrites a constant that TF broadcasts against an NHWC tensor so it broadcasts the same way
 * against the NCHW tensor: [C] or [1,1,C] becomes [C,1,1]; scalars stay scalars.
 */
export function constantForNchwBroadcast<T extends Float32Array | Int32Array>(
  data: T,
  shape: TensorShape,
): { data: T; shape: number[] } {
  if (shape.length === 0) return { data, shape: [] };
  if (shape.length > 4) throw new Error(`a rank-${shape.length} constant cannot broadcast against NCHW`);
  const padded = [...new Array<number>(4 - shape.length).fill(1), ...shape];
  const moved = transposeData(data, padded, nhwcToNchwPermutation);
  const nchwShape = permuteShape(padded, nhwcToNchwPermutation);
  // Leading 1s are implied by ONNX broadcasting; dropping them keeps [C,1,1] which every EP fuses.
  while (nchwShape.length > 1 && nchwShape[0] === 1) nchwShape.shift();
  return { data: moved, shape: nchwShape };
}

/** Numpy-style broadcast of two shapes; unknown (-1) dimensions stay unknown unless the other is known > 1. */
export function broadcastShapes(left: TensorShape, right: TensorShape): number[] {
  const rank = Math.max(left.length, right.length);
  const result: number[] = [];
  for (let index = 0; index < rank; index++) {
    const a = left[left.length - rank + index] ?? 1;
    const b = right[right.length - rank + index] ?? 1;
    if (a === 1) result.push(b);
    else if (b === 1) result.push(a);
    else if (a === -1) result.push(b);
    else if (b === -1 || a === b) result.push(a);
    else throw new Error(`shapes [${left.join(',')}] and [${right.join(',')}] do not broadcast`);
  }
  return result;
}

export interface SpatialPadding {
  /** Padding before the first row/column. */
  begin: number;
  /** Padding after the last row/column. */
  end: number;
  outputSize: number;
}

/**
 * TF SAME padding puts the odd extra pixel at the END. ONNX has SAME_UPPER for this, but several
 * execution providers handle auto_pad poorly, so the converter always writes explicit pads.
 */
export function samePadding(
  inputSize: number,
  kernelSize: number,
  stride: number,
  dilation: number,
): SpatialPadding {
  const effectiveKernel = (kernelSize - 1) * dilation + 1;
  const outputSize = Math.ceil(inputSize / stride);
  const total = Math.max((outputSize - 1) * stride + effectiveKernel - inputSize, 0);
  const begin = Math.floor(total / 2);
  return { begin, end: total - begin, outputSize };
}

export function explicitPadding(
  inputSize: number,
  kernelSize: number,
  stride: number,
  dilation: number,
  begin: number,
  end: number,
): SpatialPadding {
  const effectiveKernel = (kernelSize - 1) * dilation + 1;
  const outputSize = Math.floor((inputSize + begin + end - effectiveKernel) / stride) + 1;
  return { begin, end, outputSize };
}
