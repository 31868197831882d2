// BlazeFace output decoding (models/embedded/blazeface-back.json): anchors, boxes, the six
// keypoints and scores, then MediaPipe's weighted non-maximum suppression. Pure functions over
// plain arrays, so they are tested without a model.
import type { Box, Point } from './faceGeometry';
import { intersectionOverUnion } from './faceGeometry';

export const BLAZEFACE_KEYPOINT_COUNT = 6;
/** Regressor layout: dx, dy, w, h, then 6 keypoints as (x, y). */
const REGRESSOR_WIDTH = 4 + BLAZEFACE_KEYPOINT_COUNT * 2;

/** Keypoint order of the model (subject's right/left: the right eye is on the left of an upright face). */
export const BlazeFaceKeypoint = {
  rightEye: 0,
  leftEye: 1,
  nose: 2,
  mouth: 3,
  rightEar: 4,
  leftEar: 5,
} as const;

export interface AnchorLayer {
  stride: number;
  anchorsPerCell: number;
}

/** blazeface-back at 256 px: 16x16 cells x 2 anchors (stride 16), then 8x8 x 6 (stride 32). */
export function blazeFaceAnchorLayers(inputSize: number): AnchorLayer[] {
  return [
    { stride: inputSize / 16, anchorsPerCell: 2 },
    { stride: inputSize / 8, anchorsPerCell: 6 },
  ];
}

/** Anchor centres in input pixels, in the model's (y, x, k) order, one layer after the other. */
export function blazeFaceAnchors(inputSize: number): Float32Array[] {
  return blazeFaceAnchorLayers(inputSize).map(({ stride, anchorsPerCell }) => {
    const cells = Math.ceil(inputSize / stride);
    const centres = new Float32Array(cells * cells * anchorsPerCell * 2);
    let index = 0;
    for (let y = 0; y < cells; y++) {
      for (let x = 0; x < cells; x++) {
        for (let k = 0; k < anchorsPerCell; k++) {
          centres[index++] = (x + 0.5) * stride;
          centres[index++] = (y + 0.5) * stride;
        }
      }
    }
    return centres;
  });
}

/** One raw detection in the detector's input pixels. */
export interface InputDetection {
  score: number;
  centerX: number;
  centerY: number;
  width: number;
  height: number;
  /** 6 keypoints, in BlazeFaceKeypoint order. */
  keypoints: Point[];
}

export function sigmoid(logit: number): number {
  // Logits reach ±900 on flat backgrounds; clamp so exp never overflows.
  const clamped = Math.max(-80, Math.min(80, logit));
  return 1 / (1 + Math.exp(-clamped));
}

export interface BlazeFaceLayerOutput {
  /** [anchors] logits. */
  scores: ArrayLike<number>;
  /** [anchors * 16] regressors. */
  regressors: ArrayLike<number>;
}

/** Every anchor whose score reaches `minScore`, decoded to input pixels. */
export function decodeBlazeFace(
  layers: readonly BlazeFaceLayerOutput[],
  inputSize: number,
  minScore: number,
): InputDetection[] {
  const anchors = blazeFaceAnchors(inputSize);
  const detections: InputDetection[] = [];
  // Compare logits, not probabilities: cheaper, and sigmoid is monotonic.
  const minLogit = Math.log(minScore / (1 - minScore));
  layers.forEach((layer, layerIndex) => {
    const centres = anchors[layerIndex];
    if (centres === undefined) return;
    const count = centres.length / 2;
    if (layer.scores.length !== count || layer.regressors.length !== count * REGRESSOR_WIDTH) {
      throw new RangeError(
        `BlazeFace layer ${layerIndex}: expected ${count} anchors, got ${layer.scores.length} scores and ${layer.regressors.length} regressors`,
      );
    }
    for (let anchor = 0; anchor < count; anchor++) {
      const logit = layer.scores[anchor] ?? -Infinity;
      if (logit < minLogit) continue;
      const anchorX = centres[anchor * 2] ?? 0;
      const anchorY = centres[anchor * 2 + 1] ?? 0;
      const base = anchor * REGRESSOR_WIDTH;
      const value = (offset: number): number => layer.regressors[base + offset] ?? 0;
      const keypoints: Point[] = [];
      for (let keypoint = 0; keypoint < BLAZEFACE_KEYPOINT_COUNT; keypoint++) {
        keypoints.push({ x: anchorX + value(4 + keypoint * 2), y: anchorY + value(5 + keypoint * 2) });
      }
      detections.push({
        score: sigmoid(logit),
        centerX: anchorX + value(0),
        centerY: anchorY + value(1),
        width: value(2),
        height: value(3),
        keypoints,
      });
    }
  });
  return detections;
}

export interface Scored {
  score: number;
  box: Box;
}

/**
 * MediaPipe's "weighted" non-maximum suppression: take the best remaining candidate, gather every
 * candidate overlapping it by more than `iouThreshold`, and replace the group by `merge(group)`
 * (a score-weighted average), which keeps the best score. Averaging the overlapping anchors gives
 * steadier boxes and keypoints than keeping only the best one.
 */
export function weightedNonMaxSuppression<T extends Scored>(
  candidates: readonly T[],
  iouThreshold: number,
  merge: (group: readonly T[]) => T,
): T[] {
  const remaining = [...candidates].sort((a, b) => b.score - a.score);
  const kept: T[] = [];
  while (remaining.length > 0) {
    const best = remaining[0];
    if (best === undefined) break;
    const group: T[] = [];
    const rest: T[] = [];
    for (const candidate of remaining) {
      if (candidate === best || intersectionOverUnion(best.box, candidate.box) > iouThreshold)
        group.push(candidate);
      else rest.push(candidate);
    }
    kept.push(group.length === 1 ? best : merge(group));
    remaining.splice(0, remaining.length, ...rest);
  }
  return kept;
}
