// Awkward inputs and every output codec, on real files: rotation metadata, variable frame rate, no
// audio at all, and H.264 / HEVC / ProRes / VP9 outputs that decode cleanly.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFixtureFolder, type FixtureFolder } from '../../media/mediaTestFixtures';
import {
  decodeAllFramesRgb,
  decodeAudioMono,
  decodeErrors,
  makeSolidColourClip,
  makeVariableFrameRateClip,
  pixelAt,
  probeRenderedFile,
} from '../../media/renderTestFixtures';
import { PASS_THROUGH_PROCESSOR_ID } from './processors/passThroughProcessor';
import { RenderTestProject, useRenderTempFolders } from './testSupport/renderTestProject';

const tempFolder = useRenderTempFolders();
let fixtures: FixtureFolder;

beforeAll(async () => {
  fixtures = await createFixtureFolder('doppel-render-inputs-');
});
afterAll(async () => {
  await fixtures.cleanup();
});

function dominant([r, g, b]: [number, number, number]): string {
  if (Math.max(r, g, b) < 40) return 'black';
  if (r > g + 60 && r > b + 60) return 'red';
  if (b > r + 60 && b > g + 60) return 'blue';
  return `${r},${g},${b}`;
}

describe('render inputs', () => {
  it('turns a video with rotation metadata upright', async () => {
    // 64x32 blue with a red square top-left, whose display matrix says "turn 270° clockwise" (the
    // importer's convention): shown upright it is 32x64 with the red square bottom-LEFT. In a
    // 128x128 output that picture is 64x128, pillarboxed at x 32..96. Unrotated, it would be a
    // 128x64 picture letterboxed at y 32..96 with the red square top-left.
    const folder = tempFolder();
    const project = RenderTestProject.create(folder, { width: 128, height: 128 });
    const [asset] = await project.importFiles(await fixtures.fixture('marker-rotated.mp4'));
    expect(asset!.rotation).toBe(270);
    project.addClip(asset!, project.track('video').id, { startUs: 0, outUs: 200_000 });
    const output = join(folder, 'upright.mp4');

    await project.render(output);

    const frames = await decodeAllFramesRgb(output, 128, 128);
    expect(frames).toHaveLength(5);
    const frame = frames[2]!;
    expect(dominant(pixelAt(frame, 128, 44, 116))).toBe('red');
    expect(dominant(pixelAt(frame, 128, 80, 116))).toBe('blue');
    expect(dominant(pixelAt(frame, 128, 64, 12))).toBe('blue');
    expect(dominant(pixelAt(frame, 128, 44, 44))).toBe('blue');
    expect(dominant(pixelAt(frame, 128, 10, 64))).toBe('black');
    expect(dominant(pixelAt(frame, 128, 118, 64))).toBe('black');
    project.close();
  });

  it('turns a variable-frame-rate video into constant frame rate of the right duration', async () => {
    const folder = tempFolder();
    const source = await makeVariableFrameRateClip(join(folder, 'vfr.mp4'), 2);
    const sourceProbe = await probeRenderedFile(source);
    // 30 frames in the first second, 10 in the second: really variable.
    expect(sourceProbe.streams[0]!.nb_read_frames).toBe('40');
    const project = RenderTestProject.create(folder, { width: 160, height: 120 });
    const [asset] = await project.importFiles(source);
    project.addClip(asset!, project.track('video').id, { startUs: 0, outUs: asset!.durationUs! });
    const output = join(folder, 'cfr.mp4');

    const result = await project.render(output);

    const probe = await probeRenderedFile(output);
    const video = probe.streams.find((stream) => stream.codec_type === 'video')!;
    expect(video.r_frame_rate).toBe('25/1');
    expect(video.avg_frame_rate).toBe('25/1');
    expect(Math.abs(Number(video.nb_read_frames) - 50)).toBeLessThanOrEqual(1);
    expect(result.frames).toBe(Number(video.nb_read_frames));
    // Within one frame (40 ms) of the clip's length.
    expect(Math.abs(probe.durationSeconds - asset!.durationUs! / 1e6)).toBeLessThan(0.041);
    project.close();
  });

  it('gives a video without audio a silent audio track of the full length', async () => {
    const folder = tempFolder();
    const project = RenderTestProject.create(folder, { width: 160, height: 120 });
    const [asset] = await project.importFiles(await fixtures.fixture('video-no-audio.mp4'));
    expect(asset!.hasAudio).toBe(false);
    project.addClip(asset!, project.track('video').id, { startUs: 0, outUs: 1_000_000 });
    const output = join(folder, 'silent.mp4');

    await project.render(output);

    const probe = await probeRenderedFile(output);
    const audio = probe.streams.find((stream) => stream.codec_type === 'audio')!;
    expect(audio.codec_name).toBe('aac');
    expect(Number(audio.duration)).toBeCloseTo(1, 1);
    const samples = await decodeAudioMono(output, 48_000);
    expect(samples.length).toBeGreaterThan(47_000);
    expect(samples.every((value) => value === 0)).toBe(true);
    project.close();
  });

  it.each([
    { codec: 'h264', file: 'out.mp4', video: 'h264', audio: 'aac' },
    { codec: 'hevc', file: 'out.mp4', video: 'hevc', audio: 'aac' },
    // With a YUV pass-through effect: its 4:2:0 frames are converted to ProRes's 4:2:2 on the way.
    { codec: 'prores', file: 'out.mov', video: 'prores', audio: 'pcm_s16le', effect: true },
    { codec: 'vp9', file: 'out.webm', video: 'vp9', audio: 'opus' },
  ] as const)('writes a playable $codec file', async ({ codec, file, video, audio, ...rest }) => {
    const folder = tempFolder();
    const red = await makeSolidColourClip(join(folder, 'red.mp4'), {
      colour: 'red',
      seconds: 1,
      width: 160,
      height: 120,
      toneAmplitude: 0.3,
    });
    const project = RenderTestProject.create(folder, { width: 160, height: 120 });
    const [asset] = await project.importFiles(red);
    const { video: clip } = project.addLinkedClip(asset!, { startUs: 0, outUs: 600_000 });
    if ('effect' in rest) project.addEffect(clip.id, PASS_THROUGH_PROCESSOR_ID, {});
    const output = join(folder, file);

    await project.render(output, { codec: { videoCodec: codec, encoderSpeed: 'ultrafast' } });

    const probe = await probeRenderedFile(output);
    const videoStream = probe.streams.find((stream) => stream.codec_type === 'video')!;
    const audioStream = probe.streams.find((stream) => stream.codec_type === 'audio')!;
    expect(videoStream).toMatchObject({ codec_name: video, width: 160, height: 120, nb_read_frames: '15' });
    expect(audioStream.codec_name).toBe(audio);
    expect(await decodeErrors(output)).toBe('');
    const frames = await decodeAllFramesRgb(output, 160, 120);
    expect(dominant(pixelAt(frames[7]!, 160, 80, 60))).toBe('red');
    project.close();
  });
});
