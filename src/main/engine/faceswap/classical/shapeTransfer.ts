// Moves some of the source face's shape onto the target: the mesh the source texture is warped to
// is the target's mesh with its inner points pulled towards the source's (after a least-squares
// similarity fit of the source mesh onto the target's, so only shape differs, not position, size
// or roll). The outline and the eye and mouth openings stay exactly the target's, so the mask, the
// seam and the target's own eyes and mouth (kept through the mask's holes) still line up; the pull
// fades in with the distance from them. Pose and expression therefore stay the target's, while
// the proportions between them (brows, nose, lips, cheeks) move towards the source's: a warp of
// texture alone keeps the target's proportions, which carry much of what makes a face someone's.
import { FACE_OUTLINE, LEFT_EYE_OPENING, MOUTH_OPENING, RIGHT_EYE_OPENING } from './faceMeshRegions';
import type { MeshPoints } from './triangleWarp';

const POINTS = 468;
const FIXED_POINTS: readonly number[] = [
  ...new Set([...FACE_OUTLINE, ...RIGHT_EYE_OPENING, ...LEFT_EYE_OPENING, ...MOUTH_OPENING]),
];

/** A copy of `target` with its inner points moved `amount` (0…1) of the way to the fitted source. */
export function shapeTransferredMesh(
  source: MeshPoints,
  target: MeshPoints,
  amount: number,
  eyeDistance: number,
): Float32Array {
  const result = Float32Array.from({ length: POINTS * 3 }, (_, index) => target[index]!);
  if (!(amount > 0) || !(eyeDistance > 0)) return result;
  // Similarity fit (scale, roll, shift) of the source's x, y onto the target's.
  let sourceX = 0;
  let sourceY = 0;
  let targetX = 0;
  let targetY = 0;
  for (let point = 0; point < POINTS; point += 1) {
    sourceX += source[point * 3]!;
    sourceY += source[point * 3 + 1]!;
    targetX += target[point * 3]!;
    targetY += target[point * 3 + 1]!;
  }
  sourceX /= POINTS;
  sourceY /= POINTS;
  targetX /= POINTS;
  targetY /= POINTS;
  let dot = 0;
  let cross = 0;
  let norm = 0;
  for (let point = 0; point < POINTS; point += 1) {
    const sx = source[point * 3]! - sourceX;
    const sy = source[point * 3 + 1]! - sourceY;
    const tx = target[point * 3]! - targetX;
    const ty = target[point * 3 + 1]! - targetY;
    dot += sx * tx + sy * ty;
    cross += sx * ty - sy * tx;
    norm += sx * sx + sy * sy;
  }
  if (!(norm > 0)) return result;
  const a = dot / norm;
  const b = cross / norm;
  // Full pull from this far (in eye distances) from the outline and the openings.
  const fade = 0.15 * eyeDistance;
  for (let point = 0; point < POINTS; point += 1) {
    const x = target[point * 3]!;
    const y = target[point * 3 + 1]!;
    let nearest = Infinity;
    for (const fixed of FIXED_POINTS) {
      nearest = Math.min(nearest, Math.hypot(target[fixed * 3]! - x, target[fixed * 3 + 1]! - y));
    }
    const weight = amount * Math.min(1, nearest / fade);
    if (weight <= 0) continue;
    const sx = source[point * 3]! - sourceX;
    const sy = source[point * 3 + 1]! - sourceY;
    result[point * 3] = x + weight * (a * sx - b * sy + targetX - x);
    result[point * 3 + 1] = y + weight * (b * sx + a * sy + targetY - y);
  }
  return result;
}
