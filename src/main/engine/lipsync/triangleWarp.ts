// Piecewise-affine warping, the classical lip sync's one drawing primitive: every destination
// triangle is filled from the matching source triangle through the affine map between them,
// sampled bilinearly. Work happens in a float RGB patch (a rectangle of the frame) so blending,
// colour correction and the mouth interior can be layered before anything is rounded to bytes.
// Coordinates are continuous frame pixels (pixel (0, 0) spans 0…1, its centre is 0.5).
import type { Affine, Point } from '../face/faceGeometry';
import type { RgbFrame } from '../face/rgbFrame';

export interface RgbPatch {
  /** Top-left pixel of the patch in the frame. */
  x: number;
  y: number;
  width: number;
  height: number;
  /** width * height * 3 floats, 0…255. */
  data: Float32Array;
}

export type Triangle = readonly [Point, Point, Point];

export function createPatch(x: number, y: number, width: number, height: number): RgbPatch {
  return { x, y, width, height, data: new Float32Array(Math.max(0, width * height * 3)) };
}

/** The patch of `frame` covering the box (clipped to the frame), copied as floats. */
export function patchFromFrame(
  frame: RgbFrame,
  box: { x0: number; y0: number; x1: number; y1: number },
): RgbPatch {
  const x = Math.max(0, Math.floor(box.x0));
  const y = Math.max(0, Math.floor(box.y0));
  const right = Math.min(frame.width, Math.ceil(box.x1));
  const bottom = Math.min(frame.height, Math.ceil(box.y1));
  const patch = createPatch(x, y, Math.max(0, right - x), Math.max(0, bottom - y));
  for (let row = 0; row < patch.height; row++) {
    const from = ((y + row) * frame.width + x) * 3;
    const to = row * patch.width * 3;
    for (let index = 0; index < patch.width * 3; index++) patch.data[to + index] = frame.data[from + index]!;
  }
  return patch;
}

/** The affine map taking the three `from` points onto the three `to` points; null if degenerate. */
export function affineBetweenTriangles(from: Triangle, to: Triangle): Affine | null {
  const [p0, p1, p2] = from;
  const [q0, q1, q2] = to;
  const ux = p1.x - p0.x;
  const uy = p1.y - p0.y;
  const vx = p2.x - p0.x;
  const vy = p2.y - p0.y;
  const determinant = ux * vy - uy * vx;
  if (Math.abs(determinant) < 1e-9) return null;
  // Columns of the map in the (u, v) basis, then back to x, y.
  const aux = q1.x - q0.x;
  const auy = q1.y - q0.y;
  const avx = q2.x - q0.x;
  const avy = q2.y - q0.y;
  const a = (aux * vy - avx * uy) / determinant;
  const b = (avx * ux - aux * vx) / determinant;
  const d = (auy * vy - avy * uy) / determinant;
  const e = (avy * ux - auy * vx) / determinant;
  return [a, b, q0.x - a * p0.x - b * p0.y, d, e, q0.y - d * p0.x - e * p0.y];
}

/** Bilinear sample of `frame` at continuous coordinates into `out[offset…offset+2]` (edges clamp). */
export function sampleBilinear(
  frame: RgbFrame,
  x: number,
  y: number,
  out: Float32Array,
  offset: number,
): void {
  const fx = Math.min(frame.width - 1, Math.max(0, x - 0.5));
  const fy = Math.min(frame.height - 1, Math.max(0, y - 0.5));
  const x0 = Math.floor(fx);
  const y0 = Math.floor(fy);
  const x1 = Math.min(frame.width - 1, x0 + 1);
  const y1 = Math.min(frame.height - 1, y0 + 1);
  const wx = fx - x0;
  const wy = fy - y0;
  const data = frame.data;
  const i00 = (y0 * frame.width + x0) * 3;
  const i10 = (y0 * frame.width + x1) * 3;
  const i01 = (y1 * frame.width + x0) * 3;
  const i11 = (y1 * frame.width + x1) * 3;
  const w00 = (1 - wx) * (1 - wy);
  const w10 = wx * (1 - wy);
  const w01 = (1 - wx) * wy;
  const w11 = wx * wy;
  for (let channel = 0; channel < 3; channel++) {
    out[offset + channel] =
      data[i00 + channel]! * w00 +
      data[i10 + channel]! * w10 +
      data[i01 + channel]! * w01 +
      data[i11 + channel]! * w11;
  }
}

/**
 * Fills the pixels of `patch` whose centres lie in `destination` from `source` through the map
 * destination -> `sourceTriangle`. `coverage` (one byte per patch pixel) is set where drawn; pixels
 * with `only[i] === 0` are skipped (outside the blend mask: nothing would show).
 */
export function warpTriangle(
  patch: RgbPatch,
  source: RgbFrame,
  destination: Triangle,
  sourceTriangle: Triangle,
  only?: Float32Array,
): void {
  const map = affineBetweenTriangles(destination, sourceTriangle);
  if (!map) return;
  const [p0, p1, p2] = destination;
  const left = Math.max(patch.x, Math.floor(Math.min(p0.x, p1.x, p2.x)));
  const right = Math.min(patch.x + patch.width, Math.ceil(Math.max(p0.x, p1.x, p2.x)));
  const top = Math.max(patch.y, Math.floor(Math.min(p0.y, p1.y, p2.y)));
  const bottom = Math.min(patch.y + patch.height, Math.ceil(Math.max(p0.y, p1.y, p2.y)));
  const area = (p1.x - p0.x) * (p2.y - p0.y) - (p1.y - p0.y) * (p2.x - p0.x);
  const sign = area >= 0 ? 1 : -1;
  const [a, b, c, d, e, f] = map;
  // Edge functions; a small tolerance so pixels on shared edges are drawn by at least one side.
  const epsilon = -1e-6;
  for (let py = top; py < bottom; py++) {
    const cy = py + 0.5;
    for (let px = left; px < right; px++) {
      const cx = px + 0.5;
      const w0 = sign * ((p1.x - cx) * (p2.y - cy) - (p1.y - cy) * (p2.x - cx));
      const w1 = sign * ((p2.x - cx) * (p0.y - cy) - (p2.y - cy) * (p0.x - cx));
      const w2 = sign * ((p0.x - cx) * (p1.y - cy) - (p0.y - cy) * (p1.x - cx));
      if (w0 < epsilon || w1 < epsilon || w2 < epsilon) continue;
      const index = (py - patch.y) * patch.width + (px - patch.x);
      if (only && only[index] === 0) continue;
      sampleBilinear(source, a * cx + b * cy + c, d * cx + e * cy + f, patch.data, index * 3);
    }
  }
}

/** Whether `point` lies inside the closed polygon (even-odd rule). */
export function pointInPolygon(point: Point, polygon: readonly Point[]): boolean {
  let inside = false;
  for (let index = 0, previous = polygon.length - 1; index < polygon.length; previous = index++) {
    const a = polygon[index]!;
    const b = polygon[previous]!;
    if (a.y > point.y !== b.y > point.y && point.x < ((b.x - a.x) * (point.y - a.y)) / (b.y - a.y) + a.x) {
      inside = !inside;
    }
  }
  return inside;
}

/** Signed distance from `point` to the polygon's outline: positive inside, negative outside. */
export function signedDistanceToPolygon(point: Point, polygon: readonly Point[]): number {
  let best = Infinity;
  for (let index = 0, previous = polygon.length - 1; index < polygon.length; previous = index++) {
    const a = polygon[previous]!;
    const b = polygon[index]!;
    const dx = b.x - a.x;
    const dy = b.y - a.y;
    const length = dx * dx + dy * dy;
    const t =
      length > 0 ? Math.max(0, Math.min(1, ((point.x - a.x) * dx + (point.y - a.y) * dy) / length)) : 0;
    best = Math.min(best, Math.hypot(point.x - (a.x + t * dx), point.y - (a.y + t * dy)));
  }
  return pointInPolygon(point, polygon) ? best : -best;
}
