// `doppel swap` as a user runs it (a real CLI process, the TypeScript source through tsx) with the
// classical engine on the real face models, real ffmpeg and a real one-off project: the issue's
// acceptance on ../shared/media (astronaut.png onto grid_bbaf2n_h264_aac.mp4) and its bad input.
// The identity and landmark measures run on every frame, as the issue states them (a sample of every
// third frame was too noisy: each render's watermark differs, and 3 misses in 25 fail the 90 %).
// DOPPEL_SWAP_MEASURE_EVERY=N measures every Nth frame only, for quick local runs.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FACE_TEST_DATA_DIR,
  loadTestAnalyzer,
  missingFaceMedia,
  sharedFacePath,
} from '../engine/face/testSupport/faceTestSupport';
import { loadStillImage } from '../engine/face/stillImageLoading';
import {
  SwapMeasurer,
  summariseSwapMeasures,
  type SwapFrameMeasure,
} from '../engine/faceswap/classical/testSupport/faceSwapMeasures';
import {
  decodeAllFramesRgb,
  decodeAudioMono,
  makePhoneLikeCopy,
  makeSolidColourImage,
  probeRenderedFile,
} from '../media/renderTestFixtures';
import { openAnalysisFrames } from '../media/videoFrameReader';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const cliSource = join(root, 'src', 'main', 'cli.ts');
const SOURCE_PHOTO = 'faces/astronaut.png';
const TARGET_VIDEO = 'videos/grid_bbaf2n_h264_aac.mp4';
const MEASURE_EVERY = Number(process.env.DOPPEL_SWAP_MEASURE_EVERY ?? 1);
const AWKWARD_SECONDS = 1.6;

/** Runs the CLI with its own temp folder, so a test can see what it leaves behind. */
function doppel(
  args: string[],
  scratch: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', cliSource, ...args], {
      cwd: root,
      // The face models are converted once into the shared test cache (verified by sha256 on use).
      env: { ...process.env, DOPPEL_HOME: FACE_TEST_DATA_DIR, TMPDIR: scratch },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The real face models and a measurer of the source photo's identity, disposed after `use`. */
async function withSourceMeasurer(use: (measurer: SwapMeasurer) => Promise<void>): Promise<void> {
  const models = await loadTestAnalyzer();
  try {
    const source = (await loadStillImage(sharedFacePath(SOURCE_PHOTO))).frame;
    await use(await SwapMeasurer.create(models.analyzer, source));
  } finally {
    models.dispose();
  }
}

const skipReason = missingFaceMedia([SOURCE_PHOTO, TARGET_VIDEO]);
if (skipReason !== undefined) console.warn(`[swapCommand] skipping: ${skipReason}`);

describe.skipIf(skipReason !== undefined)('doppel swap (classical, real models, real ffmpeg)', () => {
  const folder = mkdtempSync(join(tmpdir(), 'doppel-swap-test-'));
  const scratch = join(folder, 'tmp');
  const output = join(folder, 'swapped.mp4');
  let run: Awaited<ReturnType<typeof doppel>>;

  beforeAll(async () => {
    mkdirSync(scratch);
    run = await doppel(
      [
        'swap',
        ...['--face', sharedFacePath(SOURCE_PHOTO), '--video', sharedFacePath(TARGET_VIDEO), '-o', output],
        ...['--consent-subject', 'Eileen Collins (NASA portrait, public domain)', '--json'],
      ],
      scratch,
    );
  }, 600_000);

  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('writes a playable video with the input frame count, duration and audio, signed with the consent', async () => {
    expect(run.stderr).not.toMatch(/"code"/);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as {
      outputPath: string;
      frames: number;
      provenance: { consents: { identityKind: string }[]; watermark: { video: boolean } } | null;
    };
    expect(result.outputPath).toBe(output);
    expect(result.provenance?.consents.map((consent) => consent.identityKind)).toEqual(['face']);
    expect(result.provenance?.watermark.video).toBe(true);
    // Nothing of ours left behind: the one-off project lived in the CLI's temp folder (tsx and
    // onnxruntime keep their own files there).
    expect(readdirSync(scratch).filter((name) => name.startsWith('doppel-'))).toEqual([]);

    const input = await probeRenderedFile(sharedFacePath(TARGET_VIDEO));
    const swapped = await probeRenderedFile(output);
    const videoOf = (probe: typeof input) => probe.streams.find((stream) => stream.codec_type === 'video')!;
    const inputFrames = Number(videoOf(input).nb_read_frames);
    const outputFrames = Number(videoOf(swapped).nb_read_frames);
    // Decoding every frame (the count above) is what "plays" means to ffmpeg.
    expect(Math.abs(outputFrames - inputFrames)).toBeLessThanOrEqual(1);
    const [num, den] = videoOf(input).r_frame_rate!.split('/').map(Number);
    expect(Math.abs(swapped.durationSeconds - input.durationSeconds)).toBeLessThanOrEqual(den! / num! + 1e-3);
    expect(swapped.streams.some((stream) => stream.codec_type === 'audio')).toBe(true);
    expect(videoOf(swapped).width).toBe(videoOf(input).width);
    console.log(
      `[swapCommand] frames in ${inputFrames} out ${outputFrames}; duration in ${input.durationSeconds} s out ${swapped.durationSeconds} s`,
    );
  });

  it('moves the identity towards the source in most frames and keeps pose and expression', async () => {
    expect(existsSync(output)).toBe(true);
    await withSourceMeasurer(async (measurer) => {
      const inputFrames = (await openAnalysisFrames(sharedFacePath(TARGET_VIDEO))).frames;
      const outputFrames = (await openAnalysisFrames(output)).frames;
      const measures: (SwapFrameMeasure | null | undefined)[] = [];
      for (;;) {
        const [before, after] = await Promise.all([inputFrames.next(), outputFrames.next()]);
        if (before.done || after.done) break;
        if (before.value.index % MEASURE_EVERY !== 0) continue;
        measures.push(await measurer.measure(before.value.index, before.value, after.value));
      }
      const summary = summariseSwapMeasures(measures);
      console.log(`[swapCommand] every ${MEASURE_EVERY} frame(s): ${JSON.stringify(summary)}`);
      expect(summary.frames).toBeGreaterThanOrEqual(Math.floor(75 / MEASURE_EVERY));
      // Issue 4's acceptance: closer to the source than to the original target in >= 90 % of frames.
      expect(summary.closerToSourceShare).toBeGreaterThanOrEqual(0.9);
      expect(summary.meanCosineToSource).toBeGreaterThan(summary.meanCosineToTarget);
      expect(summary.framesWithoutOutputFace).toBe(0);
      // Every measured frame, not only on average.
      expect(summary.maxLandmarkError).toBeLessThanOrEqual(0.05);
    });
  }, 600_000);

  it('refuses a source photo without a face, naming it, and leaves nothing behind', async () => {
    const blank = await makeSolidColourImage(join(folder, 'no-face.png'), 'gray', 320, 240);
    const refused = join(folder, 'refused.mp4');
    const result = await doppel(
      [
        'swap',
        '--face',
        blank,
        '--video',
        sharedFacePath(TARGET_VIDEO),
        '-o',
        refused,
        '--consent-subject',
        'Nobody',
      ],
      scratch,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('No face was found in');
    expect(result.stderr).toContain(blank);
    expect(existsSync(refused)).toBe(false);
    expect(readdirSync(folder).filter((name) => name.includes('refused'))).toEqual([]);
    expect(readdirSync(scratch).filter((name) => name.startsWith('doppel-'))).toEqual([]);
  }, 300_000);

  it('swaps on a phone-like copy: sideways with a rotation tag, variable frame rate, panning, no audio', async () => {
    // The face analysis and the render must agree on the upright picture and on which frame is shown
    // when (the rate varies and the face moves), or the warp lands beside the face. The output is
    // upright, at a constant rate, with a silent audio track.
    const awkward = await makePhoneLikeCopy(
      sharedFacePath(TARGET_VIDEO),
      join(folder, 'awkward.mp4'),
      AWKWARD_SECONDS,
    );
    const awkwardOutput = join(folder, 'awkward-swapped.mp4');
    const result = await doppel(
      [
        'swap',
        ...['--face', sharedFacePath(SOURCE_PHOTO), '--video', awkward, '-o', awkwardOutput],
        ...['--consent-subject', 'Eileen Collins (NASA portrait, public domain)', '--json'],
      ],
      scratch,
    );
    expect(result.stderr).not.toMatch(/"code"/);
    expect(result.code).toBe(0);
    const probe = await probeRenderedFile(awkwardOutput);
    // As every render: the output has an audio track, silent where nothing on the timeline sounds.
    expect(probe.streams.some((stream) => stream.codec_type === 'audio')).toBe(true);
    const samples = await decodeAudioMono(awkwardOutput, 48_000);
    expect(samples.length).toBeGreaterThan(AWKWARD_SECONDS * 48_000 * 0.95);
    let peak = 0;
    for (const sample of samples) peak = Math.max(peak, Math.abs(sample));
    expect(peak).toBeLessThan(0.01);
    const video = probe.streams.find((stream) => stream.codec_type === 'video')!;
    expect([video.width, video.height]).toEqual([260, 288]);
    // The one-off project runs at the input's average rate: as many frames as the input has, over
    // the same duration, now evenly spaced.
    const input = (await probeRenderedFile(awkward)).streams.find((stream) => stream.codec_type === 'video')!;
    console.log(
      `[swapCommand] phone-like copy: frames in ${input.nb_read_frames} (${input.avg_frame_rate} average) out ${video.nb_read_frames} (${video.r_frame_rate}), ${probe.durationSeconds} s`,
    );
    expect(input.r_frame_rate).not.toBe(input.avg_frame_rate); // really variable
    expect(Math.abs(Number(video.nb_read_frames) - Number(input.nb_read_frames))).toBeLessThanOrEqual(1);
    expect(video.avg_frame_rate).toBe(video.r_frame_rate);
    expect(Math.abs(probe.durationSeconds - AWKWARD_SECONDS)).toBeLessThanOrEqual(0.1);

    // The input as the render sees it: upright, at the output's constant rate (ffmpeg's fps filter),
    // so frame k of each shows the same moment; the measures then compare like with like.
    const inputFrames = await decodeAllFramesRgb(awkward, 260, 288, video.r_frame_rate);
    await withSourceMeasurer(async (measurer) => {
      const measures: (SwapFrameMeasure | null | undefined)[] = [];
      for await (const frame of (await openAnalysisFrames(awkwardOutput)).frames) {
        const input = { width: 260, height: 288, data: inputFrames[frame.index]! };
        measures.push(await measurer.measure(frame.index, input, frame));
      }
      const summary = summariseSwapMeasures(measures);
      console.log(`[swapCommand] phone-like copy: ${JSON.stringify(summary)}`);
      expect(summary.frames).toBe(Number(video.nb_read_frames));
      expect(summary.framesWithoutOutputFace).toBe(0);
      expect(summary.closerToSourceShare).toBeGreaterThanOrEqual(0.9);
      // The swapped face sits where the face is in every frame: a frame looked up at the wrong time
      // puts the warp beside the moving face.
      expect(summary.maxLandmarkError).toBeLessThanOrEqual(0.05);
    });
  }, 600_000);

  it('asks for the consent of the person in the photo', async () => {
    const result = await doppel(
      [
        'swap',
        '--face',
        sharedFacePath(SOURCE_PHOTO),
        '--video',
        sharedFacePath(TARGET_VIDEO),
        '-o',
        join(folder, 'x.mp4'),
      ],
      scratch,
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--consent-subject');
    expect(existsSync(join(folder, 'x.mp4'))).toBe(false);
  }, 120_000);
});
