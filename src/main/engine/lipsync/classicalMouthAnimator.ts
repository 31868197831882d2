// The classical lip sync's per-frame work (a landmark-driven mouth animation, not a neural model).
// The original mouth motion is neutralised by never showing the original lower face: every frame's
// lower face is the REFERENCE frame's (a frame of the same video with the mouth closed), moved to
// the current head pose (a similarity fitted on the mesh's stable points), then posed by the mouth
// rig for the new sound (jaw, lips, corners), warped piecewise-affinely (the rig's triangles) and
// blended in with a feathered mask that reaches below both the new and the original chin. The
// mouth opening gets a plausible interior (teeth from an open-mouth frame, or a lit cavity), and the
// pasted patch is shifted to the current frame's colour along the blend band (lighting drift).
import type { Affine, Point } from '../face/faceGeometry';
import { applyAffine, composeAffine, invertAffine } from '../face/faceGeometry';
import type { RgbFrame } from '../face/rgbFrame';
import { fitSimilarity, fromFaceUnits, pointsAt, toFaceUnits } from './faceFrameGeometry';
import { paintMouthInterior, type TeethSource } from './mouthInterior';
import { landmark, POSE_ANCHORS, UPPER_INNER_LIP } from './mouthLandmarks';
import { buildMouthRig, posedRig, type MouthRig } from './mouthRig';
import type { MouthShape } from './mouthShapeFromAudio';
import { patchFromFrame, warpTriangle, type RgbPatch } from './triangleWarp';

/** The widest opening (face units, i.e. inter-ocular distances) at openness 1 and strength 1. */
export const MAX_MOUTH_GAP = 0.28;
/** The blend mask's soft edge, in face units. */
const FEATHER = 0.16;
const JAW_SHARE = 0.75;
/** Points whose drop below the reference tells how far the ORIGINAL jaw is open. */
const ORIGINAL_JAW_POINTS = [152, 148, 377, 17, 14] as const;

export interface MeshFrame {
  frame: RgbFrame;
  /** 468 x 3 landmarks in this frame's pixels. */
  mesh: ArrayLike<number>;
}

export interface ClassicalAnimatorSetup {
  /** A frame of the clip with the mouth closed, and its mesh (same pixel grid as the frames). */
  reference: MeshFrame;
  /** A frame with the mouth clearly open, whose mouth interior (teeth) is reused; optional. */
  teeth?: MeshFrame;
  /** 0…1.5: scales how far the mouth moves. */
  strength: number;
}

export interface BlendMask {
  patch: { x: number; y: number; width: number; height: number };
  /** One value 0…1 per patch pixel. */
  values: Float32Array;
}

export interface PosedFrame {
  /** Reference frame -> this frame. */
  pose: Affine;
  gap: number;
  /** Rig points in this frame's pixels. */
  destination: Point[];
  mask: BlendMask;
}

export class ClassicalMouthAnimator {
  readonly rig: MouthRig;
  private readonly source: Point[];
  private readonly referenceAnchors: Point[];
  private readonly teeth: TeethSource | undefined;
  private readonly posed: Float64Array;

  constructor(private readonly setup: ClassicalAnimatorSetup) {
    this.rig = buildMouthRig(setup.reference.mesh);
    const count = this.rig.rest.length / 2;
    this.source = Array.from({ length: count }, (_, index) =>
      fromFaceUnits(this.rig.axes, { x: this.rig.rest[index * 2]!, y: this.rig.rest[index * 2 + 1]! }),
    );
    this.referenceAnchors = pointsAt(setup.reference.mesh, POSE_ANCHORS);
    this.posed = new Float64Array(this.rig.rest.length);
    if (setup.teeth) {
      const teethMesh = setup.teeth.mesh;
      const polygon = this.rig.innerPolygon.map((rigIndex) =>
        landmark(teethMesh, this.rig.meshIndices[rigIndex]!),
      );
      this.teeth = { frame: setup.teeth.frame, polygon };
    }
  }

  /** Where everything goes in a frame with this mesh, for this mouth shape (no pixels touched). */
  pose(mesh: ArrayLike<number>, shape: MouthShape): PosedFrame {
    const pose = fitSimilarity(this.referenceAnchors, pointsAt(mesh, POSE_ANCHORS));
    const gap = Math.max(0, shape.openness) * MAX_MOUTH_GAP * this.setup.strength;
    const width = Math.max(-1, Math.min(1, shape.width)) * Math.min(1, this.setup.strength);
    posedRig(this.rig, gap, width, this.posed);
    const destination: Point[] = [];
    for (let index = 0; index < this.posed.length / 2; index++) {
      const inReference = fromFaceUnits(this.rig.axes, {
        x: this.posed[index * 2]!,
        y: this.posed[index * 2 + 1]!,
      });
      destination.push(applyAffine(pose, inReference.x, inReference.y));
    }
    return { pose, gap, destination, mask: this.blendMask(mesh, pose, gap) };
  }

  /** Animates the mouth of `target` (RGB24, modified in place) to `shape`. */
  animate(target: RgbFrame, mesh: ArrayLike<number>, shape: MouthShape): PosedFrame {
    const posed = this.pose(mesh, shape);
    const { mask } = posed;
    if (mask.patch.width <= 0 || mask.patch.height <= 0) return posed;
    const box = {
      x0: mask.patch.x,
      y0: mask.patch.y,
      x1: mask.patch.x + mask.patch.width,
      y1: mask.patch.y + mask.patch.height,
    };
    const warped = patchFromFrame(target, box);
    const triangles = this.rig.triangles;
    for (let index = 0; index < triangles.length; index += 3) {
      const a = triangles[index]!;
      const b = triangles[index + 1]!;
      const c = triangles[index + 2]!;
      warpTriangle(
        warped,
        this.setup.reference.frame,
        [posed.destination[a]!, posed.destination[b]!, posed.destination[c]!],
        [this.source[a]!, this.source[b]!, this.source[c]!],
        mask.values,
      );
    }
    const { skin, offset } = colourStatistics(target, warped, mask.values);
    const axisRight = this.frameAxis(posed.pose, this.rig.axes.right);
    const axisDown = this.frameAxis(posed.pose, this.rig.axes.down);
    paintMouthInterior(
      warped,
      this.rig.innerPolygon.map((rigIndex) => posed.destination[rigIndex]!),
      { skin, right: axisRight, down: axisDown, upperCount: UPPER_INNER_LIP.length },
      this.teeth,
    );
    blendInto(target, warped, mask.values, offset);
    return posed;
  }

  /** A reference-frame direction as a unit vector in the current frame. */
  private frameAxis(pose: Affine, direction: Point): Point {
    const x = pose[0] * direction.x + pose[1] * direction.y;
    const y = pose[3] * direction.x + pose[4] * direction.y;
    const length = Math.hypot(x, y) || 1;
    return { x: x / length, y: y / length };
  }

  /**
   * The feathered blend mask: a rounded box over the lower face (from just under the nose to below
   * the lower of the new and the original chin), soft over FEATHER face units outward.
   */
  private blendMask(mesh: ArrayLike<number>, pose: Affine, gap: number): BlendMask {
    const rig = this.rig;
    const toReference = invertAffine(pose);
    let originalDrop = 0;
    for (const index of ORIGINAL_JAW_POINTS) {
      const point = landmark(mesh, index);
      const local = toFaceUnits(rig.axes, applyAffine(toReference, point.x, point.y));
      const rigIndex = rig.meshIndices.indexOf(index);
      if (rigIndex >= 0) originalDrop = Math.max(originalDrop, local.y - rig.rest[rigIndex * 2 + 1]!);
    }
    const top = rig.mask.top;
    const bottom = rig.mask.bottom + Math.max(gap * JAW_SHARE, originalDrop);
    const halfWidth = rig.mask.halfWidth;
    const centreY = (top + bottom) / 2;
    const halfHeight = (bottom - top) / 2;
    // Frame pixels -> face units of the reference: the inverse of (face units -> reference -> frame).
    const unitsToReference: Affine = [
      rig.axes.right.x * rig.axes.unit,
      rig.axes.down.x * rig.axes.unit,
      rig.axes.origin.x,
      rig.axes.right.y * rig.axes.unit,
      rig.axes.down.y * rig.axes.unit,
      rig.axes.origin.y,
    ];
    const unitsToFrame = composeAffine(pose, unitsToReference);
    const frameToUnits = invertAffine(unitsToFrame);
    const extent = [
      { x: -halfWidth - FEATHER, y: top - FEATHER },
      { x: halfWidth + FEATHER, y: top - FEATHER },
      { x: -halfWidth - FEATHER, y: bottom + FEATHER },
      { x: halfWidth + FEATHER, y: bottom + FEATHER },
    ].map((corner) => applyAffine(unitsToFrame, corner.x, corner.y));
    const width = this.setup.reference.frame.width;
    const height = this.setup.reference.frame.height;
    const x = Math.max(0, Math.floor(Math.min(...extent.map((p) => p.x))));
    const y = Math.max(0, Math.floor(Math.min(...extent.map((p) => p.y))));
    const patchWidth = Math.max(0, Math.min(width, Math.ceil(Math.max(...extent.map((p) => p.x)))) - x);
    const patchHeight = Math.max(0, Math.min(height, Math.ceil(Math.max(...extent.map((p) => p.y)))) - y);
    const values = new Float32Array(patchWidth * patchHeight);
    const [a, b, c, d, e, f] = frameToUnits;
    const edge = Math.min(halfWidth, halfHeight);
    // radius⁴ of the rounded box (power 4); the soft edge ends where radius = 1 + FEATHER / edge.
    const outerRadius4 = (1 + FEATHER / edge) ** 4;
    for (let row = 0; row < patchHeight; row++) {
      const cy = y + row + 0.5;
      const rowU = b * cy + c;
      const rowV = e * cy + f - centreY;
      for (let column = 0; column < patchWidth; column++) {
        const cx = x + column + 0.5;
        const u = (a * cx + rowU) / halfWidth;
        const v = (d * cx + rowV) / halfHeight;
        const u2 = u * u;
        const v2 = v * v;
        const radius4 = u2 * u2 + v2 * v2;
        if (radius4 <= 1) values[row * patchWidth + column] = 1;
        else if (radius4 < outerRadius4) {
          const inside = 1 - ((Math.sqrt(Math.sqrt(radius4)) - 1) * edge) / FEATHER;
          values[row * patchWidth + column] = inside * inside * (3 - 2 * inside);
        }
      }
    }
    return { patch: { x, y, width: patchWidth, height: patchHeight }, values };
  }
}

/**
 * In one pass over the mask: the mean colour of the pasted skin (mask ≥ 0.9, to light the mouth
 * interior) and the mean colour difference frame − pasted over the outer half of the blend band
 * (0.02 < mask < 0.5), the shift that hides lighting drift between the reference and this frame.
 */
function colourStatistics(
  target: RgbFrame,
  warped: RgbPatch,
  mask: Float32Array,
): { skin: [number, number, number]; offset: [number, number, number] } {
  const skin = [0, 0, 0];
  const difference = [0, 0, 0];
  let skinCount = 0;
  let bandCount = 0;
  for (let row = 0; row < warped.height; row++) {
    for (let column = 0; column < warped.width; column++) {
      const index = row * warped.width + column;
      const value = mask[index]!;
      if (value >= 0.9) {
        for (let channel = 0; channel < 3; channel++) skin[channel]! += warped.data[index * 3 + channel]!;
        skinCount += 1;
      } else if (value > 0.02 && value < 0.5) {
        const at = ((warped.y + row) * target.width + warped.x + column) * 3;
        for (let channel = 0; channel < 3; channel++) {
          difference[channel]! += target.data[at + channel]! - warped.data[index * 3 + channel]!;
        }
        bandCount += 1;
      }
    }
  }
  const mean = (sums: number[], count: number, fallback: number[]): [number, number, number] =>
    count > 0
      ? [sums[0]! / count, sums[1]! / count, sums[2]! / count]
      : [fallback[0]!, fallback[1]!, fallback[2]!];
  return { skin: mean(skin, skinCount, [150, 120, 110]), offset: mean(difference, bandCount, [0, 0, 0]) };
}

function blendInto(target: RgbFrame, patch: RgbPatch, mask: Float32Array, offset: readonly number[]): void {
  const [red, green, blue] = offset as [number, number, number];
  for (let row = 0; row < patch.height; row++) {
    for (let column = 0; column < patch.width; column++) {
      const index = row * patch.width + column;
      const value = mask[index]!;
      if (value <= 0) continue;
      const at = ((patch.y + row) * target.width + patch.x + column) * 3;
      const keep = 1 - value;
      const r = target.data[at]! * keep + (patch.data[index * 3]! + red) * value;
      const g = target.data[at + 1]! * keep + (patch.data[index * 3 + 1]! + green) * value;
      const b = target.data[at + 2]! * keep + (patch.data[index * 3 + 2]! + blue) * value;
      // Uint8Array truncates and wraps: clamp, and add 0.5 so the truncation rounds.
      target.data[at] = r <= 0 ? 0 : r >= 255 ? 255 : r + 0.5;
      target.data[at + 1] = g <= 0 ? 0 : g >= 255 ? 255 : g + 0.5;
      target.data[at + 2] = b <= 0 ? 0 : b >= 255 ? 255 : b + 0.5;
    }
  }
}
