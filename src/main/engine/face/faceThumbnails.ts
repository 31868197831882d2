// One small picture per face track for the Faces panel: the levelled face crop from the frame where
// the face was largest and surest, kept as RGB while the video streams past and encoded to a JPEG
// data URL at the end (a few kB each, so they travel inside the analysis).
import sharp from 'sharp';
import { regionToFrameAffine } from './faceGeometry';
import { regionFromMesh } from './faceLandmarker';
import type { FramePyramid } from './rgbFrame';
import { extractCropRgb } from './rgbFrame';

export const THUMBNAIL_SIZE = 96;
/** Crop side over the mesh extent: the whole head with a little margin. */
const THUMBNAIL_CROP_SCALE = 1.6;

interface Candidate {
  quality: number;
  rgb: Uint8Array;
}

export class TrackThumbnails {
  private readonly best = new Map<number, Candidate>();

  /** Offers a face of the current frame; keeps its crop when it beats the track's best so far. */
  offer(pyramid: FramePyramid, trackId: number, points: ArrayLike<number>, faceFlag: number): void {
    const region = regionFromMesh(points, THUMBNAIL_CROP_SCALE);
    const quality = region.size * faceFlag;
    const current = this.best.get(trackId);
    // A little hysteresis: a new crop only when clearly better (saves crops on every frame).
    if (current !== undefined && quality <= current.quality * 1.05) return;
    const rgb = extractCropRgb(pyramid, regionToFrameAffine(region, THUMBNAIL_SIZE), THUMBNAIL_SIZE);
    this.best.set(trackId, { quality, rgb });
  }

  async encode(trackId: number): Promise<string> {
    const candidate = this.best.get(trackId);
    const rgb = candidate?.rgb ?? new Uint8Array(THUMBNAIL_SIZE * THUMBNAIL_SIZE * 3);
    const jpeg = await sharp(rgb, { raw: { width: THUMBNAIL_SIZE, height: THUMBNAIL_SIZE, channels: 3 } })
      .jpeg({ quality: 80 })
      .toBuffer();
    return `data:image/jpeg;base64,${jpeg.toString('base64')}`;
  }
}
