// The 468-point face mesh on a levelled crop: the crop is turned by the face's roll so the eyes
// are horizontal (what the model was trained on), and the mesh is mapped back through the same
// transform to frame pixels. Crops come from a detection or from the previous mesh (tracking).
import type { Affine, Point, RotatedRegion } from './faceGeometry';
import { applyAffine, composeAffine, regionToFrameAffine, rollFromEyes } from './faceGeometry';
import type { FaceDetection } from './faceDetector';
import type { LoadedFaceModel } from './faceModels';
import { MESH_LANDMARK_COUNT, MeshLandmark } from './meshLandmarkIndices';
import { MESH_MIRROR } from './meshMirror';
import type { FramePyramid } from './rgbFrame';
import { sampleCrop } from './rgbFrame';

/** Crop side over the face size, from a BlazeFace box or from the mesh's own extent (MediaPipe uses 1.5). */
export const DETECTION_CROP_SCALE = 1.5;
export const LANDMARK_CROP_SCALE = 1.5;
/** The model's face flag below which the crop holds no face (MediaPipe's tracking threshold). */
export const MIN_FACE_FLAG = 0.5;

export interface FaceMesh {
  /** 468 x (x, y, z) in frame pixels; z is depth on the same scale as x. */
  points: Float32Array;
  /** Probability that the crop holds a face. */
  faceFlag: number;
  /** The crop the mesh was found in. */
  region: RotatedRegion;
}

export function meshPoint(points: ArrayLike<number>, index: number): Point {
  return { x: points[index * 3] ?? 0, y: points[index * 3 + 1] ?? 0 };
}

/** Roll from the mesh's outer eye corners. */
export function meshRoll(points: ArrayLike<number>): number {
  return rollFromEyes(
    meshPoint(points, MeshLandmark.rightEyeOuterCorner),
    meshPoint(points, MeshLandmark.leftEyeOuterCorner),
  );
}

export function regionFromDetection(detection: FaceDetection): RotatedRegion {
  return {
    centerX: detection.box.x + detection.box.width / 2,
    centerY: detection.box.y + detection.box.height / 2,
    size: Math.max(detection.box.width, detection.box.height) * DETECTION_CROP_SCALE,
    angle: detection.roll,
  };
}

/** The levelled square around a mesh, enlarged like MediaPipe's landmarks-to-ROI step. */
export function regionFromMesh(points: ArrayLike<number>, scale = LANDMARK_CROP_SCALE): RotatedRegion {
  const angle = meshRoll(points);
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  // Extent in the face's own axes (rotate the points by -angle).
  let minU = Infinity;
  let maxU = -Infinity;
  let minV = Infinity;
  let maxV = -Infinity;
  for (let index = 0; index < MESH_LANDMARK_COUNT; index++) {
    const x = points[index * 3] ?? 0;
    const y = points[index * 3 + 1] ?? 0;
    const u = x * cos + y * sin;
    const v = -x * sin + y * cos;
    minU = Math.min(minU, u);
    maxU = Math.max(maxU, u);
    minV = Math.min(minV, v);
    maxV = Math.max(maxV, v);
  }
  const centreU = (minU + maxU) / 2;
  const centreV = (minV + maxV) / 2;
  return {
    centerX: centreU * cos - centreV * sin,
    centerY: centreU * sin + centreV * cos,
    size: Math.max(maxU - minU, maxV - minV) * scale,
    angle,
  };
}

export class FaceLandmarker {
  readonly inputSize: number;

  constructor(private readonly model: LoadedFaceModel) {
    const size = model.manifest.inputs[0]?.shape[1];
    this.inputSize = typeof size === 'number' && size > 0 ? size : 192;
  }

  /**
   * One mesh per region, in one batched run. A mirrored crop is the region flipped left-right; its
   * mesh is flipped back (points and their left/right names) before it is returned.
   */
  async meshes(
    pyramid: FramePyramid,
    regions: readonly RotatedRegion[],
    mirrored: readonly boolean[] = [],
  ): Promise<FaceMesh[]> {
    if (regions.length === 0) return [];
    const size = this.inputSize;
    const perCrop = size * size * 3;
    const input = new Float32Array(perCrop * regions.length);
    const flip: Affine = [-1, 0, size, 0, 1, 0];
    const transforms = regions.map((region, index) => {
      const transform = regionToFrameAffine(region, size);
      return mirrored[index] === true ? composeAffine(transform, flip) : transform;
    });
    transforms.forEach((transform, index) =>
      sampleCrop(pyramid, transform, size, {
        target: input,
        offset: index * perCrop,
        scale: 1 / 255,
        bias: 0,
      }),
    );
    const outputs = await this.model.lease.run({
      [this.model.inputName]: { data: input, dims: [regions.length, size, size, 3] },
    });
    const coordinates = outputs.Identity_2?.data;
    const flags = outputs.Identity_1?.data;
    if (!(coordinates instanceof Float32Array) || !(flags instanceof Float32Array)) {
      throw new RangeError(
        `${this.model.manifest.id}: outputs Identity_2 / Identity_1 are missing or not float32`,
      );
    }
    return regions.map((region, cropIndex) => {
      const transform = transforms[cropIndex] ?? regionToFrameAffine(region, size);
      const depthScale = region.size / size;
      const points = new Float32Array(MESH_LANDMARK_COUNT * 3);
      const base = cropIndex * MESH_LANDMARK_COUNT * 3;
      const mirror = mirrored[cropIndex] === true;
      for (let landmark = 0; landmark < MESH_LANDMARK_COUNT; landmark++) {
        const offset = base + landmark * 3;
        const mapped = applyAffine(transform, coordinates[offset] ?? 0, coordinates[offset + 1] ?? 0);
        const target = mirror ? (MESH_MIRROR[landmark] ?? landmark) : landmark;
        points[target * 3] = mapped.x;
        points[target * 3 + 1] = mapped.y;
        points[target * 3 + 2] = (coordinates[offset + 2] ?? 0) * depthScale;
      }
      return { points, faceFlag: flags[cropIndex] ?? 0, region };
    });
  }
}
