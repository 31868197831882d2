// Issue 8 acceptance for the video watermark: applied through the encoder-graph path, it must be
// read back with >= 99% bit accuracy after an H.264 CRF 28 re-encode and after a 50% downscale, on
// the GRID videos and the synthetic astronaut clip, at >= 40 dB PSNR.
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ACCEPTANCE_CLIPS,
  downscaleHalf,
  rawFrames,
  reencodeAtCrf,
  SHARED_MEDIA_MISSING,
  sharedMediaPresent,
  sharedVideo,
  temporaryFolder,
  videoSize,
  watermarkWithFilter,
} from '../testSupport/provenanceTestMedia';
import { detectVideoWatermark } from './videoWatermarkDetector';
import { watermarkIdForRender } from './watermarkPayload';

const renderIds = [
  '3f1c9a2e-7b44-4d1e-9a0b-5c6d7e8f9a01',
  'a8e2d3c4-1b2a-4c3d-8e9f-0a1b2c3d4e5f',
  '00000000-0000-4000-8000-000000000001',
  'ffffffff-ffff-4fff-bfff-ffffffffffff',
  '5d6e7f80-9a1b-4c2d-b3e4-f5a6b7c8d9e0',
];

function lumaPsnr(a: Uint8Array, b: Uint8Array, width: number, height: number): number {
  const frameBytes = width * height + 2 * Math.ceil(width / 2) * Math.ceil(height / 2);
  let squared = 0;
  let count = 0;
  for (let frame = 0; frame + frameBytes <= a.length; frame += frameBytes) {
    for (let index = frame; index < frame + width * height; index++) {
      const difference = (a[index] as number) - (b[index] as number);
      squared += difference * difference;
      count++;
    }
  }
  return 10 * Math.log10((255 * 255) / (squared / count));
}

describe.skipIf(!sharedMediaPresent)(
  `video watermark on the acceptance clips${sharedMediaPresent ? '' : ` (${SHARED_MEDIA_MISSING})`}`,
  () => {
    let work: Awaited<ReturnType<typeof temporaryFolder>>;
    beforeAll(async () => {
      work = await temporaryFolder('doppel-watermark-robustness-');
    });
    afterAll(async () => {
      await work?.cleanup();
    });

    ACCEPTANCE_CLIPS.forEach((clip, index) => {
      const renderId = renderIds[index] as string;
      const watermarkId = watermarkIdForRender(renderId);
      it(`${clip}: survives CRF 28 and a 50% downscale, PSNR >= 40 dB`, async () => {
        const input = sharedVideo(clip);
        const base = path.join(work.dir, path.parse(clip).name);
        await watermarkWithFilter({ input, output: `${base}-marked.mp4`, watermarkId, workDir: work.dir });
        await reencodeAtCrf(`${base}-marked.mp4`, `${base}-crf28.mp4`, 28);
        await downscaleHalf(`${base}-marked.mp4`, `${base}-half.mp4`);

        const results = {
          marked: await detectVideoWatermark(`${base}-marked.mp4`),
          crf28: await detectVideoWatermark(`${base}-crf28.mp4`),
          half: await detectVideoWatermark(`${base}-half.mp4`),
        };
        for (const result of Object.values(results)) {
          expect(result.found).toBe(true);
          expect(result.renderId).toBe(watermarkId);
          expect(result.bitAccuracy).toBeGreaterThanOrEqual(0.99);
        }

        await watermarkWithFilter({
          input,
          output: `${base}-marked.yuv`,
          watermarkId,
          workDir: work.dir,
          rawOutput: true,
        });
        await rawFrames(input, `${base}-plain.yuv`);
        const { width, height } = await videoSize(input);
        const psnr = lumaPsnr(
          await readFile(`${base}-marked.yuv`),
          await readFile(`${base}-plain.yuv`),
          width,
          height,
        );
        expect(psnr).toBeGreaterThanOrEqual(40);
        console.log(
          `[watermark] ${clip}: PSNR(luma) ${psnr.toFixed(2)} dB; ` +
            Object.entries(results)
              .map(
                ([name, r]) =>
                  `${name} acc ${r.bitAccuracy?.toFixed(3)} score ${r.score.toFixed(2)} fixed ${r.correctedBits}`,
              )
              .join('; '),
        );
      }, 120_000);
    });
  },
);
