// Face detection over a whole frame: BlazeFace on every pass of the detection plan (tiles and
// rotations), each detection mapped back to frame pixels, then merged across passes by weighted
// non-maximum suppression. The roll comes from the two eye keypoints, so a face found on the
// 90°-turned pass reports its real roll in the frame.
import type { InputDetection } from './blazeFaceDecoding';
import { BlazeFaceKeypoint, decodeBlazeFace, weightedNonMaxSuppression } from './blazeFaceDecoding';
import type { DetectionPlanOptions } from './detectionPlan';
import { planDetectionPasses, THOROUGH_DETECTION } from './detectionPlan';
import type { Affine, Box, Point } from './faceGeometry';
import { applyAffine, rollFromEyes } from './faceGeometry';
import type { LoadedFaceModel } from './faceModels';
import type { FramePyramid } from './rgbFrame';
import { sampleCrop } from './rgbFrame';

export interface FaceDetection {
  score: number;
  /** Axis-aligned square around the face, in frame pixels. */
  box: Box;
  /** The six BlazeFace keypoints in frame pixels (BlazeFaceKeypoint order). */
  keypoints: Point[];
  /** Radians, from the eye keypoints: 0 = upright, positive = turned clockwise. */
  roll: number;
}

export interface DetectOptions {
  plan?: DetectionPlanOptions;
  /** Minimum BlazeFace score (probability) of a detection. */
  minScore?: number;
  /** Overlap above which two detections are the same face. */
  iouThreshold?: number;
}

export const DEFAULT_MIN_DETECTION_SCORE = 0.5;
const DEFAULT_IOU_THRESHOLD = 0.3;

function toFrame(detection: InputDetection, inputToFrame: Affine): FaceDetection {
  const center = applyAffine(inputToFrame, detection.centerX, detection.centerY);
  const scale = Math.hypot(inputToFrame[0], inputToFrame[3]);
  const size = Math.max(detection.width, detection.height) * scale;
  const keypoints = detection.keypoints.map((point) => applyAffine(inputToFrame, point.x, point.y));
  return {
    score: detection.score,
    box: { x: center.x - size / 2, y: center.y - size / 2, width: size, height: size },
    keypoints,
    roll: rollOf(keypoints),
  };
}

function rollOf(keypoints: readonly Point[]): number {
  const rightEye = keypoints[BlazeFaceKeypoint.rightEye];
  const leftEye = keypoints[BlazeFaceKeypoint.leftEye];
  return rightEye && leftEye ? rollFromEyes(rightEye, leftEye) : 0;
}

/** Score-weighted average of overlapping detections (the best score is kept). */
function mergeDetections<T extends FaceDetection>(group: readonly T[]): T {
  const best = group[0];
  if (best === undefined) throw new RangeError('cannot merge an empty group');
  const total = group.reduce((sum, detection) => sum + detection.score, 0);
  const average = (value: (detection: T) => number): number =>
    group.reduce((sum, detection) => sum + value(detection) * detection.score, 0) / total;
  const keypoints = best.keypoints.map((_, index) => ({
    x: average((detection) => detection.keypoints[index]?.x ?? 0),
    y: average((detection) => detection.keypoints[index]?.y ?? 0),
  }));
  return {
    ...best,
    box: {
      x: average((detection) => detection.box.x),
      y: average((detection) => detection.box.y),
      width: average((detection) => detection.box.width),
      height: average((detection) => detection.box.height),
    },
    keypoints,
    roll: rollOf(keypoints),
  };
}

/** A detection plus the turn of the pass that found it. */
interface PassDetection extends FaceDetection {
  passRotationDegrees: number;
}

/**
 * Merges the same face found on several passes. BlazeFace also fires on a face lying on its side,
 * but with lower scores and keypoints that are guesses; so only the detections from the rotation
 * that scored best (where the face looked most upright) are averaged.
 */
function mergeAcrossPasses(group: readonly PassDetection[]): PassDetection {
  const best = group[0];
  if (best === undefined) throw new RangeError('cannot merge an empty group');
  return mergeDetections(
    group.filter((detection) => detection.passRotationDegrees === best.passRotationDegrees),
  );
}

export class FaceDetector {
  readonly inputSize: number;
  private readonly input: Float32Array;
  /** Wall time of the last detect() call and how many passes it ran (bench, logs). */
  lastRun = { passes: 0, milliseconds: 0 };

  constructor(private readonly model: LoadedFaceModel) {
    const shape = model.manifest.inputs[0]?.shape ?? [];
    const size = shape[1];
    this.inputSize = typeof size === 'number' && size > 0 ? size : 256;
    this.input = new Float32Array(this.inputSize * this.inputSize * 3);
  }

  /** Runs the detector on one square view of the frame (input pixels -> frame pixels given). */
  async detectPass(pyramid: FramePyramid, inputToFrame: Affine, minScore: number): Promise<FaceDetection[]> {
    sampleCrop(pyramid, inputToFrame, this.inputSize, {
      target: this.input,
      offset: 0,
      scale: 2 / 255,
      bias: -1,
    });
    const outputs = await this.model.lease.run({
      [this.model.inputName]: { data: this.input, dims: [1, this.inputSize, this.inputSize, 3] },
    });
    const data = (name: string): Float32Array => {
      const output = outputs[name];
      if (!(output?.data instanceof Float32Array))
        throw new RangeError(`${this.model.manifest.id}: output ${name} is missing or not float32`);
      return output.data;
    };
    const decoded = decodeBlazeFace(
      [
        { scores: data('Identity'), regressors: data('Identity_2') },
        { scores: data('Identity_1'), regressors: data('Identity_3') },
      ],
      this.inputSize,
      minScore,
    );
    return decoded.map((detection) => toFrame(detection, inputToFrame));
  }

  /** Every face in the frame, best score first. */
  async detect(pyramid: FramePyramid, options: DetectOptions = {}): Promise<FaceDetection[]> {
    const started = performance.now();
    const minScore = options.minScore ?? DEFAULT_MIN_DETECTION_SCORE;
    const iouThreshold = options.iouThreshold ?? DEFAULT_IOU_THRESHOLD;
    const passes = planDetectionPasses(
      pyramid.base.width,
      pyramid.base.height,
      this.inputSize,
      options.plan ?? THOROUGH_DETECTION,
    );
    const found: PassDetection[] = [];
    for (const pass of passes) {
      const detections = await this.detectPass(pyramid, pass.inputToFrame, minScore);
      // Merge within the pass first: the anchors of one face overlap each other heavily.
      for (const detection of weightedNonMaxSuppression(detections, iouThreshold, mergeDetections)) {
        found.push({ ...detection, passRotationDegrees: pass.rotationDegrees });
      }
    }
    const merged = weightedNonMaxSuppression(found, iouThreshold, mergeAcrossPasses);
    this.lastRun = { passes: passes.length, milliseconds: performance.now() - started };
    return merged.map(({ passRotationDegrees: _rotation, ...detection }) => detection);
  }
}
