// Test/bench only: the measures the lip-sync acceptance is judged by.
// - Mouth opening per frame: the project's own face mesh run on the rendered video, inner-lip gap
//   (13↔14) over the inter-ocular distance (mouthLandmarks.mouthOpening).
// - Loudness envelope per frame: RMS of the speech over each frame's own span [i/fps, (i+1)/fps).
// - Pearson correlation between the two (frames without a face are left out).
// - Seam: the mean absolute colour step (mean over R, G, B of |a − b|, 0…255) between horizontally
//   or vertically adjacent pixels that straddle the blend mask's 0.5 contour, against the same
//   step between adjacent pixels just inside it (both in the mask's inner band, 0.5 ≤ m < 1).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { decodeAudioFile } from '../../../media/audioPcmStream';
import { openAnalysisFrames } from '../../../media/videoFrameReader';
import { sharedMediaDirectory } from '../../inference/testSupport/faceModelInputs';
import type { FaceAnalysis } from '../../face/faceAnalysisResult';
import type { RgbFrame } from '../../face/rgbFrame';
import type { BlendMask } from '../classicalMouthAnimator';
import { mouthOpening } from '../mouthLandmarks';

export function sharedMedia(relativePath: string): string {
  return join(sharedMediaDirectory(), relativePath);
}

/** Why media-dependent lip-sync tests skip, or undefined when every file is there. */
export function missingLipSyncMedia(relativePaths: readonly string[]): string | undefined {
  const missing = relativePaths.map(sharedMedia).filter((path) => !existsSync(path));
  return missing.length === 0
    ? undefined
    : `shared test media not found (${missing.join(', ')}); put ../shared/media beside the repository or set DOPPEL_TEST_MEDIA`;
}

/** Mouth opening of the face seen in most frames, per analysed frame (NaN where it is absent). */
export function mouthOpeningSeries(analysis: FaceAnalysis): number[] {
  const main = [...analysis.tracks].sort((a, b) => b.frameCount - a.frameCount)[0]?.id;
  return analysis.frames.map((frame) => {
    const face = frame.faces.find((candidate) => candidate.trackId === main);
    return face ? mouthOpening(face.landmarks) : Number.NaN;
  });
}

/** RMS of 16 kHz mono speech over each of `frames` frame spans (silence past its end). */
export function frameRmsEnvelope(speech: Float32Array, frames: number, fps: number, rate = 16_000): number[] {
  return Array.from({ length: frames }, (_, index) => {
    const start = Math.round((index * rate) / fps);
    const end = Math.round(((index + 1) * rate) / fps);
    let sum = 0;
    for (let sample = start; sample < end; sample++) sum += (speech[sample] ?? 0) ** 2;
    return Math.sqrt(sum / Math.max(1, end - start));
  });
}

export async function speechEnvelope(path: string, frames: number, fps: number): Promise<number[]> {
  return frameRmsEnvelope(await decodeAudioFile(path, { sampleRate: 16_000 }), frames, fps);
}

/** Pearson correlation over the indexes where both values are finite. */
export function pearson(x: readonly number[], y: readonly number[]): number {
  const indexes = x
    .map((_, index) => index)
    .filter((index) => Number.isFinite(x[index]) && Number.isFinite(y[index]));
  const meanX = indexes.reduce((sum, index) => sum + x[index]!, 0) / indexes.length;
  const meanY = indexes.reduce((sum, index) => sum + y[index]!, 0) / indexes.length;
  let xy = 0;
  let xx = 0;
  let yy = 0;
  for (const index of indexes) {
    xy += (x[index]! - meanX) * (y[index]! - meanY);
    xx += (x[index]! - meanX) ** 2;
    yy += (y[index]! - meanY) ** 2;
  }
  return xy / Math.sqrt(xx * yy);
}

/** Every frame of a video as RGB at its display size. */
export async function decodeFrames(path: string): Promise<RgbFrame[]> {
  const source = await openAnalysisFrames(path);
  const frames: RgbFrame[] = [];
  for await (const frame of source.frames)
    frames.push({ width: frame.width, height: frame.height, data: frame.data });
  return frames;
}

export interface SeamSums {
  boundarySum: number;
  boundaryPairs: number;
  insideSum: number;
  insidePairs: number;
}

export function emptySeamSums(): SeamSums {
  return { boundarySum: 0, boundaryPairs: 0, insideSum: 0, insidePairs: 0 };
}

/** Adds one frame's pixel pairs (see the header) to `sums`. */
export function addSeamPairs(frame: RgbFrame, mask: BlendMask, sums: SeamSums): void {
  const { x, y, width, height } = mask.patch;
  const step = (a: number, b: number): number => {
    let total = 0;
    for (let channel = 0; channel < 3; channel++)
      total += Math.abs(frame.data[a + channel]! - frame.data[b + channel]!);
    return total / 3;
  };
  for (let row = 0; row < height; row++) {
    for (let column = 0; column < width; column++) {
      const m = mask.values[row * width + column]!;
      const here = ((y + row) * frame.width + x + column) * 3;
      const neighbours: [number, number][] = [];
      if (column + 1 < width) neighbours.push([mask.values[row * width + column + 1]!, here + 3]);
      if (row + 1 < height)
        neighbours.push([mask.values[(row + 1) * width + column]!, here + frame.width * 3]);
      for (const [other, there] of neighbours) {
        if (m >= 0.5 !== other >= 0.5) {
          sums.boundarySum += step(here, there);
          sums.boundaryPairs += 1;
        } else if (m >= 0.5 && m < 1 && other >= 0.5 && other < 1) {
          sums.insideSum += step(here, there);
          sums.insidePairs += 1;
        }
      }
    }
  }
}
