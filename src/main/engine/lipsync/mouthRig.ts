// The mouth rig of the classical lip sync, built once from the reference (closed-mouth) mesh:
// which mesh points belong to the lower face, where they sit in face units (x along the eyes, y
// down, origin between the inner lips, 1 = the inter-ocular distance), and how each one moves when
// the mouth opens by one unit or spreads:
// - the jaw drops: every point below the lip seam (lower lip, chin, jaw line) moves down by 0.75 of
//   the gap, fading out sideways past the mouth corners towards the jaw angle;
// - the upper lip rises by 0.25 of the gap, fading to nothing at the bottom of the nose;
// - the corners follow the jaw a third of the way and draw in slightly;
// - width spreads or rounds the lips around the mouth centre.
// A fixed outer ring (a rounded box well outside the lower face) anchors the warp so the edge of
// the moved region never moves. The rig is triangulated (Delaunay) on the reference shape opened a
// little, so no triangle bridges the lips except the ones inside the mouth.
import Delaunator from 'delaunator';
import type { Point } from '../face/faceGeometry';
import { MeshLandmark } from '../face/meshLandmarkIndices';
import { faceAxes, toFaceUnits, type FaceAxes } from './faceFrameGeometry';
import {
  FACE_OVAL,
  INNER_MOUTH_POLYGON,
  landmark,
  LOWER_INNER_LIP,
  LOWER_OUTER_LIP,
  MOUTH_CORNERS,
  SUBNASALE,
  UPPER_INNER_LIP,
  UPPER_OUTER_LIP,
} from './mouthLandmarks';

const MESH_POINTS = 468;
const JAW_SHARE = 0.75;
const UPPER_LIP_SHARE = 0.25;
const CORNER_SHARE = 0.3;
const CORNER_DRAW_IN = 0.08;
const WIDTH_GAIN = 0.1;
const RING_POINTS = 24;
/** The gap the rig is triangulated at (face units). */
const TRIANGULATION_GAP = 0.15;

export interface MouthRig {
  axes: FaceAxes;
  /** Mesh indices of the moved points, in rig order (ring points follow them). */
  meshIndices: number[];
  /** Face-unit positions of the rig points at rest: mesh points, then the ring. */
  rest: Float64Array;
  /** Face-unit displacement per unit of gap, and per unit of width, for every rig point. */
  openBasis: Float64Array;
  widthBasis: Float64Array;
  /** Rig triangles (indices into the rig points). */
  triangles: Uint32Array;
  /** Rig indices of the mouth opening's outline (INNER_MOUTH_POLYGON order). */
  innerPolygon: number[];
  /** The blend region in face units: a rounded box. */
  mask: { centreX: number; top: number; bottom: number; halfWidth: number };
  /** Extent of the ring in face units (the warp never reaches beyond it). */
  ringBox: { left: number; right: number; top: number; bottom: number };
  /** Half the mouth width (face units). */
  mouthHalfWidth: number;
}

function lateralFalloff(relativeX: number): number {
  const a = Math.abs(relativeX);
  if (a <= 0.5) return 1;
  if (a <= 1) return 1 - 0.7 * ((a - 0.5) / 0.5);
  return Math.max(0, 0.3 * (1 - (a - 1) / 1.4));
}

/** Points of a rounded box (superellipse, power 4) around the centre, clockwise from the top. */
function roundedBox(
  centreX: number,
  centreY: number,
  halfWidth: number,
  halfHeight: number,
  count: number,
): Point[] {
  const points: Point[] = [];
  for (let index = 0; index < count; index++) {
    const angle = (2 * Math.PI * index) / count - Math.PI / 2;
    const cos = Math.cos(angle);
    const sin = Math.sin(angle);
    points.push({
      x: centreX + halfWidth * Math.sign(cos) * Math.sqrt(Math.abs(cos)),
      y: centreY + halfHeight * Math.sign(sin) * Math.sqrt(Math.abs(sin)),
    });
  }
  return points;
}

function seamHeightAt(x: number, seam: readonly Point[]): number {
  if (x <= seam[0]!.x) return seam[0]!.y;
  for (let index = 1; index < seam.length; index++) {
    const a = seam[index - 1]!;
    const b = seam[index]!;
    if (x <= b.x) return b.x > a.x ? a.y + ((b.y - a.y) * (x - a.x)) / (b.x - a.x) : b.y;
  }
  return seam[seam.length - 1]!.y;
}

/** Builds the rig from the reference mesh (frame pixels, 468 x 3). */
export function buildMouthRig(reference: ArrayLike<number>): MouthRig {
  const upper = landmark(reference, MeshLandmark.upperLipCentre);
  const lower = landmark(reference, MeshLandmark.lowerLipCentre);
  const axes = faceAxes(reference, { x: (upper.x + lower.x) / 2, y: (upper.y + lower.y) / 2 });
  const local = (index: number): Point => toFaceUnits(axes, landmark(reference, index));
  const subnasale = local(SUBNASALE).y;
  const chin = local(MeshLandmark.chin).y;
  const mouthHalfWidth =
    (Math.abs(local(MeshLandmark.mouthRightCorner).x) + Math.abs(local(MeshLandmark.mouthLeftCorner).x)) / 2;
  const upperLipTop = local(0).y; // top of the upper lip's outer contour, at the centre
  const seam = UPPER_INNER_LIP.map((index, k) => {
    const a = local(index);
    const b = local(LOWER_INNER_LIP[k]!);
    return { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
  }).sort((a, b) => a.x - b.x);
  const upperSet = new Set<number>([...UPPER_INNER_LIP, ...UPPER_OUTER_LIP]);
  const lowerSet = new Set<number>([...LOWER_INNER_LIP, ...LOWER_OUTER_LIP]);

  const meshIndices: number[] = [];
  for (let index = 0; index < MESH_POINTS; index++)
    if (local(index).y >= subnasale - 0.02) meshIndices.push(index);
  const ovalHalfWidth = Math.max(
    ...FACE_OVAL.filter((index) => Math.abs(local(index).y) < 0.25).map((index) => Math.abs(local(index).x)),
    mouthHalfWidth * 1.8,
  );
  const ringBox = {
    left: -ovalHalfWidth - 0.45,
    right: ovalHalfWidth + 0.45,
    top: subnasale - 0.3,
    bottom: chin + 0.75,
  };
  const ring = roundedBox(
    0,
    (ringBox.top + ringBox.bottom) / 2,
    (ringBox.right - ringBox.left) / 2,
    (ringBox.bottom - ringBox.top) / 2,
    RING_POINTS,
  );
  const count = meshIndices.length + ring.length;
  const rest = new Float64Array(count * 2);
  const openBasis = new Float64Array(count * 2);
  const widthBasis = new Float64Array(count * 2);
  meshIndices.forEach((meshIndex, rigIndex) => {
    const p = local(meshIndex);
    rest[rigIndex * 2] = p.x;
    rest[rigIndex * 2 + 1] = p.y;
    const relativeX = p.x / mouthHalfWidth;
    let dx = 0;
    let dy: number;
    if (MOUTH_CORNERS.has(meshIndex)) {
      dy = CORNER_SHARE;
      dx = -Math.sign(p.x) * CORNER_DRAW_IN;
    } else if (lowerSet.has(meshIndex) || (!upperSet.has(meshIndex) && p.y >= seamHeightAt(p.x, seam))) {
      dy = JAW_SHARE * lateralFalloff(relativeX);
    } else {
      // Above the seam: the upper lip rises, less and less towards the nose.
      const toNose = upperSet.has(meshIndex)
        ? 1
        : Math.max(0, Math.min(1, (p.y - subnasale) / Math.max(0.05, upperLipTop - subnasale)));
      dy = -UPPER_LIP_SHARE * toNose * (Math.abs(relativeX) < 1 ? lateralFalloff(relativeX) : 0);
    }
    openBasis[rigIndex * 2] = dx;
    openBasis[rigIndex * 2 + 1] = dy;
    const nearLips =
      Math.max(0, 1 - Math.max(0, Math.abs(relativeX) - 1)) * Math.max(0, 1 - Math.abs(p.y) / 0.6);
    widthBasis[rigIndex * 2] = p.x * WIDTH_GAIN * nearLips;
  });
  ring.forEach((point, offset) => {
    const rigIndex = meshIndices.length + offset;
    rest[rigIndex * 2] = point.x;
    rest[rigIndex * 2 + 1] = point.y;
  });

  const opened = new Float64Array(count * 2);
  for (let index = 0; index < count * 2; index++)
    opened[index] = rest[index]! + TRIANGULATION_GAP * openBasis[index]!;
  const triangles = new Delaunator(opened).triangles;
  const rigIndexOf = new Map(meshIndices.map((meshIndex, rigIndex) => [meshIndex, rigIndex]));
  const innerPolygon = INNER_MOUTH_POLYGON.map((meshIndex) => {
    const rigIndex = rigIndexOf.get(meshIndex);
    if (rigIndex === undefined)
      throw new RangeError(`lip point ${meshIndex} lies above the nose in this mesh`);
    return rigIndex;
  });
  return {
    axes,
    meshIndices,
    rest,
    openBasis,
    widthBasis,
    triangles,
    innerPolygon,
    mask: { centreX: 0, top: subnasale + 0.02, bottom: chin + 0.12, halfWidth: ovalHalfWidth + 0.06 },
    ringBox,
    mouthHalfWidth,
  };
}

/** Face-unit positions of every rig point for a mouth gap (face units) and width (−1…1). */
export function posedRig(rig: MouthRig, gap: number, width: number, out?: Float64Array): Float64Array {
  const positions = out ?? new Float64Array(rig.rest.length);
  for (let index = 0; index < rig.rest.length; index++) {
    positions[index] = rig.rest[index]! + gap * rig.openBasis[index]! + width * rig.widthBasis[index]!;
  }
  return positions;
}
