// Five-point face alignment for the neural models (MODELS.md §0): the five points (subject's right
// eye centre — on the left of the picture —, left eye centre, nose tip, right and left mouth
// corner: "image-left first") taken from the 468-point mesh, and the least-squares similarity
// transform (rotation + uniform scale + translation) onto a template, the same estimate as
// skimage's SimilarityTransform (Umeyama; in 2-D it has this closed form). Templates are in OpenCV
// pixel-index coordinates (pixel centres on integers); the mesh uses pixel centres at +0.5, so the
// conversion happens here, once.
import type { Affine } from '../../face/faceGeometry';
import { composeAffine, invertAffine } from '../../face/faceGeometry';
import type { FaceMeshPoints } from '../faceSwapEngine';

export type FivePoints = readonly [number, number][];

/** Mesh eye contours (subject's right eye = picture left), their mean is the eye centre. */
const RIGHT_EYE_CONTOUR = [33, 7, 163, 144, 145, 153, 154, 155, 133, 173, 157, 158, 159, 160, 161, 246];
const LEFT_EYE_CONTOUR = [263, 249, 390, 373, 374, 380, 381, 382, 362, 398, 384, 385, 386, 387, 388, 466];
const NOSE_TIP = 1;
const MOUTH_RIGHT_CORNER = 61;
const MOUTH_LEFT_CORNER = 291;

export interface AlignmentTemplate {
  name: string;
  size: number;
  points: FivePoints;
}

/** ArcFace's template (InsightFace arcface_dst), 112 px: for the identity embedding. */
export const ARCFACE_112_V2: AlignmentTemplate = {
  name: 'arcface_112_v2',
  size: 112,
  points: [
    [38.2946, 51.6963],
    [73.5318, 51.5014],
    [56.0252, 71.7366],
    [41.5493, 92.3655],
    [70.7299, 92.2041],
  ],
};

/** arcface_dst moved 8 px right, 128 px: what inswapper_128 was trained on. */
export const ARCFACE_128: AlignmentTemplate = {
  name: 'arcface_128',
  size: 128,
  points: ARCFACE_112_V2.points.map(([x, y]) => [x + 8, y] as [number, number]),
};

/** FFHQ's template (facexlib face_template), 512 px: GFPGAN, CodeFormer. */
export const FFHQ_512: AlignmentTemplate = {
  name: 'ffhq_512',
  size: 512,
  points: [
    [192.98138, 239.94708],
    [318.90277, 240.1936],
    [256.63416, 314.01935],
    [201.26117, 371.41043],
    [313.08905, 371.15118],
  ],
};

function meanPoint(mesh: FaceMeshPoints, indices: readonly number[]): [number, number] {
  let x = 0;
  let y = 0;
  for (const index of indices) {
    x += mesh[index * 3]!;
    y += mesh[index * 3 + 1]!;
  }
  return [x / indices.length, y / indices.length];
}

/** The five alignment points of a mesh, in pixel-index coordinates (OpenCV's convention). */
export function fivePointsFromMesh(mesh: FaceMeshPoints): FivePoints {
  const point = (index: number): [number, number] => [mesh[index * 3]!, mesh[index * 3 + 1]!];
  const continuous: [number, number][] = [
    meanPoint(mesh, RIGHT_EYE_CONTOUR),
    meanPoint(mesh, LEFT_EYE_CONTOUR),
    point(NOSE_TIP),
    point(MOUTH_RIGHT_CORNER),
    point(MOUTH_LEFT_CORNER),
  ];
  return continuous.map(([x, y]) => [x - 0.5, y - 0.5] as [number, number]);
}

/** Least-squares similarity mapping `from` onto `to` (both pixel-index coordinates). */
export function estimateSimilarity(from: FivePoints, to: FivePoints): Affine {
  const count = Math.min(from.length, to.length);
  let fromX = 0;
  let fromY = 0;
  let toX = 0;
  let toY = 0;
  for (let index = 0; index < count; index++) {
    fromX += from[index]![0];
    fromY += from[index]![1];
    toX += to[index]![0];
    toY += to[index]![1];
  }
  fromX /= count;
  fromY /= count;
  toX /= count;
  toY /= count;
  let dot = 0;
  let cross = 0;
  let spread = 0;
  for (let index = 0; index < count; index++) {
    const sx = from[index]![0] - fromX;
    const sy = from[index]![1] - fromY;
    const dx = to[index]![0] - toX;
    const dy = to[index]![1] - toY;
    dot += sx * dx + sy * dy;
    cross += sx * dy - sy * dx;
    spread += sx * sx + sy * sy;
  }
  if (!(spread > 1e-9)) throw new RangeError('the face points coincide: no alignment is possible');
  const a = dot / spread;
  const b = cross / spread;
  return [a, -b, toX - (a * fromX - b * fromY), b, a, toY - (b * fromX + a * fromY)];
}

export interface FaceAlignment {
  template: AlignmentTemplate;
  /** Frame pixel-index coordinates -> crop pixel-index coordinates (OpenCV's warp matrix). */
  frameToCrop: Affine;
  cropToFrame: Affine;
  /** The same map for continuous coordinates (pixel centres at +0.5), for the crop sampler. */
  cropToFrameContinuous: Affine;
}

const SHIFT_TO_INDEX: Affine = [1, 0, -0.5, 0, 1, -0.5];
const SHIFT_TO_CONTINUOUS: Affine = [1, 0, 0.5, 0, 1, 0.5];

export function alignFace(mesh: FaceMeshPoints, template: AlignmentTemplate): FaceAlignment {
  const frameToCrop = estimateSimilarity(fivePointsFromMesh(mesh), template.points);
  const cropToFrame = invertAffine(frameToCrop);
  return {
    template,
    frameToCrop,
    cropToFrame,
    cropToFrameContinuous: composeAffine(SHIFT_TO_CONTINUOUS, composeAffine(cropToFrame, SHIFT_TO_INDEX)),
  };
}
