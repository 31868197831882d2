// Identity descriptors: faceres on a levelled crop around the mesh, L2-normalised, so the cosine
// of two descriptors (their dot product) says how alike two faces are. Same person across frames
// of one video scores well above different people (faceVideos.test.ts measures the margin).
import type { RotatedRegion } from './faceGeometry';
import { regionToFrameAffine } from './faceGeometry';
import { regionFromMesh } from './faceLandmarker';
import type { LoadedFaceModel } from './faceModels';
import type { FramePyramid } from './rgbFrame';
import { sampleCrop } from './rgbFrame';

/**
 * Crop side over the mesh's extent. The mesh spans brow-to-chin; 1.3 adds the forehead and the
 * face outline, about what the Human library feeds faceres (the detector box enlarged 1.4x).
 */
export const EMBEDDING_CROP_SCALE = 1.3;

export function embeddingRegion(meshPoints: ArrayLike<number>, scale = EMBEDDING_CROP_SCALE): RotatedRegion {
  return regionFromMesh(meshPoints, scale);
}

export function cosineSimilarity(first: ArrayLike<number>, second: ArrayLike<number>): number {
  let dot = 0;
  let firstNorm = 0;
  let secondNorm = 0;
  for (let index = 0; index < first.length; index++) {
    const a = first[index] ?? 0;
    const b = second[index] ?? 0;
    dot += a * b;
    firstNorm += a * a;
    secondNorm += b * b;
  }
  const norm = Math.sqrt(firstNorm * secondNorm);
  return norm === 0 ? 0 : dot / norm;
}

export class FaceEmbedder {
  readonly inputSize: number;
  readonly descriptorLength: number;

  constructor(private readonly model: LoadedFaceModel) {
    const size = model.manifest.inputs[0]?.shape[1];
    this.inputSize = typeof size === 'number' && size > 0 ? size : 224;
    const length = model.manifest.outputs.find((output) => output.name === 'global_pooling/Mean')?.shape[1];
    this.descriptorLength = typeof length === 'number' ? length : 1024;
  }

  /** One unit-length descriptor per region (batched). */
  async embedRegions(pyramid: FramePyramid, regions: readonly RotatedRegion[]): Promise<Float32Array[]> {
    if (regions.length === 0) return [];
    const size = this.inputSize;
    const perCrop = size * size * 3;
    const input = new Float32Array(perCrop * regions.length);
    // faceres takes RGB in [0, 255].
    regions.forEach((region, index) =>
      sampleCrop(pyramid, regionToFrameAffine(region, size), size, {
        target: input,
        offset: index * perCrop,
        scale: 1,
        bias: 0,
      }),
    );
    const outputs = await this.model.lease.run({
      [this.model.inputName]: { data: input, dims: [regions.length, size, size, 3] },
    });
    const descriptors = outputs['global_pooling/Mean']?.data;
    if (!(descriptors instanceof Float32Array)) {
      throw new RangeError(`${this.model.manifest.id}: output global_pooling/Mean is missing or not float32`);
    }
    return regions.map((_, index) => {
      const descriptor = descriptors.slice(
        index * this.descriptorLength,
        (index + 1) * this.descriptorLength,
      );
      let norm = 0;
      for (const value of descriptor) norm += value * value;
      const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
      for (let position = 0; position < descriptor.length; position++)
        descriptor[position] = (descriptor[position] ?? 0) * scale;
      return descriptor;
    });
  }

  async embed(pyramid: FramePyramid, meshes: readonly ArrayLike<number>[]): Promise<Float32Array[]> {
    return this.embedRegions(
      pyramid,
      meshes.map((points) => embeddingRegion(points)),
    );
  }
}
