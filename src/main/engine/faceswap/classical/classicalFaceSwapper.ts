// The classical (offline, no neural network) face replacement: the source face's texture is
// warped triangle by triangle onto the target's 468-point mesh, so the target keeps its pose,
// face shape and expression; the target's own eyes and mouth opening stay (blinks and speech are
// the target's); the source's skin colour is moved onto the target's (measured on plain skin, the
// target's neck and jaw sides included); the patch meets its surroundings through a colour offset
// spread from the seam (a Poisson-style blend) and a feathered mask. Source hair or headwear
// inside the mesh outline is left out by a skin test on the source (above the brows only: brows
// and lips are not skin-coloured but are the face). Everything about the source is computed once
// in the constructor; per face and frame there is only warping, measuring and blending.
import { StudioError } from '../../../../shared/errors';
import type { RgbFrame } from '../../face/rgbFrame';
import {
  FACE_OUTLINE,
  JAW_OUTLINE,
  LEFT_BROW_UPPER,
  LEFT_EYE_OPENING,
  MOUTH_OPENING,
  RIGHT_BROW_UPPER,
  RIGHT_EYE_OPENING,
  SKIN_SAMPLE_POINTS,
  SWAP_TRIANGLES,
} from './faceMeshRegions';
import { clipPolygonByHalfPlane, featherInPlace, fillPolygon, insetPolygon, type Roi } from './maskRaster';
import { sampleOffset, seamOffsetField } from './seamlessOffset';
import {
  colourTransferTransform,
  mixStatistics,
  rgbToYcc,
  SkinSampler,
  skinLikelihood,
  type SkinStatistics,
} from './skinColour';
import { visibleTrianglesFarToNear, warpTriangles, type MeshPoints, type WarpSource } from './triangleWarp';

export interface ClassicalSwapSettings {
  /** 0 leaves the target alone, 1 replaces the face fully. */
  blend: number;
  /** Width of the soft edge, in eye distances. */
  featherEyeDistances: number;
  /** How far inside the mesh outline the mask ends, in eye distances. */
  shrinkEyeDistances: number;
  /** Swap the forehead above the brows too (source hair there is still left out). */
  includeForehead: boolean;
  keepTargetEyes: boolean;
  keepTargetMouth: boolean;
}

export const DEFAULT_CLASSICAL_SWAP_SETTINGS: ClassicalSwapSettings = {
  blend: 1,
  featherEyeDistances: 0.15,
  shrinkEyeDistances: 0.04,
  includeForehead: false,
  keepTargetEyes: true,
  keepTargetMouth: true,
};

export interface SourceFacePicture {
  picture: RgbFrame;
  /** 468 x (x, y, z) in the picture's pixels. */
  landmarks: MeshPoints;
}

function pointsOf(mesh: MeshPoints, indices: readonly number[]): Float64Array {
  const polygon = new Float64Array(indices.length * 2);
  indices.forEach((index, position) => {
    polygon[position * 2] = mesh[index * 3]!;
    polygon[position * 2 + 1] = mesh[index * 3 + 1]!;
  });
  return polygon;
}

function centreOf(mesh: MeshPoints, indices: readonly number[]): { x: number; y: number } {
  let x = 0;
  let y = 0;
  for (const index of indices) {
    x += mesh[index * 3]!;
    y += mesh[index * 3 + 1]!;
  }
  return { x: x / indices.length, y: y / indices.length };
}

/** Eye centres, their distance and the unit "up" of the face (perpendicular to the eye line). */
export function faceFrame(mesh: MeshPoints) {
  const right = centreOf(mesh, RIGHT_EYE_OPENING);
  const left = centreOf(mesh, LEFT_EYE_OPENING);
  const dx = left.x - right.x;
  const dy = left.y - right.y;
  const eyeDistance = Math.hypot(dx, dy);
  // The subject's right eye is on the left of the picture: (dx, dy) points right; up is (dy, -dx).
  return { right, left, eyeDistance, upX: dy / (eyeDistance || 1), upY: -dx / (eyeDistance || 1) };
}

function skinStatisticsAt(
  picture: RgbFrame,
  mesh: MeshPoints,
  points: readonly number[],
  radius: number,
): SkinStatistics | undefined {
  const sampler = new SkinSampler();
  for (const index of points) {
    sampler.addPatch(
      picture.data,
      picture.width,
      picture.height,
      mesh[index * 3]!,
      mesh[index * 3 + 1]!,
      radius,
    );
  }
  return sampler.statistics();
}

/**
 * A copy of the source mesh with the inner lip margin moved a little into the lips (up for the upper
 * lip, down for the lower): the mesh's inner lip points sit right on the teeth of an open mouth,
 * and stretched onto a closed target mouth those few pixels of teeth turn into a pale lip line.
 */
function withLipMarginsMovedOut(mesh: MeshPoints, face: ReturnType<typeof faceFrame>): Float32Array {
  const moved = Float32Array.from(Array.from({ length: mesh.length }, (_, index) => mesh[index]!));
  const corners = new Set([MOUTH_OPENING[0]!, MOUTH_OPENING[10]!]);
  const shift = 0.03 * face.eyeDistance;
  MOUTH_OPENING.forEach((index, position) => {
    if (corners.has(index)) return;
    // Ring order: corner, upper lip (positions 1-9), corner, lower lip (11-19).
    const direction = position < 10 ? 1 : -1;
    moved[index * 3] = mesh[index * 3]! + face.upX * shift * direction;
    moved[index * 3 + 1] = mesh[index * 3 + 1]! + face.upY * shift * direction;
  });
  return moved;
}

interface RoiBuffers {
  capacity: number;
  warped: Float32Array;
  coverage: Float32Array;
  sourceSkin: Float32Array;
  outer: Float32Array;
  holes: Float32Array;
  alpha: Float32Array;
  difference: Float32Array;
  seamWeight: Float32Array;
  scratch: Float32Array;
}

function allocate(pixels: number): RoiBuffers {
  return {
    capacity: pixels,
    warped: new Float32Array(pixels * 3),
    coverage: new Float32Array(pixels),
    sourceSkin: new Float32Array(pixels),
    outer: new Float32Array(pixels),
    holes: new Float32Array(pixels),
    alpha: new Float32Array(pixels),
    difference: new Float32Array(pixels * 3),
    seamWeight: new Float32Array(pixels),
    scratch: new Float32Array(pixels),
  };
}

export class ClassicalFaceSwapper {
  private readonly source: WarpSource;
  private readonly sourceOffset: { x: number; y: number };
  private readonly sourceMesh: MeshPoints;
  private readonly sourceSkin: SkinStatistics;
  private buffers: RoiBuffers = allocate(0);
  // How far (in eye distances) the seam's colour difference spreads into the patch. Wide enough that
  // only the target's light and tone cross over, not its features: at 0.3 the field followed the
  // target's creases and brows, and the output's identity moved back towards the target (the
  // worst frames of the acceptance clip were within 0.01 cosine of a tie; at 0.6, 0.07).
  lightingScale = 0.6;
  robustLuma = 20;
  robustChroma = 12;
  debugSink:
    ((name: string, data: Float32Array, width: number, height: number, channels: number) => void) | undefined;

  constructor(
    source: SourceFacePicture,
    private readonly settings: ClassicalSwapSettings = DEFAULT_CLASSICAL_SWAP_SETTINGS,
  ) {
    const { picture, landmarks } = source;
    const frame = faceFrame(landmarks);
    if (!(frame.eyeDistance > 2)) {
      throw new StudioError(
        'INVALID_ARGUMENT',
        'The source face is too small to swap (its eyes are under 2 pixels apart).',
      );
    }
    const skin = skinStatisticsAt(
      picture,
      landmarks,
      SKIN_SAMPLE_POINTS,
      Math.max(1, Math.round(frame.eyeDistance * 0.04)),
    );
    if (!skin)
      throw new StudioError('INVALID_ARGUMENT', 'The source face shows no skin to measure its colour on.');
    this.sourceSkin = skin;
    // Keep only the face and a margin: the warp samples nothing else.
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (let index = 0; index < landmarks.length; index += 3) {
      minX = Math.min(minX, landmarks[index]!);
      maxX = Math.max(maxX, landmarks[index]!);
      minY = Math.min(minY, landmarks[index + 1]!);
      maxY = Math.max(maxY, landmarks[index + 1]!);
    }
    const margin = frame.eyeDistance * 0.25;
    const x0 = Math.max(0, Math.floor(minX - margin));
    const y0 = Math.max(0, Math.floor(minY - margin));
    const x1 = Math.min(picture.width, Math.ceil(maxX + margin));
    const y1 = Math.min(picture.height, Math.ceil(maxY + margin));
    const width = Math.max(2, x1 - x0);
    const height = Math.max(2, y1 - y0);
    const rgb = new Uint8Array(width * height * 3);
    const weight = new Float32Array(width * height);
    const ycc: [number, number, number] = [0, 0, 0];
    for (let row = 0; row < height; row += 1) {
      const sourceRow = Math.min(picture.height - 1, y0 + row);
      for (let column = 0; column < width; column += 1) {
        const from = (sourceRow * picture.width + Math.min(picture.width - 1, x0 + column)) * 3;
        const to = (row * width + column) * 3;
        rgb[to] = picture.data[from]!;
        rgb[to + 1] = picture.data[from + 1]!;
        rgb[to + 2] = picture.data[from + 2]!;
        rgbToYcc(rgb[to]!, rgb[to + 1]!, rgb[to + 2]!, ycc);
        weight[row * width + column] = skinLikelihood(ycc, skin);
      }
    }
    // A strand of hair is a few pixels wide: smooth the skin test so it does not speckle.
    featherInPlace(
      weight,
      width,
      height,
      Math.max(1, frame.eyeDistance * 0.06),
      new Float32Array(width * height),
    );
    this.source = { width, height, rgb, weight };
    this.sourceOffset = { x: x0, y: y0 };
    this.sourceMesh = withLipMarginsMovedOut(landmarks, frame);
  }

  /** Replaces the face whose mesh is `targetMesh` (frame pixels) in `frame`, in place. */
  swapFace(frame: RgbFrame, targetMesh: MeshPoints): void {
    const settings = this.settings;
    if (settings.blend <= 0) return;
    const face = faceFrame(targetMesh);
    const eyeDistance = face.eyeDistance;
    if (!(eyeDistance > 2)) return;
    const roi = this.regionOfInterest(frame, targetMesh, eyeDistance);
    if (roi.width < 2 || roi.height < 2) return;
    const pixels = roi.width * roi.height;
    if (this.buffers.capacity < pixels) this.buffers = allocate(pixels);
    const buffers = this.buffers;
    buffers.coverage.fill(0, 0, pixels);
    buffers.outer.fill(0, 0, pixels);
    buffers.holes.fill(0, 0, pixels);

    const order = visibleTrianglesFarToNear(SWAP_TRIANGLES, this.sourceMesh, targetMesh);
    warpTriangles(SWAP_TRIANGLES, order, this.source, this.sourceMesh, this.sourceOffset, targetMesh, {
      roi,
      rgb: buffers.warped,
      coverage: buffers.coverage,
      weight: buffers.sourceSkin,
    });
    this.buildMask(roi, targetMesh, face);
    const targetSkin = this.targetSkinStatistics(frame, targetMesh, eyeDistance);
    if (!targetSkin) return;
    const transform = colourTransferTransform(this.sourceSkin, targetSkin);
    this.blendIntoFrame(frame, roi, transform, targetSkin, eyeDistance);
  }

  private regionOfInterest(frame: RgbFrame, mesh: MeshPoints, eyeDistance: number): Roi {
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (let index = 0; index < mesh.length; index += 3) {
      minX = Math.min(minX, mesh[index]!);
      maxX = Math.max(maxX, mesh[index]!);
      minY = Math.min(minY, mesh[index + 1]!);
      maxY = Math.max(maxY, mesh[index + 1]!);
    }
    const margin = eyeDistance * 0.1;
    const x0 = Math.max(0, Math.floor(minX - margin));
    const y0 = Math.max(0, Math.floor(minY - margin));
    const x1 = Math.min(frame.width, Math.ceil(maxX + margin));
    const y1 = Math.min(frame.height, Math.ceil(maxY + margin));
    return { x0, y0, width: Math.max(0, x1 - x0), height: Math.max(0, y1 - y0) };
  }

  /** alpha = soft outline x (1 - soft eye/mouth openings) x warped coverage x source skin above the brows. */
  private buildMask(roi: Roi, mesh: MeshPoints, face: ReturnType<typeof faceFrame>): void {
    const { settings, buffers } = this;
    const { eyeDistance, upX, upY } = face;
    const pixels = roi.width * roi.height;
    const feather = settings.featherEyeDistances * eyeDistance;
    // The hard polygon sits half a feather inside the shrunk outline: the soft edge then fades to
    // zero about where the shrunk outline is, never outside the warped texture.
    let outline = insetPolygon(
      pointsOf(mesh, FACE_OUTLINE),
      settings.shrinkEyeDistances * eyeDistance + feather / 2,
    );
    // The brow line: the highest brow point along the face's up direction.
    let browTop = -Infinity;
    for (const index of [...RIGHT_BROW_UPPER, ...LEFT_BROW_UPPER]) {
      browTop = Math.max(browTop, mesh[index * 3]! * upX + mesh[index * 3 + 1]! * upY);
    }
    const foreheadLine = browTop + 0.12 * eyeDistance;
    if (!settings.includeForehead) {
      // Keep what lies below the line (up-projection smaller than it): normal is -up.
      outline = clipPolygonByHalfPlane(outline, -upX, -upY, -(foreheadLine - feather / 2));
    }
    fillPolygon(buffers.outer, roi, outline);
    featherInPlace(buffers.outer, roi.width, roi.height, feather, buffers.scratch);

    const holeFeather = Math.max(1, 0.04 * eyeDistance);
    const openings = [
      ...(settings.keepTargetEyes ? [RIGHT_EYE_OPENING, LEFT_EYE_OPENING] : []),
      ...(settings.keepTargetMouth ? [MOUTH_OPENING] : []),
    ];
    for (const opening of openings) {
      // Grown a little so the lid and lip margins come from the target too (no sliver of source lash).
      fillPolygon(buffers.holes, roi, insetPolygon(pointsOf(mesh, opening), -0.015 * eyeDistance));
    }
    if (openings.length > 0)
      featherInPlace(buffers.holes, roi.width, roi.height, holeFeather, buffers.scratch);

    // Culled (back-facing) triangles leave gaps in the coverage: soften their edges too.
    const coverage = buffers.alpha;
    coverage.set(buffers.coverage.subarray(0, pixels));
    featherInPlace(coverage, roi.width, roi.height, Math.max(1, 0.03 * eyeDistance), buffers.scratch);
    for (let row = 0; row < roi.height; row += 1) {
      const frameY = roi.y0 + row + 0.5;
      for (let column = 0; column < roi.width; column += 1) {
        const pixel = row * roi.width + column;
        let alpha =
          buffers.outer[pixel]! *
          (1 - buffers.holes[pixel]!) *
          Math.min(coverage[pixel]!, buffers.coverage[pixel]!);
        if (alpha > 0 && settings.includeForehead) {
          const height = (roi.x0 + column + 0.5) * upX + frameY * upY - (foreheadLine - 0.1 * eyeDistance);
          if (height > 0) {
            const foreheadness = Math.min(1, height / (0.2 * eyeDistance));
            alpha *= 1 - foreheadness * (1 - buffers.sourceSkin[pixel]!);
          }
        }
        coverage[pixel] = alpha * settings.blend;
      }
    }
    // buffers.alpha now holds the final alpha.
  }

  /** The target's plain-skin colour, mixed with the skin just outside its jaw line when there is some. */
  private targetSkinStatistics(
    frame: RgbFrame,
    mesh: MeshPoints,
    eyeDistance: number,
  ): SkinStatistics | undefined {
    const radius = Math.max(1, Math.round(eyeDistance * 0.04));
    const inner = skinStatisticsAt(frame, mesh, SKIN_SAMPLE_POINTS, radius);
    if (!inner) return undefined;
    // Points a little outside the jaw and cheek outline, away from the nose tip (the face centre).
    const centreX = mesh[4 * 3]!;
    const centreY = mesh[4 * 3 + 1]!;
    const outside = new SkinSampler();
    const ycc: [number, number, number] = [0, 0, 0];
    for (const index of JAW_OUTLINE) {
      const x = mesh[index * 3]!;
      const y = mesh[index * 3 + 1]!;
      const length = Math.hypot(x - centreX, y - centreY) || 1;
      const px = x + ((x - centreX) / length) * 0.15 * eyeDistance;
      const py = y + ((y - centreY) / length) * 0.15 * eyeDistance;
      const ix = Math.floor(px);
      const iy = Math.floor(py);
      if (ix < 0 || iy < 0 || ix >= frame.width || iy >= frame.height) continue;
      const at = (iy * frame.width + ix) * 3;
      rgbToYcc(frame.data[at]!, frame.data[at + 1]!, frame.data[at + 2]!, ycc);
      // Background, collar or hair there is not skin: only skin-like points count.
      if (skinLikelihood(ycc, inner, 1.5) > 0.3)
        outside.addPatch(frame.data, frame.width, frame.height, px, py, radius);
    }
    const around = outside.statistics();
    return around ? mixStatistics(inner, around, 0.35) : inner;
  }

  private blendIntoFrame(
    frame: RgbFrame,
    roi: Roi,
    transform: ReturnType<typeof colourTransferTransform>,
    targetSkin: SkinStatistics,
    eyeDistance: number,
  ): void {
    const { buffers } = this;
    const { matrix: m, offset: o } = transform;
    const warped = buffers.warped;
    const data = frame.data;
    const ycc: [number, number, number] = [0, 0, 0];
    // 1. Colour-match the warped source where it will be used; weigh the seam for the offset field.
    for (let row = 0; row < roi.height; row += 1) {
      for (let column = 0; column < roi.width; column += 1) {
        const pixel = row * roi.width + column;
        buffers.seamWeight[pixel] = 0;
        if (buffers.coverage[pixel] === 0) continue;
        const i = pixel * 3;
        const r = warped[i]!;
        const g = warped[i + 1]!;
        const b = warped[i + 2]!;
        warped[i] = m[0]! * r + m[1]! * g + m[2]! * b + o[0]!;
        warped[i + 1] = m[3]! * r + m[4]! * g + m[5]! * b + o[1]!;
        warped[i + 2] = m[6]! * r + m[7]! * g + m[8]! * b + o[2]!;
        // Every pixel that is plain skin in both pictures tells how the target's light and tone
        // differ from the (colour-matched) source there; eyes, brows, lips and hair do not count.
        if (buffers.outer[pixel]! <= 0.001) continue;
        const at = ((roi.y0 + row) * frame.width + roi.x0 + column) * 3;
        rgbToYcc(data[at]!, data[at + 1]!, data[at + 2]!, ycc);
        const dr = data[at]! - warped[i]!;
        const dg = data[at + 1]! - warped[i + 1]!;
        const db = data[at + 2]! - warped[i + 2]!;
        // Robust: a large local difference is a feature that differs (brows, stubble, a crease),
        // not light; let it count little so the target's features do not bleed into the patch.
        const luma = 0.299 * dr + 0.587 * dg + 0.114 * db;
        const chroma = Math.hypot(dr - luma, db - luma);
        const robust = 1 / (1 + (luma / this.robustLuma) ** 2 + (chroma / this.robustChroma) ** 2);
        buffers.seamWeight[pixel] =
          buffers.coverage[pixel]! *
          (1 - buffers.holes[pixel]!) *
          skinLikelihood(ycc, targetSkin) *
          buffers.sourceSkin[pixel]! *
          robust;
        buffers.difference[i] = dr;
        buffers.difference[i + 1] = dg;
        buffers.difference[i + 2] = db;
      }
    }
    // 2. Spread the seam differences over the patch.
    const field = seamOffsetField(
      buffers.difference,
      buffers.seamWeight,
      roi.width,
      roi.height,
      this.lightingScale * eyeDistance,
    );
    const offset = new Float32Array(3);
    if (this.debugSink && field) {
      const image = new Float32Array(roi.width * roi.height * 3);
      for (let row = 0; row < roi.height; row += 1)
        for (let column = 0; column < roi.width; column += 1) {
          sampleOffset(field, column, row, offset);
          image.set(offset, (row * roi.width + column) * 3);
        }
      this.debugSink('offset', image, roi.width, roi.height, 3);
      this.debugSink('weight', buffers.seamWeight.slice(0, roi.width * roi.height), roi.width, roi.height, 1);
      this.debugSink('alpha', buffers.alpha.slice(0, roi.width * roi.height), roi.width, roi.height, 1);
    }
    // 3. Composite.
    for (let row = 0; row < roi.height; row += 1) {
      for (let column = 0; column < roi.width; column += 1) {
        const pixel = row * roi.width + column;
        const alpha = buffers.alpha[pixel]!;
        if (alpha <= 0.002) continue;
        if (field) sampleOffset(field, column, row, offset);
        const i = pixel * 3;
        const at = ((roi.y0 + row) * frame.width + roi.x0 + column) * 3;
        for (let channel = 0; channel < 3; channel += 1) {
          const target = data[at + channel]!;
          const value = target + alpha * (warped[i + channel]! + offset[channel]! - target);
          data[at + channel] = value <= 0 ? 0 : value >= 255 ? 255 : value + 0.5;
        }
      }
    }
  }
}
