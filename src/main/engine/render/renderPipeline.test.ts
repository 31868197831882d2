// The render pipeline end to end on real files: real project, real import, real ffmpeg decoders and
// encoder, real worker threads. Outputs are checked by probing and decoding them.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  decodeAllFramesRgb,
  decodeAudioMono,
  makeFlashAndBeepClip,
  makeSolidColourClip,
  makeSolidColourImage,
  pixelAt,
  probeRenderedFile,
} from '../../media/renderTestFixtures';
import { COLOR_BALANCE_PROCESSOR_ID } from './processors/colorBalanceProcessor';
import { PASS_THROUGH_PROCESSOR_ID } from './processors/passThroughProcessor';
import { RenderTestProject, strayFiles, useRenderTempFolders } from './testSupport/renderTestProject';

const tempFolder = useRenderTempFolders();

/** Index of the brightest frame (the flash). */
function brightestFrame(frames: Uint8Array[]): number {
  let best = -1;
  let bestIndex = -1;
  frames.forEach((frame, index) => {
    const [r, g, b] = pixelAt(frame, 320, 160, 120);
    if (r + g + b > best) {
      best = r + g + b;
      bestIndex = index;
    }
  });
  return bestIndex;
}

/** First sample index whose magnitude passes `threshold`. */
function onset(samples: Float32Array, threshold = 0.2): number {
  return samples.findIndex((value) => Math.abs(value) > threshold);
}

function videoStream(probe: Awaited<ReturnType<typeof probeRenderedFile>>) {
  return probe.streams.find((stream) => stream.codec_type === 'video')!;
}

function audioStream(probe: Awaited<ReturnType<typeof probeRenderedFile>>) {
  return probe.streams.find((stream) => stream.codec_type === 'audio')!;
}

describe('render pipeline', () => {
  it('renders a trimmed, offset clip with its linked audio in sync and the exact frame count', async () => {
    const folder = tempFolder();
    const source = await makeFlashAndBeepClip(join(folder, 'flash-beep.mp4'), 2, 1.0);
    const project = RenderTestProject.create(folder, { width: 320, height: 240 });
    const [asset] = await project.importFiles(source);
    // Source 0.2-2.0 s placed at 0.4 s: the flash and beep (source 1.0 s) land at 1.2 s = frame 30.
    project.addLinkedClip(asset!, { startUs: 400_000, inUs: 200_000, outUs: 2_000_000 });
    const output = join(folder, 'out.mp4');

    const result = await project.render(output);

    expect(result.frames).toBe(55);
    expect(result.usedWorkers).toBe(false);
    const probe = await probeRenderedFile(output);
    expect(videoStream(probe)).toMatchObject({
      codec_name: 'h264',
      width: 320,
      height: 240,
      nb_read_frames: '55',
    });
    expect(audioStream(probe)).toMatchObject({ codec_name: 'aac', sample_rate: '48000' });
    expect(Number(audioStream(probe).duration)).toBeCloseTo(2.2, 1);
    const frames = await decodeAllFramesRgb(output, 320, 240);
    expect(frames).toHaveLength(55);
    // The gap before the clip is black.
    expect(Math.max(...pixelAt(frames[5]!, 320, 160, 120))).toBeLessThan(20);
    expect(brightestFrame(frames)).toBe(30);
    const samples = await decodeAudioMono(output, 48_000);
    const beepAtSeconds = onset(samples) / 48_000;
    expect(Math.abs(beepAtSeconds - 1.2)).toBeLessThanOrEqual(0.04);
    expect(strayFiles(folder, ['flash-beep.mp4', 'out.mp4'])).toEqual([]);
    project.close();
  });

  it('composites the top-most visible track, holds stills, skips hidden tracks and leaves gaps black', async () => {
    const folder = tempFolder();
    const red = await makeSolidColourClip(join(folder, 'red.mp4'), { colour: 'red', seconds: 2 });
    const blue = await makeSolidColourClip(join(folder, 'blue.mp4'), { colour: 'blue', seconds: 1 });
    const green = await makeSolidColourImage(join(folder, 'green.png'), 'lime', 160, 240);
    const project = RenderTestProject.create(folder, { width: 320, height: 240 });
    const [redAsset, blueAsset, greenAsset] = await project.importFiles(red, blue, green);
    const lower = project.track('video');
    const upper = project.addVideoTrackOnTop('V2');
    const hidden = project.addVideoTrackOnTop('V3 hidden');
    project.updateTrack(hidden.id, { hidden: true });
    project.addClip(redAsset!, lower.id, { startUs: 0, outUs: 2_000_000 });
    project.addClip(blueAsset!, upper.id, { startUs: 400_000, outUs: 400_000 });
    // A still on the top track from 1.2 s to 2.0 s, narrower than the frame: pillarboxed.
    project.addClip(greenAsset!, upper.id, { startUs: 1_200_000, outUs: 800_000 });
    // Hidden: must never show, even though it is on top.
    project.addClip(blueAsset!, hidden.id, { startUs: 0, outUs: 1_000_000 });
    // A gap at the end: red stops at 2.0 s, the timeline goes on to 2.4 s on the lower track.
    project.addClip(blueAsset!, lower.id, { startUs: 2_400_000, outUs: 400_000 });
    const output = join(folder, 'composite.mp4');

    const result = await project.render(output);

    expect(result.frames).toBe(70);
    const frames = await decodeAllFramesRgb(output, 320, 240);
    expect(frames).toHaveLength(70);
    const colourAt = (frame: number, x = 160): string => {
      const [r, g, b] = pixelAt(frames[frame]!, 320, x, 120);
      if (Math.max(r, g, b) < 30) return 'black';
      return r > 150 && g < 80 && b < 80
        ? 'red'
        : b > 150 && r < 80
          ? 'blue'
          : g > 150 && r < 80
            ? 'green'
            : `${r},${g},${b}`;
    };
    expect([0, 9].map((frame) => colourAt(frame))).toEqual(['red', 'red']);
    expect([10, 19].map((frame) => colourAt(frame))).toEqual(['blue', 'blue']);
    expect([20, 29].map((frame) => colourAt(frame))).toEqual(['red', 'red']);
    expect([30, 49].map((frame) => colourAt(frame))).toEqual(['green', 'green']);
    expect(colourAt(40, 20)).toBe('black'); // pillarbox beside the narrow still
    expect([50, 59].map((frame) => colourAt(frame))).toEqual(['black', 'black']);
    expect([60, 69].map((frame) => colourAt(frame))).toEqual(['blue', 'blue']);
    project.close();
  });

  it('runs effects in worker threads only on the clips that carry them, in timeline order', async () => {
    const folder = tempFolder();
    const grey = await makeSolidColourClip(join(folder, 'grey.mp4'), {
      colour: '0x808080',
      seconds: 1,
      toneAmplitude: 0.3,
    });
    const project = RenderTestProject.create(folder, { width: 320, height: 240 });
    const [asset] = await project.importFiles(grey);
    const first = project.addLinkedClip(asset!, { startUs: 0, outUs: 1_000_000 });
    project.addLinkedClip(asset!, { startUs: 1_000_000, outUs: 1_000_000 });
    const third = project.addLinkedClip(asset!, { startUs: 2_000_000, outUs: 1_000_000 });
    // The first clip: a warm grade (red up, blue down) after a pass-through: runs in RGB.
    project.addEffect(first.video.id, PASS_THROUGH_PROCESSOR_ID, {}, 0);
    project.addEffect(first.video.id, COLOR_BALANCE_PROCESSOR_ID, { red: 1.5, blue: 0.5 }, 1);
    // The third: a pass-through alone, which runs on the decoder's YUV frames as they are.
    project.addEffect(third.video.id, PASS_THROUGH_PROCESSOR_ID, {}, 0);
    const output = join(folder, 'graded.mp4');

    const result = await project.render(output);

    expect(result.usedWorkers).toBe(true);
    const frames = await decodeAllFramesRgb(output, 320, 240);
    expect(frames).toHaveLength(75);
    const [r0, g0, b0] = pixelAt(frames[12]!, 320, 160, 120);
    expect(r0).toBeGreaterThan(170);
    expect(Math.abs(g0 - 128)).toBeLessThan(12);
    expect(b0).toBeLessThan(85);
    const [r1, g1, b1] = pixelAt(frames[37]!, 320, 160, 120);
    expect(Math.abs(r1 - 128)).toBeLessThan(12);
    expect(Math.abs(g1 - 128)).toBeLessThan(12);
    expect(Math.abs(b1 - 128)).toBeLessThan(12);
    const [r2, g2, b2] = pixelAt(frames[62]!, 320, 160, 120);
    expect([r2, g2, b2].every((value) => Math.abs(value - 128) < 12)).toBe(true);
    project.close();
  });

  it('renders only the requested range, snapped to frames, with audio moved along', async () => {
    const folder = tempFolder();
    const source = await makeFlashAndBeepClip(join(folder, 'flash-beep.mp4'), 2, 1.0);
    const project = RenderTestProject.create(folder, { width: 320, height: 240 });
    const [asset] = await project.importFiles(source);
    project.addLinkedClip(asset!, { startUs: 0, outUs: 2_000_000 });
    const output = join(folder, 'range.mp4');

    // The start 0.51 s falls inside frame 12, which starts at 0.48 s: the render starts there.
    const result = await project.render(output, { range: { startUs: 510_000, endUs: 1_500_000 } });

    // Frames 12 (0.48 s) to 37: the last frame starting before 1.5 s.
    expect(result.frames).toBe(26);
    const frames = await decodeAllFramesRgb(output, 320, 240);
    expect(frames).toHaveLength(26);
    expect(brightestFrame(frames)).toBe(25 - 12);
    const samples = await decodeAudioMono(output, 48_000);
    expect(Math.abs(onset(samples) / 48_000 - 0.52)).toBeLessThanOrEqual(0.04);
    project.close();
  });
});
