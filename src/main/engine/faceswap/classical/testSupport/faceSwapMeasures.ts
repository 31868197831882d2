// Test/bench only: the measures the face-swap acceptance is judged by, on the project's own face
// models (detector + 468-point mesh + faceres identity descriptor).
// - Identity: per frame, the output face's descriptor (at the mesh found in the output) against the
//   source photo's and against the original target's (at the mesh found in the input frame): the
//   frame counts as "closer to the source" when its cosine to the source is the larger.
// - Pose and expression: per frame, the mean distance between the 468 points found in the output
//   and those found in the input frame, over the input's inter-ocular distance (eye centres).
import { cosineSimilarity } from '../../../face/faceEmbedder';
import type { FaceAnalyzer } from '../../../face/faceAnalyzer';
import { FramePyramid, type RgbFrame } from '../../../face/rgbFrame';
import { faceFrame } from '../classicalFaceSwapper';

export interface SwapFrameMeasure {
  index: number;
  cosineToSource: number;
  cosineToTarget: number;
  /** Mean landmark distance / inter-ocular distance. */
  landmarkError: number;
}

export interface SwapMeasureSummary {
  frames: number;
  /** Frames where a face was found in the input but not in the output. */
  framesWithoutOutputFace: number;
  closerToSourceShare: number;
  meanCosineToSource: number;
  meanCosineToTarget: number;
  /** The smallest (cosine to source - cosine to target) over the frames: how close the worst frame came to a tie. */
  worstMargin: number;
  meanLandmarkError: number;
  maxLandmarkError: number;
}

async function largestMesh(analyzer: FaceAnalyzer, picture: RgbFrame): Promise<Float32Array | undefined> {
  const meshes = await analyzer.meshesInPicture(new FramePyramid(picture));
  let best: Float32Array | undefined;
  let bestSize = -1;
  for (const mesh of meshes) {
    const size = faceFrame(mesh.points).eyeDistance;
    if (size > bestSize) {
      best = mesh.points;
      bestSize = size;
    }
  }
  return best;
}

export class SwapMeasurer {
  private constructor(
    private readonly analyzer: FaceAnalyzer,
    private readonly sourceEmbedding: Float32Array,
  ) {}

  static async create(analyzer: FaceAnalyzer, sourcePicture: RgbFrame): Promise<SwapMeasurer> {
    if (!analyzer.embedder) throw new Error('the analyser was loaded without the embedding model');
    const mesh = await largestMesh(analyzer, sourcePicture);
    if (!mesh) throw new Error('no face in the source picture');
    const [embedding] = await analyzer.embedder.embed(new FramePyramid(sourcePicture), [mesh]);
    return new SwapMeasurer(analyzer, embedding!);
  }

  /** Undefined when the input frame has no face (nothing to judge); null when the output lost it. */
  async measure(
    index: number,
    input: RgbFrame,
    output: RgbFrame,
  ): Promise<SwapFrameMeasure | null | undefined> {
    const embedder = this.analyzer.embedder!;
    const inputMesh = await largestMesh(this.analyzer, input);
    if (!inputMesh) return undefined;
    const outputMesh = await largestMesh(this.analyzer, output);
    if (!outputMesh) return null;
    const [target] = await embedder.embed(new FramePyramid(input), [inputMesh]);
    const [swapped] = await embedder.embed(new FramePyramid(output), [outputMesh]);
    const eyeDistance = faceFrame(inputMesh).eyeDistance;
    let sum = 0;
    for (let point = 0; point < 468; point += 1) {
      sum += Math.hypot(
        outputMesh[point * 3]! - inputMesh[point * 3]!,
        outputMesh[point * 3 + 1]! - inputMesh[point * 3 + 1]!,
      );
    }
    return {
      index,
      cosineToSource: cosineSimilarity(swapped!, this.sourceEmbedding),
      cosineToTarget: cosineSimilarity(swapped!, target!),
      landmarkError: sum / 468 / eyeDistance,
    };
  }
}

export function summariseSwapMeasures(
  measures: readonly (SwapFrameMeasure | null | undefined)[],
): SwapMeasureSummary {
  const judged = measures.filter((entry) => entry !== undefined);
  const found = judged.filter((entry): entry is SwapFrameMeasure => entry !== null);
  const mean = (values: number[]): number =>
    values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);
  return {
    frames: judged.length,
    framesWithoutOutputFace: judged.length - found.length,
    // A frame whose output face was lost counts against the swap.
    closerToSourceShare:
      found.filter((entry) => entry.cosineToSource > entry.cosineToTarget).length /
      Math.max(1, judged.length),
    meanCosineToSource: mean(found.map((entry) => entry.cosineToSource)),
    meanCosineToTarget: mean(found.map((entry) => entry.cosineToTarget)),
    worstMargin: Math.min(...found.map((entry) => entry.cosineToSource - entry.cosineToTarget)),
    meanLandmarkError: mean(found.map((entry) => entry.landmarkError)),
    maxLandmarkError: Math.max(0, ...found.map((entry) => entry.landmarkError)),
  };
}
