// Named parts of the 468-point face mesh that the classical swap needs: the outline, the eye and
// mouth openings (kept from the target so blinks and speech stay the target's), the brows (where
// the forehead cut goes) and the skin points colour is measured on. Index lists follow the
// MediaPipe Face Mesh annotations (Apache-2.0) as published in @vladmandic/human (MIT). "Right"
// and "left" are the subject's.
import { FACE_MESH_TRIANGLES } from './faceMeshTriangles';

/** The mesh's outer boundary, clockwise on screen from the top of the forehead. */
export const FACE_OUTLINE: readonly number[] = [
  10, 338, 297, 332, 284, 251, 389, 356, 454, 323, 361, 288, 397, 365, 379, 378, 400, 377, 152, 148, 176, 149,
  150, 136, 172, 58, 132, 93, 234, 127, 162, 21, 54, 103, 67, 109,
];

/** The lid margins of each eye: upper lid then lower lid, as one closed ring. */
export const RIGHT_EYE_OPENING: readonly number[] = [
  33, 246, 161, 160, 159, 158, 157, 173, 133, 155, 154, 153, 145, 144, 163, 7,
];
export const LEFT_EYE_OPENING: readonly number[] = [
  263, 466, 388, 387, 386, 385, 384, 398, 362, 382, 381, 380, 374, 373, 390, 249,
];

/** The inner edge of the lips (the mouth opening), as one closed ring. */
export const MOUTH_OPENING: readonly number[] = [
  78, 191, 80, 81, 82, 13, 312, 311, 310, 415, 308, 324, 318, 402, 317, 14, 87, 178, 88, 95,
];

/** The upper edge of each brow, outer end first. */
export const RIGHT_BROW_UPPER: readonly number[] = [156, 70, 63, 105, 66, 107, 55, 193];
export const LEFT_BROW_UPPER: readonly number[] = [383, 300, 293, 334, 296, 336, 285, 417];

/** Points of plain skin (cheeks, nose, chin, lower forehead): where skin colour is measured. */
export const SKIN_SAMPLE_POINTS: readonly number[] = [
  // right cheek
  50, 101, 36, 205, 187, 123, 116, 117, 118, 119, 100, 47, 207, 147,
  // left cheek
  280, 330, 266, 425, 411, 352, 345, 346, 347, 348, 329, 277, 427, 376,
  // nose
  4, 5, 195, 197, 45, 275, 51, 281,
  // chin
  175, 199, 200, 171, 396, 428, 208,
  // between and just above the brows (higher up, a fringe often hides the forehead)
  9, 8,
];

/** The points around the lower half of the outline (jaw and cheek sides), for the skin outside the face. */
export const JAW_OUTLINE: readonly number[] = [
  454, 323, 361, 288, 397, 365, 379, 378, 400, 377, 152, 148, 176, 149, 150, 136, 172, 58, 132, 93, 234,
];

/** Triangles whose three corners all lie on one eye's opening ring: the eyeballs. */
function eyeballTriangles(): Set<number> {
  const rings = [new Set(RIGHT_EYE_OPENING), new Set(LEFT_EYE_OPENING)];
  const inside = new Set<number>();
  for (let triangle = 0; triangle * 3 < FACE_MESH_TRIANGLES.length; triangle += 1) {
    const corners = FACE_MESH_TRIANGLES.slice(triangle * 3, triangle * 3 + 3);
    if (rings.some((ring) => corners.every((corner) => ring.has(corner)))) inside.add(triangle);
  }
  return inside;
}

/** The mesh triangles the source face texture is drawn with: all but the eyeballs. */
export const SWAP_TRIANGLES: readonly number[] = (() => {
  const skipped = eyeballTriangles();
  const kept: number[] = [];
  for (let triangle = 0; triangle * 3 < FACE_MESH_TRIANGLES.length; triangle += 1) {
    if (!skipped.has(triangle)) kept.push(...FACE_MESH_TRIANGLES.slice(triangle * 3, triangle * 3 + 3));
  }
  return kept;
})();
