// Colour mismatch at the face boundary: a pasted face is blended onto the target just inside the
// face outline, and when its skin tone differs the colour steps there. Along 36 rays from the face
// centre to the mesh outline, the chroma (Cb/Cr, so shading and light fall-off, which change
// brightness, count little) is sampled at 97%, 87%, 77% and 67% of the way out. The step across the
// edge band (97% vs 87%) is compared with the step across an inner band of the same width (77% vs
// 67%); the median over the rays, and over up to 8 frames, is the ratio reported. Real skin changes
// colour gradually, so the ratio stays near 1-2; a mismatched patch raises it.
import type { CueAnalysisContext, CueOutcome } from '../deepfakeCues';
import { readSampledRgbFrames } from '../../../../media/sampledRgbFrames';
import { loadStillImage } from '../../../face/stillImageLoading';
import { median, meshPoint, rounded, type FaceCueTrack, type Point } from './faceCueTrack';

/** The face mesh's outline (MediaPipe FACEMESH_FACE_OVAL), in order around the face. */
export const FACE_OUTLINE = [
  10, 338, 297, 332, 284, 251, 389, 356, 454, 323, 361, 288, 397, 365, 379, 378, 400, 377, 152, 148, 176, 149,
  150, 136, 172, 58, 132, 93, 234, 127, 162, 21, 54, 103, 67, 109,
] as const;

const RINGS = [0.97, 0.87, 0.77, 0.67] as const;
/** Steps smaller than this (in chroma units of 0-255 RGB) are noise: keeps the ratio finite on flat faces. */
const MIN_INTERIOR_STEP = 0.75;
export const UNUSUAL_BOUNDARY_RATIO = 3;
const MAX_FRAMES = 8;

export interface RgbPicture {
  width: number;
  height: number;
  data: Uint8Array;
}

/** Mean (Cb, Cr) of a square patch, or null when the patch leaves the picture. */
function chromaAt(picture: RgbPicture, centre: Point, radius: number): [number, number] | null {
  const x0 = Math.round(centre.x - radius);
  const y0 = Math.round(centre.y - radius);
  const x1 = Math.round(centre.x + radius);
  const y1 = Math.round(centre.y + radius);
  if (x0 < 0 || y0 < 0 || x1 >= picture.width || y1 >= picture.height) return null;
  let [cb, cr, count] = [0, 0, 0];
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      const offset = (y * picture.width + x) * 3;
      const [r, g, b] = [picture.data[offset]!, picture.data[offset + 1]!, picture.data[offset + 2]!];
      cb += -0.1687 * r - 0.3313 * g + 0.5 * b;
      cr += 0.5 * r - 0.4187 * g - 0.0813 * b;
      count++;
    }
  }
  return [cb / count, cr / count];
}

/**
 * The median chroma step across the edge band and across the inner band of one face.
 * `landmarks` are in this picture's pixels (468 x 3).
 */
export function boundaryChromaSteps(
  picture: RgbPicture,
  landmarks: readonly number[],
): { edge: number; interior: number } | null {
  const outline = FACE_OUTLINE.map((index) => meshPoint(landmarks, index));
  const centre = {
    x: outline.reduce((sum, point) => sum + point.x, 0) / outline.length,
    y: outline.reduce((sum, point) => sum + point.y, 0) / outline.length,
  };
  const eyes = Math.hypot(
    meshPoint(landmarks, 33).x - meshPoint(landmarks, 263).x,
    meshPoint(landmarks, 33).y - meshPoint(landmarks, 263).y,
  );
  const radius = Math.max(1, Math.round(0.03 * eyes));
  const edges: number[] = [];
  const interiors: number[] = [];
  for (const point of outline) {
    const chroma = RINGS.map((fraction) =>
      chromaAt(
        picture,
        { x: centre.x + (point.x - centre.x) * fraction, y: centre.y + (point.y - centre.y) * fraction },
        radius,
      ),
    );
    const [a, b, c, d] = chroma;
    if (!a || !b || !c || !d) continue;
    edges.push(Math.hypot(a[0] - b[0], a[1] - b[1]));
    interiors.push(Math.hypot(c[0] - d[0], c[1] - d[1]));
  }
  if (edges.length < FACE_OUTLINE.length / 2) return null;
  return { edge: median(edges), interior: median(interiors) };
}

export function boundaryRatio(steps: { edge: number; interior: number }): number {
  return steps.edge / Math.max(steps.interior, MIN_INTERIOR_STEP);
}

/** Up to MAX_FRAMES pictures of the face with its landmarks in that picture's pixels. */
async function* facePictures(
  context: CueAnalysisContext,
  track: FaceCueTrack,
): AsyncGenerator<{ picture: RgbPicture; landmarks: readonly number[] }> {
  const seen = track.frames.filter((frame) => frame.landmarks !== null);
  const first = seen[0];
  const last = seen.at(-1);
  if (first === undefined || last === undefined) return;
  if (context.probe.kind === 'image') {
    const still = await loadStillImage(context.path);
    yield {
      picture: still.frame,
      landmarks: first.landmarks!.map((value, index) => (index % 3 === 2 ? value : value * still.scale)),
    };
    return;
  }
  const seconds = Math.max(0.5, last.timeUs / 1_000_000);
  const tolerance = 1_000_000 / track.framesPerSecond;
  let count = 0;
  for await (const frame of readSampledRgbFrames(context.path, Math.min(2, MAX_FRAMES / seconds), {
    probe: context.probe,
    ...(context.signal === undefined ? {} : { signal: context.signal }),
  })) {
    if (count >= MAX_FRAMES) break;
    let nearest = first;
    for (const candidate of seen)
      if (Math.abs(candidate.timeUs - frame.timeUs) < Math.abs(nearest.timeUs - frame.timeUs))
        nearest = candidate;
    if (Math.abs(nearest.timeUs - frame.timeUs) > tolerance) continue;
    const scaleX = frame.width / track.pictureWidth;
    const scaleY = frame.height / track.pictureHeight;
    count++;
    yield {
      picture: frame,
      landmarks: nearest.landmarks!.map((value, index) =>
        index % 3 === 0 ? value * scaleX : index % 3 === 1 ? value * scaleY : value,
      ),
    };
  }
}

export async function boundaryColourOutcome(
  context: CueAnalysisContext,
  track: FaceCueTrack,
): Promise<CueOutcome> {
  if (!(track.eyeDistance >= 24)) {
    return {
      kind: 'notApplicable',
      finding: 'Not measured: the face is too small (less than 24 pixels between the eyes).',
    };
  }
  const ratios: number[] = [];
  for await (const { picture, landmarks } of facePictures(context, track)) {
    const steps = boundaryChromaSteps(picture, landmarks);
    if (steps) ratios.push(boundaryRatio(steps));
  }
  if (ratios.length === 0) {
    return {
      kind: 'notApplicable',
      finding: 'Not measured: the face outline was not inside the picture.',
    };
  }
  const ratio = rounded(median(ratios), 2);
  const unusual = ratio > UNUSUAL_BOUNDARY_RATIO;
  const measured = `Across the band just inside the face outline the skin colour changes ${ratio} times as much as across the same width further in (median of ${ratios.length} picture${ratios.length === 1 ? '' : 's'})`;
  return {
    kind: 'measured',
    value: ratio,
    unit: 'x inner colour step',
    level: unusual ? 'unusual' : 'typical',
    finding: unusual
      ? `${measured}: a sharper colour edge than real skin usually shows (unusual above ${UNUSUAL_BOUNDARY_RATIO}).`
      : `${measured}: a gradual change, as on real skin (unusual above ${UNUSUAL_BOUNDARY_RATIO}).`,
  };
}
