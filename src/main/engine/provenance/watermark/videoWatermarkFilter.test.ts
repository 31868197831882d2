import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ffmpeg, temporaryFolder } from '../testSupport/provenanceTestMedia';
import { addVideoWatermarkToRgbFrame, addVideoWatermarkToYuvFrame } from './videoWatermarkFrameEmbedder';
import {
  videoWatermarkFilterFragment,
  videoWatermarkPatternFrame,
  videoWatermarkPatternInputArguments,
  writeVideoWatermarkPattern,
} from './videoWatermarkFilter';
import { encodeWatermarkCodeword } from './watermarkPayload';

const codeword = encodeWatermarkCodeword('a8e2d3c4-1b2a-4c3d');

describe('video watermark ffmpeg fragment', () => {
  it('builds the pattern input and the blend fragment', () => {
    expect(videoWatermarkPatternInputArguments('/tmp/x y/p.yuv', 640, 360)).toEqual([
      '-f',
      'rawvideo',
      '-pix_fmt',
      'yuv420p',
      '-video_size',
      '640x360',
      '-framerate',
      '1',
      '-protocol_whitelist',
      'file',
      '-i',
      'file:/tmp/x y/p.yuv',
    ]);
    expect(videoWatermarkFilterFragment({ input: '0:v', output: 'vx1', patternInputIndex: 2 })).toBe(
      '[0:v]format=yuv420p[vx1_wmbase];[2:v]format=yuv420p[vx1_wmpattern];[vx1_wmbase][vx1_wmpattern]blend=all_mode=grainmerge[vx1]',
    );
    expect(() => videoWatermarkFilterFragment({ input: 'a', output: 'b', patternInputIndex: -1 })).toThrow(
      /input index/,
    );
  });

  it('lays the pattern out as one yuv420p frame (odd sizes round the chroma up)', () => {
    const frame = videoWatermarkPatternFrame(Int8Array.from([1, -2, 3, 0, 5, -6]), 3, 2);
    expect([...frame]).toEqual([129, 126, 131, 128, 133, 122, 128, 128, 128, 128]);
  });
});

describe('video watermark: ffmpeg path and JS path agree', () => {
  let work: Awaited<ReturnType<typeof temporaryFolder>>;
  beforeAll(async () => {
    work = await temporaryFolder('doppel-watermark-filter-');
  });
  afterAll(async () => {
    await work?.cleanup();
  });

  it('adds exactly the same luma offsets and leaves chroma untouched', async () => {
    const width = 200;
    const height = 120;
    const source = path.join(work.dir, 'source.yuv');
    await ffmpeg([
      ...['-f', 'lavfi', '-i', `testsrc2=size=${width}x${height}:rate=25`, '-frames:v', '3'],
      ...['-f', 'rawvideo', '-pix_fmt', 'yuv420p', source],
    ]);
    const pattern = await writeVideoWatermarkPattern({ codeword, width, height, folder: work.dir });
    const marked = path.join(work.dir, 'marked.yuv');
    await ffmpeg([
      ...['-f', 'rawvideo', '-pix_fmt', 'yuv420p', '-video_size', `${width}x${height}`, '-framerate', '25'],
      ...['-i', source, ...videoWatermarkPatternInputArguments(pattern.patternPath, width, height)],
      ...[
        '-filter_complex',
        videoWatermarkFilterFragment({ input: '0:v', output: 'vout', patternInputIndex: 1 }),
      ],
      ...['-map', '[vout]', '-f', 'rawvideo', '-pix_fmt', 'yuv420p', marked],
    ]);
    const original = await readFile(source);
    const fromFfmpeg = await readFile(marked);
    expect(fromFfmpeg.length).toBe(original.length);
    const frameBytes = (width * height * 3) / 2;
    let changedLuma = 0;
    for (let frame = 0; frame < 3; frame++) {
      const expected = new Uint8Array(original.subarray(frame * frameBytes, (frame + 1) * frameBytes));
      addVideoWatermarkToYuvFrame(expected, pattern.offsets);
      const actual = fromFfmpeg.subarray(frame * frameBytes, (frame + 1) * frameBytes);
      expect(Buffer.compare(Buffer.from(expected), actual)).toBe(0);
      for (let index = 0; index < width * height; index++)
        if (actual[index] !== original[frame * frameBytes + index]) changedLuma++;
    }
    expect(changedLuma).toBeGreaterThan(width * height);
  });

  it('the RGB embedder lands the same luma offsets once ffmpeg converts to yuv420p', async () => {
    const width = 96;
    const height = 64;
    const rgb = new Uint8Array(width * height * 3).fill(120);
    const pattern = await writeVideoWatermarkPattern({
      codeword,
      width,
      height,
      folder: work.dir,
      fileName: 'rgb.yuv',
    });
    addVideoWatermarkToRgbFrame(rgb, pattern.offsets, 3);
    const rgbPath = path.join(work.dir, 'frame.rgb');
    const { writeFile } = await import('node:fs/promises');
    await writeFile(rgbPath, rgb);
    const yuv = await ffmpeg([
      ...['-f', 'rawvideo', '-pix_fmt', 'rgb24', '-video_size', `${width}x${height}`, '-i', rgbPath],
      ...['-vf', 'scale=flags=bitexact+accurate_rnd:out_range=tv,format=yuv420p', '-f', 'rawvideo', 'pipe:1'],
    ]);
    const flat = 16 + Math.round((120 * 219) / 255);
    let worst = 0;
    for (let index = 0; index < width * height; index++) {
      worst = Math.max(worst, Math.abs((yuv[index] as number) - flat - (pattern.offsets[index] as number)));
    }
    expect(worst).toBeLessThanOrEqual(1);
    expect(() => addVideoWatermarkToRgbFrame(new Uint8Array(5), pattern.offsets, 3)).toThrow(/does not fit/);
  });
});
