// Picks the two frames of a clip the classical lip sync borrows from:
// - the REFERENCE: mouth closed, and closed in the neighbouring frames too (no motion blur, not a
//   passing "b"), with a typical head pose (roll and size near the clip's median, anchors that a
//   similarity maps well onto the median frame's) - its lower face is shown in every frame;
// - the TEETH frame: the widest steady opening, if the clip has one wide enough to show the mouth
//   interior (≥ MIN_TEETH_OPENING); otherwise the interior is synthesised.
import type { Point } from '../face/faceGeometry';
import { meshRoll } from '../face/faceLandmarker';
import { fitSimilarity, meanFitError, pointsAt } from './faceFrameGeometry';
import { interOcularDistance, mouthOpening, POSE_ANCHORS } from './mouthLandmarks';

/** A teeth frame must open at least this far (inner-lip gap over the inter-ocular distance). */
export const MIN_TEETH_OPENING = 0.12;

export interface TrackMesh {
  /** Index of the frame in the source video. */
  frameIndex: number;
  /** 468 x 3 landmarks. */
  mesh: ArrayLike<number>;
}

export interface ReferenceChoice {
  closedFrame: number;
  teethFrame: number | null;
  closedOpening: number;
  teethOpening: number | null;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

export function chooseReferenceFrames(meshes: readonly TrackMesh[]): ReferenceChoice {
  if (meshes.length === 0) throw new RangeError('no face in the clip to take a reference frame from');
  const openings = meshes.map((entry) => mouthOpening(entry.mesh));
  const rolls = meshes.map((entry) => meshRoll(entry.mesh));
  const sizes = meshes.map((entry) => interOcularDistance(entry.mesh));
  const medianRoll = median(rolls);
  const medianSize = median(sizes);
  let typical = 0;
  let typicalScore = Infinity;
  meshes.forEach((_, index) => {
    const score = Math.abs(rolls[index]! - medianRoll) + Math.abs(Math.log(sizes[index]! / medianSize));
    if (score < typicalScore) {
      typical = index;
      typicalScore = score;
    }
  });
  const typicalAnchors: Point[] = pointsAt(meshes[typical]!.mesh, POSE_ANCHORS);
  const poseDeviation = meshes.map((entry, index) => {
    const anchors = pointsAt(entry.mesh, POSE_ANCHORS);
    const fit = fitSimilarity(anchors, typicalAnchors);
    return (
      Math.abs(rolls[index]! - medianRoll) +
      Math.abs(Math.log(sizes[index]! / medianSize)) +
      meanFitError(fit, anchors, typicalAnchors) / medianSize
    );
  });
  // Neighbours by frame index (the analysis may skip frames).
  const byFrame = new Map(meshes.map((entry, index) => [entry.frameIndex, index]));
  const neighbourOpenings = (index: number): number[] => {
    const frame = meshes[index]!.frameIndex;
    const around: number[] = [];
    for (let offset = -2; offset <= 2; offset++) {
      const other = byFrame.get(frame + offset);
      if (other !== undefined && offset !== 0) around.push(openings[other]!);
    }
    return around;
  };

  let closed = 0;
  let closedScore = Infinity;
  let teeth: number | null = null;
  let teethScore = -Infinity;
  meshes.forEach((_, index) => {
    const around = neighbourOpenings(index);
    const steadyClosed = Math.max(openings[index]!, ...around);
    const score = openings[index]! + 0.5 * steadyClosed + 0.2 * poseDeviation[index]!;
    if (score < closedScore) {
      closed = index;
      closedScore = score;
    }
    const steadyOpen = Math.min(openings[index]!, ...around.slice(1, 3));
    if (openings[index]! >= MIN_TEETH_OPENING && steadyOpen >= 0.7 * openings[index]!) {
      const open = openings[index]! - 0.2 * poseDeviation[index]!;
      if (open > teethScore) {
        teeth = index;
        teethScore = open;
      }
    }
  });
  return {
    closedFrame: meshes[closed]!.frameIndex,
    closedOpening: openings[closed]!,
    teethFrame: teeth === null ? null : meshes[teeth]!.frameIndex,
    teethOpening: teeth === null ? null : openings[teeth]!,
  };
}
