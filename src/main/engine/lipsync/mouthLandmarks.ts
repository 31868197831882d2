// The parts of the 468-point MediaPipe face mesh that lip sync moves or measures: the four lip
// contours (as MediaPipe's FACEMESH_LIPS lists them, from the subject's right mouth corner to the
// left one), the face oval, the eye corners that give the eye centres, and the points that stay
// put while a person talks (the anchors of the head pose).
import { MeshLandmark, STABLE_MESH_LANDMARKS } from '../face/meshLandmarkIndices';
import type { Point } from '../face/faceGeometry';

export const UPPER_OUTER_LIP = [61, 185, 40, 39, 37, 0, 267, 269, 270, 409, 291] as const;
export const LOWER_OUTER_LIP = [61, 146, 91, 181, 84, 17, 314, 405, 321, 375, 291] as const;
export const UPPER_INNER_LIP = [78, 191, 80, 81, 82, 13, 312, 311, 310, 415, 308] as const;
export const LOWER_INNER_LIP = [78, 95, 88, 178, 87, 14, 317, 402, 318, 324, 308] as const;

/** The closed outline of the face, clockwise from the top of the forehead. */
export const FACE_OVAL = [
  10, 338, 297, 332, 284, 251, 389, 356, 454, 323, 361, 288, 397, 365, 379, 378, 400, 377, 152, 148, 176, 149,
  150, 136, 172, 58, 132, 93, 234, 127, 162, 21, 54, 103, 67, 109,
] as const;

/** Mouth corners: both inner and outer contours end there. */
export const MOUTH_CORNERS = new Set<number>([61, 291, 78, 308]);

/** The opening of the mouth, as a closed polygon: upper inner lip, then the lower one back. */
export const INNER_MOUTH_POLYGON: readonly number[] = [
  ...UPPER_INNER_LIP,
  ...[...LOWER_INNER_LIP].reverse().slice(1, -1),
];

/** The bottom of the nose (subnasale): the upper edge of what lip sync moves. */
export const SUBNASALE = 2;

/** Pose anchors: the mesh's stable points (eyes, nose, forehead, cheekbones). */
export const POSE_ANCHORS: readonly number[] = STABLE_MESH_LANDMARKS;

export function landmark(points: ArrayLike<number>, index: number): Point {
  return { x: points[index * 3] ?? 0, y: points[index * 3 + 1] ?? 0 };
}

/** The subject's right and left eye centres (mean of each eye's two corners). */
export function eyeCentres(points: ArrayLike<number>): { right: Point; left: Point } {
  const mean = (a: number, b: number): Point => {
    const first = landmark(points, a);
    const second = landmark(points, b);
    return { x: (first.x + second.x) / 2, y: (first.y + second.y) / 2 };
  };
  return {
    right: mean(MeshLandmark.rightEyeOuterCorner, MeshLandmark.rightEyeInnerCorner),
    left: mean(MeshLandmark.leftEyeOuterCorner, MeshLandmark.leftEyeInnerCorner),
  };
}

/** Distance between the eye centres: the face's size, independent of how the mouth moves. */
export function interOcularDistance(points: ArrayLike<number>): number {
  const { right, left } = eyeCentres(points);
  return Math.hypot(left.x - right.x, left.y - right.y);
}

/**
 * How open the mouth is: the distance between the inner lips' centres (13 and 14) over the
 * inter-ocular distance. This is THE measure of the acceptance tests and the bench.
 */
export function mouthOpening(points: ArrayLike<number>): number {
  const upper = landmark(points, MeshLandmark.upperLipCentre);
  const lower = landmark(points, MeshLandmark.lowerLipCentre);
  const eyes = interOcularDistance(points);
  return eyes > 0 ? Math.hypot(lower.x - upper.x, lower.y - upper.y) / eyes : 0;
}
