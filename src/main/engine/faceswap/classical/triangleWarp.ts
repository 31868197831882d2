// Piecewise-affine warp of the source face onto the target mesh: every mesh triangle of the target
// is filled with the matching triangle of the source picture (bilinear samples), far triangles
// first so the near side of a turned head covers the far side, and triangles seen from behind on
// the target (their corners in the opposite turning order from the source's) are left out.
import type { Roi } from './maskRaster';

/** An RGB picture with per-pixel extras, sampled by the warp. */
export interface WarpSource {
  width: number;
  height: number;
  /** rgb24 bytes. */
  rgb: Uint8Array;
  /** One weight per pixel carried along with the colour (the source's skin likelihood). */
  weight: Float32Array;
}

/** Where the warp writes, all ROI-sized: colour (3 floats per pixel), coverage and the carried weight. */
export interface WarpTarget {
  roi: Roi;
  rgb: Float32Array;
  coverage: Float32Array;
  weight: Float32Array;
}

/** Mesh points as flat [x, y, z, ...] (468 x 3) in their own picture's pixels. */
export type MeshPoints = ArrayLike<number>;

function triangleArea(points: MeshPoints, a: number, b: number, c: number): number {
  const ax = points[a * 3]!;
  const ay = points[a * 3 + 1]!;
  return (
    (points[b * 3]! - ax) * (points[c * 3 + 1]! - ay) - (points[c * 3]! - ax) * (points[b * 3 + 1]! - ay)
  );
}

/** Triangle indices (into `triangles` / 3) in far-to-near order of the target mesh, back faces dropped. */
export function visibleTrianglesFarToNear(
  triangles: readonly number[],
  source: MeshPoints,
  target: MeshPoints,
): number[] {
  const order: { index: number; depth: number }[] = [];
  for (let index = 0; index * 3 < triangles.length; index += 1) {
    const a = triangles[index * 3]!;
    const b = triangles[index * 3 + 1]!;
    const c = triangles[index * 3 + 2]!;
    const sourceArea = triangleArea(source, a, b, c);
    const targetArea = triangleArea(target, a, b, c);
    if (sourceArea === 0 || targetArea === 0 || sourceArea > 0 !== targetArea > 0) continue;
    // facemesh z: smaller is nearer the camera.
    order.push({ index, depth: target[a * 3 + 2]! + target[b * 3 + 2]! + target[c * 3 + 2]! });
  }
  order.sort((first, second) => second.depth - first.depth);
  return order.map((entry) => entry.index);
}

/**
 * Draws the listed triangles. `sourceOffset` is subtracted from source mesh coordinates (the
 * source picture is a crop of the original photo).
 */
export function warpTriangles(
  triangles: readonly number[],
  order: readonly number[],
  source: WarpSource,
  sourceMesh: MeshPoints,
  sourceOffset: { x: number; y: number },
  targetMesh: MeshPoints,
  out: WarpTarget,
): void {
  const { roi } = out;
  const maxSourceX = source.width - 1;
  const maxSourceY = source.height - 1;
  for (const index of order) {
    const corners = [triangles[index * 3]!, triangles[index * 3 + 1]!, triangles[index * 3 + 2]!];
    // Target corners in ROI pixel-index space (centre of pixel i at i + 0.5 -> i).
    const tx = corners.map((corner) => targetMesh[corner * 3]! - roi.x0 - 0.5);
    const ty = corners.map((corner) => targetMesh[corner * 3 + 1]! - roi.y0 - 0.5);
    // Source corners in source pixel-index space.
    const sx = corners.map((corner) => sourceMesh[corner * 3]! - sourceOffset.x - 0.5);
    const sy = corners.map((corner) => sourceMesh[corner * 3 + 1]! - sourceOffset.y - 0.5);
    const [x0, x1, x2] = tx as [number, number, number];
    const [y0, y1, y2] = ty as [number, number, number];
    const determinant = (x1 - x0) * (y2 - y0) - (x2 - x0) * (y1 - y0);
    if (Math.abs(determinant) < 1e-6) continue;
    // Barycentric weights of corners 1 and 2 as affine functions of (x, y); then source = affine too.
    const b1x = (y2 - y0) / determinant;
    const b1y = -(x2 - x0) / determinant;
    const b2x = -(y1 - y0) / determinant;
    const b2y = (x1 - x0) / determinant;
    const [u0, u1, u2] = sx as [number, number, number];
    const [v0, v1, v2] = sy as [number, number, number];
    const ux = (u1 - u0) * b1x + (u2 - u0) * b2x;
    const uy = (u1 - u0) * b1y + (u2 - u0) * b2y;
    const vx = (v1 - v0) * b1x + (v2 - v0) * b2x;
    const vy = (v1 - v0) * b1y + (v2 - v0) * b2y;
    const uc = u0 - ux * x0 - uy * y0;
    const vc = v0 - vx * x0 - vy * y0;
    // Half-open rules in y and x (a pixel centre on a shared edge belongs to one triangle only).
    const top = Math.max(0, Math.ceil(Math.min(y0, y1, y2)));
    const bottom = Math.min(roi.height - 1, Math.ceil(Math.max(y0, y1, y2)) - 1);
    const edges: [number, number, number, number][] = [
      [x0, y0, x1, y1],
      [x1, y1, x2, y2],
      [x2, y2, x0, y0],
    ];
    for (let row = top; row <= bottom; row += 1) {
      let left = Infinity;
      let right = -Infinity;
      for (const [ax, ay, bx, by] of edges) {
        if ((ay <= row && row < by) || (by <= row && row < ay)) {
          const x = ax + ((row - ay) / (by - ay)) * (bx - ax);
          if (x < left) left = x;
          if (x > right) right = x;
        }
      }
      if (right < left) continue;
      const first = Math.max(0, Math.ceil(left));
      const last = Math.min(roi.width - 1, Math.ceil(right) - 1);
      let u = ux * first + uy * row + uc;
      let v = vx * first + vy * row + vc;
      for (let column = first; column <= last; column += 1, u += ux, v += vx) {
        const cu = u < 0 ? 0 : u > maxSourceX ? maxSourceX : u;
        const cv = v < 0 ? 0 : v > maxSourceY ? maxSourceY : v;
        const iu = Math.min(maxSourceX - 1, Math.floor(cu));
        const iv = Math.min(maxSourceY - 1, Math.floor(cv));
        const fu = cu - iu;
        const fv = cv - iv;
        const p00 = iv * source.width + iu;
        const p10 = p00 + 1;
        const p01 = p00 + source.width;
        const p11 = p01 + 1;
        const w00 = (1 - fu) * (1 - fv);
        const w10 = fu * (1 - fv);
        const w01 = (1 - fu) * fv;
        const w11 = fu * fv;
        const pixel = row * roi.width + column;
        const rgb = source.rgb;
        out.rgb[pixel * 3] =
          rgb[p00 * 3]! * w00 + rgb[p10 * 3]! * w10 + rgb[p01 * 3]! * w01 + rgb[p11 * 3]! * w11;
        out.rgb[pixel * 3 + 1] =
          rgb[p00 * 3 + 1]! * w00 +
          rgb[p10 * 3 + 1]! * w10 +
          rgb[p01 * 3 + 1]! * w01 +
          rgb[p11 * 3 + 1]! * w11;
        out.rgb[pixel * 3 + 2] =
          rgb[p00 * 3 + 2]! * w00 +
          rgb[p10 * 3 + 2]! * w10 +
          rgb[p01 * 3 + 2]! * w01 +
          rgb[p11 * 3 + 2]! * w11;
        const weight = source.weight;
        out.weight[pixel] = weight[p00]! * w00 + weight[p10]! * w10 + weight[p01]! * w01 + weight[p11]! * w11;
        out.coverage[pixel] = 1;
      }
    }
  }
}
