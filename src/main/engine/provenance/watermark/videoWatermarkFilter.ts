// Applying the video watermark inside ffmpeg, so frames that need no other processing never pass
// through JS: the per-render luma offsets are written once as a single raw yuv420p frame (luma =
// 128 + offset, chroma = 128), fed to the encoder as an extra input, and added to every frame by
// `blend=all_mode=grainmerge` (A + B - 128, clipped): exactly the integer sum the JS embedder makes.
// blend repeats the last frame of its second input (framesync's default `repeatlast`), so one
// pattern frame serves the whole video.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { StudioError } from '../../../../shared/errors';
import { videoWatermarkLumaOffsets } from './videoWatermarkLayout';

/** The pattern as one raw yuv420p frame (chroma planes rounded up for odd sizes). */
export function videoWatermarkPatternFrame(offsets: Int8Array, width: number, height: number): Uint8Array {
  if (offsets.length !== width * height) {
    throw new StudioError(
      'INTERNAL',
      `Watermark offsets for ${offsets.length} pixels do not fit ${width}x${height}.`,
    );
  }
  const chroma = Math.ceil(width / 2) * Math.ceil(height / 2);
  const frame = new Uint8Array(width * height + 2 * chroma).fill(128);
  for (let index = 0; index < offsets.length; index++) frame[index] = 128 + (offsets[index] as number);
  return frame;
}

/** ffmpeg input options for the pattern file (ends in `-i <url>`, as extra encoder inputs must). */
export function videoWatermarkPatternInputArguments(
  patternPath: string,
  width: number,
  height: number,
): string[] {
  return [
    ...['-f', 'rawvideo', '-pix_fmt', 'yuv420p', '-video_size', `${width}x${height}`, '-framerate', '1'],
    ...['-protocol_whitelist', 'file', '-i', `file:${patternPath}`],
  ];
}

export interface VideoWatermarkFilterLabels {
  /** Label of the video to watermark, without brackets (e.g. "0:v" or "vx1"). */
  input: string;
  /** Label the fragment writes, without brackets. */
  output: string;
  /** ffmpeg input number of the pattern file. */
  patternInputIndex: number;
}

/**
 * Filtergraph fragment adding the pattern to the luma of `[input]`, written to `[output]`. Both
 * sides are brought to yuv420p first (blend needs equal formats; H.264 output is yuv420p anyway).
 */
export function videoWatermarkFilterFragment(labels: VideoWatermarkFilterLabels): string {
  if (!Number.isInteger(labels.patternInputIndex) || labels.patternInputIndex < 0) {
    throw new StudioError('INTERNAL', `Invalid watermark pattern input index ${labels.patternInputIndex}.`);
  }
  const base = `${labels.output}_wmbase`;
  const pattern = `${labels.output}_wmpattern`;
  return (
    `[${labels.input}]format=yuv420p[${base}];` +
    `[${labels.patternInputIndex}:v]format=yuv420p[${pattern}];` +
    `[${base}][${pattern}]blend=all_mode=grainmerge[${labels.output}]`
  );
}

export interface WrittenVideoWatermarkPattern {
  patternPath: string;
  width: number;
  height: number;
  /** The same offsets, for frames the caller watermarks in JS. */
  offsets: Int8Array;
}

/** Computes the render's luma offsets and writes the pattern frame into `folder`. */
export async function writeVideoWatermarkPattern(options: {
  codeword: Uint8Array;
  width: number;
  height: number;
  folder: string;
  fileName?: string;
}): Promise<WrittenVideoWatermarkPattern> {
  const { codeword, width, height } = options;
  const offsets = videoWatermarkLumaOffsets(codeword, width, height);
  const patternPath = join(options.folder, options.fileName ?? `watermark-${width}x${height}.yuv`);
  try {
    await writeFile(patternPath, videoWatermarkPatternFrame(offsets, width, height));
  } catch (error) {
    throw new StudioError(
      'PERMISSION_DENIED',
      `The watermark pattern could not be written to ${patternPath}: ${(error as Error).message}`,
      { cause: error },
    );
  }
  return { patternPath, width, height, offsets };
}
