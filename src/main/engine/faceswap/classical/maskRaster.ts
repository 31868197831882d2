// Raster building blocks of the soft mask: a polygon filled into a float mask, a polygon moved
// inwards along its edge normals (shrinking the face outline), a polygon clipped by a half plane
// (cutting the forehead) and a separable box blur (three passes approximate a Gaussian) that turns
// hard edges into feathered ones. All work on a region of interest (ROI) of the frame: local pixel
// (i, j) has its centre at frame point (x0 + i + 0.5, y0 + j + 0.5).

export interface Roi {
  x0: number;
  y0: number;
  width: number;
  height: number;
}

/** Flat [x0, y0, x1, y1, ...] polygon in frame coordinates. */
export type Polygon = Float64Array;

/** Sets `value` on every ROI pixel whose centre lies inside the polygon (even-odd rule). */
export function fillPolygon(mask: Float32Array, roi: Roi, polygon: Polygon, value = 1): void {
  const count = polygon.length / 2;
  if (count < 3) return;
  const crossings: number[] = [];
  for (let row = 0; row < roi.height; row += 1) {
    const y = roi.y0 + row + 0.5;
    crossings.length = 0;
    for (let edge = 0; edge < count; edge += 1) {
      const next = (edge + 1) % count;
      const ya = polygon[edge * 2 + 1]!;
      const yb = polygon[next * 2 + 1]!;
      if ((ya <= y && yb > y) || (yb <= y && ya > y)) {
        const xa = polygon[edge * 2]!;
        const xb = polygon[next * 2]!;
        crossings.push(xa + ((y - ya) / (yb - ya)) * (xb - xa));
      }
    }
    crossings.sort((a, b) => a - b);
    const rowStart = row * roi.width;
    for (let pair = 0; pair + 1 < crossings.length; pair += 2) {
      // Pixel i is inside when its centre x0 + i + 0.5 lies in [from, to).
      const first = Math.max(0, Math.ceil(crossings[pair]! - roi.x0 - 0.5));
      const last = Math.min(roi.width - 1, Math.ceil(crossings[pair + 1]! - roi.x0 - 0.5) - 1);
      for (let column = first; column <= last; column += 1) mask[rowStart + column] = value;
    }
  }
}

/** Signed area (positive = clockwise on screen, y down). */
function signedArea(polygon: Polygon): number {
  let area = 0;
  const count = polygon.length / 2;
  for (let index = 0; index < count; index += 1) {
    const next = (index + 1) % count;
    area += polygon[index * 2]! * polygon[next * 2 + 1]! - polygon[next * 2]! * polygon[index * 2 + 1]!;
  }
  return area / 2;
}

/**
 * Moves every vertex `distance` pixels inwards along the mean of its two edge normals (negative
 * grows the polygon). Good enough for the gently curved outlines of a face.
 */
export function insetPolygon(polygon: Polygon, distance: number): Polygon {
  const count = polygon.length / 2;
  const out = new Float64Array(polygon.length);
  // Inward normal of edge (dx, dy): (-dy, dx) for a clockwise polygon in y-down screen space.
  const orientation = signedArea(polygon) >= 0 ? 1 : -1;
  for (let index = 0; index < count; index += 1) {
    const previous = (index + count - 1) % count;
    const next = (index + 1) % count;
    let nx = 0;
    let ny = 0;
    for (const [from, to] of [
      [previous, index],
      [index, next],
    ] as const) {
      const dx = polygon[to * 2]! - polygon[from * 2]!;
      const dy = polygon[to * 2 + 1]! - polygon[from * 2 + 1]!;
      const length = Math.hypot(dx, dy) || 1;
      nx += (-dy / length) * orientation;
      ny += (dx / length) * orientation;
    }
    const length = Math.hypot(nx, ny) || 1;
    out[index * 2] = polygon[index * 2]! + (nx / length) * distance;
    out[index * 2 + 1] = polygon[index * 2 + 1]! + (ny / length) * distance;
  }
  return out;
}

/** Keeps the part of the polygon where `nx * x + ny * y >= offset` (Sutherland-Hodgman). */
export function clipPolygonByHalfPlane(polygon: Polygon, nx: number, ny: number, offset: number): Polygon {
  const count = polygon.length / 2;
  const kept: number[] = [];
  for (let index = 0; index < count; index += 1) {
    const next = (index + 1) % count;
    const ax = polygon[index * 2]!;
    const ay = polygon[index * 2 + 1]!;
    const bx = polygon[next * 2]!;
    const by = polygon[next * 2 + 1]!;
    const da = nx * ax + ny * ay - offset;
    const db = nx * bx + ny * by - offset;
    if (da >= 0) kept.push(ax, ay);
    if (da >= 0 !== db >= 0) {
      const t = da / (da - db);
      kept.push(ax + t * (bx - ax), ay + t * (by - ay));
    }
  }
  return Float64Array.from(kept);
}

/** One horizontal then one vertical running-sum pass of radius r (edges repeat the border value). */
function boxBlurPass(
  data: Float32Array,
  width: number,
  height: number,
  radius: number,
  scratch: Float32Array,
): void {
  const window = 2 * radius + 1;
  for (let row = 0; row < height; row += 1) {
    const start = row * width;
    let sum = 0;
    for (let k = -radius; k <= radius; k += 1) sum += data[start + Math.min(width - 1, Math.max(0, k))]!;
    for (let column = 0; column < width; column += 1) {
      scratch[start + column] = sum / window;
      const leaving = data[start + Math.max(0, column - radius)]!;
      const entering = data[start + Math.min(width - 1, column + radius + 1)]!;
      sum += entering - leaving;
    }
  }
  for (let column = 0; column < width; column += 1) {
    let sum = 0;
    for (let k = -radius; k <= radius; k += 1)
      sum += scratch[Math.min(height - 1, Math.max(0, k)) * width + column]!;
    for (let row = 0; row < height; row += 1) {
      data[row * width + column] = sum / window;
      const leaving = scratch[Math.max(0, row - radius) * width + column]!;
      const entering = scratch[Math.min(height - 1, row + radius + 1) * width + column]!;
      sum += entering - leaving;
    }
  }
}

/**
 * Blurs in place so a hard edge turns into a ramp about `width` pixels wide (10 % to 90 %): three
 * box passes with a Gaussian's spread sigma = width / 2.56.
 */
export function featherInPlace(
  data: Float32Array,
  width: number,
  height: number,
  rampPixels: number,
  scratch: Float32Array,
): void {
  const sigma = rampPixels / 2.56;
  // Three passes of a box of radius r have variance r * (r + 1).
  const radius = Math.max(0, Math.round(Math.sqrt(sigma * sigma + 0.25) - 0.5));
  if (radius === 0) return;
  for (let pass = 0; pass < 3; pass += 1) boxBlurPass(data, width, height, radius, scratch);
}
