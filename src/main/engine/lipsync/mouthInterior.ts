// What shows between the lips when the animated mouth opens wider than the reference frame's:
// - with a teeth frame (a frame of the same video where the mouth is clearly open): its mouth
//   opening, warped into the new opening (a fan of triangles from the opening's centre, so the
//   upper teeth stay under the upper lip);
// - without one: a dark cavity, darkest in the middle, with the upper teeth as a soft light band
//   under the upper lip and the lower teeth showing only when the mouth is wide open, lit like
//   the face around it.
// The outline is anti-aliased over one pixel (signed distance to the opening's polygon).
import type { Point } from '../face/faceGeometry';
import type { RgbFrame } from '../face/rgbFrame';
import {
  affineBetweenTriangles,
  sampleBilinear,
  signedDistanceToPolygon,
  type RgbPatch,
} from './triangleWarp';

export interface TeethSource {
  frame: RgbFrame;
  /** The source frame's mouth opening (INNER_MOUTH_POLYGON order), frame pixels. */
  polygon: readonly Point[];
}

export interface InteriorLook {
  /** Mean colour of the skin around the mouth (0…255), to light the synthetic interior. */
  skin: readonly [number, number, number];
  /** The face's axes in the frame (unit vectors), to tell upper from lower. */
  right: Point;
  down: Point;
  /** How many polygon points belong to the upper lip (INNER_MOUTH_POLYGON starts with them). */
  upperCount: number;
}

const CAVITY = [52, 20, 22] as const;
const TEETH = [214, 206, 192] as const;

function centroid(points: readonly Point[]): Point {
  let x = 0;
  let y = 0;
  for (const point of points) {
    x += point.x;
    y += point.y;
  }
  return { x: x / points.length, y: y / points.length };
}

/** Height of a polyline (in face axes) at position s, clamped at its ends. */
function heightAt(profile: readonly { s: number; v: number }[], s: number): number {
  const first = profile[0]!;
  const last = profile[profile.length - 1]!;
  if (s <= first.s) return first.v;
  if (s >= last.s) return last.v;
  for (let index = 1; index < profile.length; index++) {
    const a = profile[index - 1]!;
    const b = profile[index]!;
    if (s <= b.s) return b.s > a.s ? a.v + ((b.v - a.v) * (s - a.s)) / (b.s - a.s) : b.v;
  }
  return last.v;
}

function smooth(edge0: number, edge1: number, value: number): number {
  const t = Math.max(0, Math.min(1, (value - edge0) / (edge1 - edge0)));
  return t * t * (3 - 2 * t);
}

/** Paints the mouth opening `polygon` (frame pixels) into `patch`. */
export function paintMouthInterior(
  patch: RgbPatch,
  polygon: readonly Point[],
  look: InteriorLook,
  teeth?: TeethSource,
): void {
  if (polygon.length < 3) return;
  const centre = centroid(polygon);
  const project = (point: Point): { s: number; v: number } => {
    const x = point.x - centre.x;
    const y = point.y - centre.y;
    return { s: x * look.right.x + y * look.right.y, v: x * look.down.x + y * look.down.y };
  };
  const upper = polygon
    .slice(0, look.upperCount)
    .map(project)
    .sort((a, b) => a.s - b.s);
  const lower = [polygon[0]!, ...polygon.slice(look.upperCount), polygon[look.upperCount - 1]!]
    .map(project)
    .sort((a, b) => a.s - b.s);
  const halfWidth = Math.max(1, (upper[upper.length - 1]!.s - upper[0]!.s) / 2);
  const maxGap = Math.max(...upper.map((point) => heightAt(lower, point.s) - point.v));
  if (maxGap < 0.5) return; // closed: nothing to paint

  const brightness = Math.max(0.45, Math.min(1.3, (look.skin[0] + look.skin[1] + look.skin[2]) / 3 / 150));
  const teethCentre = teeth ? centroid(teeth.polygon) : undefined;
  const fan = teeth
    ? polygon.map((point, index) => {
        const next = (index + 1) % polygon.length;
        return affineBetweenTriangles(
          [centre, point, polygon[next]!],
          [teethCentre!, teeth.polygon[index]!, teeth.polygon[next]!],
        );
      })
    : [];
  const angles = polygon.map((point) => Math.atan2(point.y - centre.y, point.x - centre.x));
  const colour = new Float32Array(3);

  const xs = polygon.map((point) => point.x);
  const ys = polygon.map((point) => point.y);
  const left = Math.max(patch.x, Math.floor(Math.min(...xs)) - 1);
  const right = Math.min(patch.x + patch.width, Math.ceil(Math.max(...xs)) + 1);
  const top = Math.max(patch.y, Math.floor(Math.min(...ys)) - 1);
  const bottom = Math.min(patch.y + patch.height, Math.ceil(Math.max(...ys)) + 1);
  for (let py = top; py < bottom; py++) {
    for (let px = left; px < right; px++) {
      const point = { x: px + 0.5, y: py + 0.5 };
      const alpha = Math.max(0, Math.min(1, 0.5 + signedDistanceToPolygon(point, polygon)));
      if (alpha <= 0) continue;
      if (teeth) {
        const angle = Math.atan2(point.y - centre.y, point.x - centre.x);
        const sector = sectorOf(angles, angle);
        const map = fan[sector];
        if (!map) continue;
        sampleBilinear(
          teeth.frame,
          map[0] * point.x + map[1] * point.y + map[2],
          map[3] * point.x + map[4] * point.y + map[5],
          colour,
          0,
        );
      } else {
        const { s, v } = project(point);
        const top = heightAt(upper, s);
        const gap = Math.max(0.5, heightAt(lower, s) - top);
        const t = (v - top) / gap;
        const lateral = Math.abs(s) / halfWidth;
        // Upper teeth: a band about a third of the way down, fading towards the corners.
        const upperTeeth =
          (1 - smooth(0.22, 0.38, t)) * (1 - smooth(0.45, 0.75, lateral)) * smooth(1, 3, gap);
        // Lower teeth appear only when the mouth is well open.
        const lowerTeeth = smooth(0.85, 0.97, t) * (1 - smooth(0.35, 0.6, lateral)) * smooth(4, 9, maxGap);
        const shade = 0.7 + 0.3 * Math.abs(t - 0.5) * 2;
        const teethShare = Math.min(1, upperTeeth * 0.9 + lowerTeeth * 0.6);
        for (let channel = 0; channel < 3; channel++) {
          const cavity = CAVITY[channel]! * shade;
          colour[channel] = brightness * (cavity + (TEETH[channel]! * 0.85 - cavity) * teethShare);
        }
      }
      const index = ((py - patch.y) * patch.width + (px - patch.x)) * 3;
      for (let channel = 0; channel < 3; channel++) {
        patch.data[index + channel] = patch.data[index + channel]! * (1 - alpha) + colour[channel]! * alpha;
      }
    }
  }
}

/** Index k of the fan sector (centre, polygon[k], polygon[k+1]) that contains the direction `angle`. */
function sectorOf(angles: readonly number[], angle: number): number {
  let best = 0;
  let bestSpan = Infinity;
  for (let index = 0; index < angles.length; index++) {
    const from = angles[index]!;
    const to = angles[(index + 1) % angles.length]!;
    const span = (((to - from) % (2 * Math.PI)) + 2 * Math.PI) % (2 * Math.PI);
    const offset = (((angle - from) % (2 * Math.PI)) + 2 * Math.PI) % (2 * Math.PI);
    // The polygon may run either way round: accept the sector in whichever direction is shorter.
    if (span <= Math.PI && offset <= span && span < bestSpan) {
      best = index;
      bestSpan = span;
    } else {
      const reverseSpan = 2 * Math.PI - span;
      const reverseOffset = (2 * Math.PI - offset) % (2 * Math.PI);
      if (reverseSpan <= Math.PI && reverseOffset <= reverseSpan && reverseSpan < bestSpan) {
        best = index;
        bestSpan = reverseSpan;
      }
    }
  }
  return best;
}
