// Where the detector looks: BlazeFace sees a 256 px square, so a face that is a tenth of a 1920 px
// group photo shrinks to ~25 px on the whole-frame pass — too small. The plan adds levels of
// overlapping square tiles (each level half the size of the previous, 50 % overlap so every face
// lies wholly inside some tile) and, for faces turned in the image plane beyond what BlazeFace
// tolerates (about ±45°), the same passes on the frame turned by 90°, 180° and 270°.
import type { Affine } from './faceGeometry';
import { composeAffine } from './faceGeometry';

export interface DetectionPlanOptions {
  /** Turns of the frame to search, in degrees (clockwise); 0 must be among them to see upright faces. */
  rotationsDegrees: readonly number[];
  /** Tile levels: 1 = the whole frame only, 2 = plus half-size tiles, 3 = plus quarter-size tiles. */
  levels: number;
  /** Never make tiles smaller than this many frame pixels (the detector would only see upscaled pixels). */
  minTileSize: number;
  /** Levels beyond the first only for these rotations (tiles are where the time goes). */
  tiledRotationsDegrees: readonly number[];
}

/**
 * Stills and the first frame of a video: the whole frame at every quarter turn, and upright tiles
 * down to a quarter of the long side (small faces in group photos). Turned small faces would need
 * turned tiles too, which quadruples the cost; they are left out.
 */
export const THOROUGH_DETECTION: DetectionPlanOptions = {
  rotationsDegrees: [0, 90, 180, 270],
  levels: 3,
  minTileSize: 256,
  tiledRotationsDegrees: [0],
};

/**
 * Periodic look for new faces while tracking a video: upright, whole frame. Faces too small for
 * this pass are found by the thorough pass on the first frame and then tracked.
 */
export const QUICK_DETECTION: DetectionPlanOptions = {
  rotationsDegrees: [0],
  levels: 1,
  minTileSize: 256,
  tiledRotationsDegrees: [0],
};

export interface DetectionPass {
  /** Maps detector-input pixels (0..inputSize) to frame pixels. */
  inputToFrame: Affine;
  rotationDegrees: number;
  level: number;
}

/** Start positions of tiles of `tile` px over `length` px with 50 % overlap; the last one ends at the edge. */
function tileStarts(length: number, tile: number): number[] {
  if (tile >= length) return [(length - tile) / 2];
  const starts: number[] = [];
  const step = tile / 2;
  for (let start = 0; start + tile < length; start += step) starts.push(start);
  starts.push(length - tile);
  return starts;
}

/**
 * The passes for a `width` x `height` frame. A pass covers a square of the frame (a tile, or the
 * whole frame letterboxed), turned by its rotation about the square's centre.
 */
export function planDetectionPasses(
  width: number,
  height: number,
  inputSize: number,
  options: DetectionPlanOptions,
): DetectionPass[] {
  const passes: DetectionPass[] = [];
  const longSide = Math.max(width, height);
  for (const rotationDegrees of options.rotationsDegrees) {
    const angle = (rotationDegrees * Math.PI) / 180;
    const cos = Math.round(Math.cos(angle) * 1e12) / 1e12;
    const sin = Math.round(Math.sin(angle) * 1e12) / 1e12;
    const levels = options.tiledRotationsDegrees.includes(rotationDegrees) ? options.levels : 1;
    for (let level = 0; level < levels; level++) {
      const tile = longSide / 2 ** level;
      if (level > 0 && tile < options.minTileSize) break;
      const scale = tile / inputSize;
      for (const top of tileStarts(height, tile)) {
        for (const left of tileStarts(width, tile)) {
          // input -> centred square -> rotated about its centre -> placed on the tile.
          const centred: Affine = [scale, 0, -tile / 2, 0, scale, -tile / 2];
          const rotated: Affine = [cos, -sin, 0, sin, cos, 0];
          const placed: Affine = [1, 0, left + tile / 2, 0, 1, top + tile / 2];
          passes.push({
            inputToFrame: composeAffine(placed, composeAffine(rotated, centred)),
            rotationDegrees,
            level,
          });
        }
      }
    }
  }
  return passes;
}
