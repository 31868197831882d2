// Geometry shared by the lip-sync engines: the least-squares similarity between two point sets
// (how the head moved from the reference frame to this one), and the face's own axes (x along the
// eyes, y down the face, unit = the inter-ocular distance) in which mouth shapes are described, so
// one shape means the same on a small or large, upright or tilted face.
import type { Affine, Point } from '../face/faceGeometry';
import { eyeCentres, landmark } from './mouthLandmarks';

/**
 * The rotation + uniform scale + translation that best maps `from` onto `to` (least squares,
 * Umeyama's closed form in 2-D; no reflection). Needs two or more distinct points.
 */
export function fitSimilarity(from: readonly Point[], to: readonly Point[]): Affine {
  const count = Math.min(from.length, to.length);
  if (count < 2) throw new RangeError('a similarity needs at least two point pairs');
  let fromX = 0;
  let fromY = 0;
  let toX = 0;
  let toY = 0;
  for (let index = 0; index < count; index++) {
    fromX += from[index]!.x;
    fromY += from[index]!.y;
    toX += to[index]!.x;
    toY += to[index]!.y;
  }
  fromX /= count;
  fromY /= count;
  toX /= count;
  toY /= count;
  // With complex numbers z = x + iy: the best s·e^{iθ} is Σ conj(a)·b / Σ |a|².
  let real = 0;
  let imaginary = 0;
  let norm = 0;
  for (let index = 0; index < count; index++) {
    const ax = from[index]!.x - fromX;
    const ay = from[index]!.y - fromY;
    const bx = to[index]!.x - toX;
    const by = to[index]!.y - toY;
    real += ax * bx + ay * by;
    imaginary += ax * by - ay * bx;
    norm += ax * ax + ay * ay;
  }
  if (norm <= 1e-12) throw new RangeError('the points of a similarity fit all coincide');
  const a = real / norm;
  const b = imaginary / norm;
  // (x, y) -> (a·x − b·y + tx, b·x + a·y + ty)
  return [a, -b, toX - (a * fromX - b * fromY), b, a, toY - (b * fromX + a * fromY)];
}

export function pointsAt(points: ArrayLike<number>, indices: readonly number[]): Point[] {
  return indices.map((index) => landmark(points, index));
}

/** A face's own axes: origin, unit vectors along the eyes (to image right) and down the face. */
export interface FaceAxes {
  origin: Point;
  right: Point;
  down: Point;
  /** Pixels per face unit (the inter-ocular distance). */
  unit: number;
}

/** Axes of a mesh with their origin at `origin` (e.g. the mouth centre). */
export function faceAxes(points: ArrayLike<number>, origin: Point): FaceAxes {
  const eyes = eyeCentres(points);
  const dx = eyes.left.x - eyes.right.x;
  const dy = eyes.left.y - eyes.right.y;
  const unit = Math.hypot(dx, dy);
  if (!(unit > 0)) throw new RangeError('the eyes of the mesh coincide');
  const right = { x: dx / unit, y: dy / unit };
  return { origin, right, down: { x: -right.y, y: right.x }, unit };
}

export function toFaceUnits(axes: FaceAxes, point: Point): Point {
  const x = point.x - axes.origin.x;
  const y = point.y - axes.origin.y;
  return {
    x: (x * axes.right.x + y * axes.right.y) / axes.unit,
    y: (x * axes.down.x + y * axes.down.y) / axes.unit,
  };
}

export function fromFaceUnits(axes: FaceAxes, local: Point): Point {
  return {
    x: axes.origin.x + (local.x * axes.right.x + local.y * axes.down.x) * axes.unit,
    y: axes.origin.y + (local.x * axes.right.y + local.y * axes.down.y) * axes.unit,
  };
}

/** Mean distance between `affine(from[i])` and `to[i]`: how well a pose fit explains the points. */
export function meanFitError(affine: Affine, from: readonly Point[], to: readonly Point[]): number {
  let sum = 0;
  const [a, b, c, d, e, f] = affine;
  for (let index = 0; index < from.length; index++) {
    const p = from[index]!;
    const q = to[index]!;
    sum += Math.hypot(a * p.x + b * p.y + c - q.x, d * p.x + e * p.y + f - q.y);
  }
  return from.length > 0 ? sum / from.length : 0;
}
