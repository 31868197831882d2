// Plain 2-D geometry for the face pipeline: points, axis-aligned boxes, rotated square regions and
// 2x3 affine transforms. Frame coordinates are continuous pixels (the centre of pixel (0, 0) is at
// (0.5, 0.5)), y down; angles are radians, positive = clockwise on screen.

export interface Point {
  x: number;
  y: number;
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * A square, rotated region of a frame: what a face crop covers. `angle` turns the region's x axis
 * from the frame's x axis (the roll of the face when the region is levelled on its eyes).
 */
export interface RotatedRegion {
  centerX: number;
  centerY: number;
  size: number;
  angle: number;
}

/** (x, y) -> (a*x + b*y + c, d*x + e*y + f). */
export type Affine = readonly [number, number, number, number, number, number];

export function applyAffine(transform: Affine, x: number, y: number): Point {
  const [a, b, c, d, e, f] = transform;
  return { x: a * x + b * y + c, y: d * x + e * y + f };
}

/** `first` applied after `second`: compose(first, second)(p) = first(second(p)). */
export function composeAffine(first: Affine, second: Affine): Affine {
  const [a1, b1, c1, d1, e1, f1] = first;
  const [a2, b2, c2, d2, e2, f2] = second;
  return [
    a1 * a2 + b1 * d2,
    a1 * b2 + b1 * e2,
    a1 * c2 + b1 * f2 + c1,
    d1 * a2 + e1 * d2,
    d1 * b2 + e1 * e2,
    d1 * c2 + e1 * f2 + f1,
  ];
}

export function invertAffine(transform: Affine): Affine {
  const [a, b, c, d, e, f] = transform;
  const determinant = a * e - b * d;
  if (Math.abs(determinant) < 1e-12) throw new RangeError('the transform cannot be inverted');
  const ia = e / determinant;
  const ib = -b / determinant;
  const id = -d / determinant;
  const ie = a / determinant;
  return [ia, ib, -(ia * c + ib * f), id, ie, -(id * c + ie * f)];
}

/**
 * Maps the pixels of a `cropSize` x `cropSize` crop onto the frame region: crop (0, 0) is the
 * region's top-left corner (in the region's own rotated axes), crop (cropSize, cropSize) its
 * bottom-right one.
 */
export function regionToFrameAffine(region: RotatedRegion, cropSize: number): Affine {
  const scale = region.size / cropSize;
  const cos = Math.cos(region.angle) * scale;
  const sin = Math.sin(region.angle) * scale;
  const half = cropSize / 2;
  return [
    cos,
    -sin,
    region.centerX - cos * half + sin * half,
    sin,
    cos,
    region.centerY - sin * half - cos * half,
  ];
}

export function intersectionOverUnion(first: Box, second: Box): number {
  const left = Math.max(first.x, second.x);
  const top = Math.max(first.y, second.y);
  const right = Math.min(first.x + first.width, second.x + second.width);
  const bottom = Math.min(first.y + first.height, second.y + second.height);
  const intersection = Math.max(0, right - left) * Math.max(0, bottom - top);
  const union = first.width * first.height + second.width * second.height - intersection;
  return union <= 0 ? 0 : intersection / union;
}

/** The axis-aligned box around a rotated region. */
export function regionBoundingBox(region: RotatedRegion): Box {
  const half = region.size / 2;
  const extent = half * (Math.abs(Math.cos(region.angle)) + Math.abs(Math.sin(region.angle)));
  return {
    x: region.centerX - extent,
    y: region.centerY - extent,
    width: extent * 2,
    height: extent * 2,
  };
}

/** Bounding box of the (x, y) pairs of a flat [x, y, z, x, y, z, …] array (stride 3) or [x, y, …] (stride 2). */
export function pointsBoundingBox(points: ArrayLike<number>, stride: number): Box {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let index = 0; index + 1 < points.length; index += stride) {
    const x = points[index] ?? 0;
    const y = points[index + 1] ?? 0;
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  if (minX > maxX) return { x: 0, y: 0, width: 0, height: 0 };
  return { x: minX, y: minY, width: maxX - minX, height: maxY - minY };
}

/** Wraps an angle to (-π, π]. */
export function normaliseAngle(angle: number): number {
  let wrapped = angle % (2 * Math.PI);
  if (wrapped <= -Math.PI) wrapped += 2 * Math.PI;
  if (wrapped > Math.PI) wrapped -= 2 * Math.PI;
  return wrapped;
}

/**
 * The roll of a face from its two eyes: the angle of the line from the subject's right eye (on the
 * left of an upright face) to the subject's left eye. 0 = upright, π = upside down.
 */
export function rollFromEyes(subjectRightEye: Point, subjectLeftEye: Point): number {
  return Math.atan2(subjectLeftEye.y - subjectRightEye.y, subjectLeftEye.x - subjectRightEye.x);
}

export function radiansToDegrees(radians: number): number {
  return (radians * 180) / Math.PI;
}
