// The face pipeline on 720p video (part of `npm run bench -- faces`): milliseconds per 1280x720
// frame for detection (the thorough first-frame pass and the quick re-detection pass), the mesh
// step of tracking (crop + mirrored crop) and the identity descriptor of one face; then the whole
// analysis (decode, track, smooth, describe) of a 10 s 720p 25 fps clip, in frames per second.
// The clip is the shared synthetic astronaut Ken-Burns clip (zoom and ±7° roll) scaled to 720 px
// high and pillarboxed to 1280, generated once into .tmp/bench-media.
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { QUICK_DETECTION, THOROUGH_DETECTION } from '../src/main/engine/face/detectionPlan';
import { FaceAnalyzer } from '../src/main/engine/face/faceAnalyzer';
import { meshFollowing } from '../src/main/engine/face/faceMeshRefinement';
import { FramePyramid } from '../src/main/engine/face/rgbFrame';
import type { RgbFrame } from '../src/main/engine/face/rgbFrame';
import { sharedFacePath, missingFaceMedia } from '../src/main/engine/face/testSupport/faceTestSupport';
import { InferenceSessionPool } from '../src/main/engine/inference/sessionPool';
import { locateFfmpeg } from '../src/main/media/ffmpegLocator';
import { runProcess } from '../src/main/media/runProcess';
import { openAnalysisFrames } from '../src/main/media/videoFrameReader';

const SOURCE_CLIP = 'videos/synth_astronaut_kenburns_jfk.mp4';
const WARMUP_RUNS = 3;
const TIMED_RUNS = 20;

export interface FaceAnalysisBenchResult {
  provider: string;
  detectionThoroughMs: number;
  detectionQuickMs: number;
  detectionThoroughPasses: number;
  meshTrackingStepMs: number;
  embeddingMs: number;
  clipSeconds: number;
  clipFrames: number;
  endToEndSeconds: number;
  endToEndFps: number;
  tracks: number;
  jitter: { rawPixels: number; smoothedPixels: number } | null;
}

async function faceClip720p(): Promise<string> {
  const folder = resolve('.tmp', 'bench-media');
  mkdirSync(folder, { recursive: true });
  const path = join(folder, 'faces-720p25-10s.mp4');
  if (existsSync(path)) return path;
  console.log(`Generating ${path} (reused on later runs)…`);
  await runProcess(await locateFfmpeg(), [
    ...['-v', 'error', '-y', '-i', sharedFacePath(SOURCE_CLIP), '-t', '10', '-an'],
    ...['-vf', 'scale=720:720,pad=1280:720:280:0,setsar=1', '-r', '25'],
    ...['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '20', '-pix_fmt', 'yuv420p', path],
  ]);
  return path;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

async function medianMs(run: () => Promise<unknown>, runs = TIMED_RUNS): Promise<number> {
  for (let index = 0; index < WARMUP_RUNS; index++) await run();
  const durations: number[] = [];
  for (let index = 0; index < runs; index++) {
    const started = performance.now();
    await run();
    durations.push(performance.now() - started);
  }
  return median(durations);
}

async function firstFrame(path: string): Promise<RgbFrame> {
  const source = await openAnalysisFrames(path, { maxFrames: 1 });
  const { value } = await source.frames.next();
  await source.frames.return(undefined);
  if (!value) throw new Error(`${path} gave no frame`);
  return value;
}

export async function runFaceAnalysisBench(dataDir: string): Promise<FaceAnalysisBenchResult | undefined> {
  const missing = missingFaceMedia([SOURCE_CLIP]);
  if (missing !== undefined) {
    console.log(`face pipeline on 720p: skipped (${missing})`);
    return undefined;
  }
  const clip = await faceClip720p();
  const pool = new InferenceSessionPool();
  const analyzer = await FaceAnalyzer.load({ pool, dataDir });
  try {
    const frame = await firstFrame(clip);
    // A fresh pyramid per run: the half-size levels are built per frame in real use.
    const detectionThoroughMs = await medianMs(
      () => analyzer.detector.detect(new FramePyramid(frame), { plan: THOROUGH_DETECTION }),
      5,
    );
    const detectionThoroughPasses = analyzer.detector.lastRun.passes;
    const detectionQuickMs = await medianMs(() =>
      analyzer.detector.detect(new FramePyramid(frame), { plan: QUICK_DETECTION }),
    );
    const [mesh] = await analyzer.meshesInPicture(new FramePyramid(frame));
    if (mesh === undefined) throw new Error('no face found on the first 720p frame');
    const meshTrackingStepMs = await medianMs(() =>
      meshFollowing(analyzer.landmarker, new FramePyramid(frame), [mesh.points]),
    );
    const embeddingMs = await medianMs(() =>
      analyzer.embedder!.embed(new FramePyramid(frame), [mesh.points]),
    );

    const started = performance.now();
    const analysis = await analyzer.analyseVideo(clip);
    const endToEndSeconds = (performance.now() - started) / 1000;
    const fps = analysis.fps ?? { num: 25, den: 1 };
    const result: FaceAnalysisBenchResult = {
      // "cpu", or "cpu (running on cpu because webgpu could not start …)": said once, not per model.
      provider: [...new Set(analyzer.describeProviders().map((line) => line.replace(/^[^:]+: /, '')))].join(
        '; ',
      ),
      detectionThoroughMs,
      detectionQuickMs,
      detectionThoroughPasses,
      meshTrackingStepMs,
      embeddingMs,
      clipSeconds: (analysis.frames.length * fps.den) / fps.num,
      clipFrames: analysis.frames.length,
      endToEndSeconds,
      endToEndFps: analysis.frames.length / endToEndSeconds,
      tracks: analysis.tracks.length,
      jitter: analysis.jitter,
    };
    console.log(`\nface pipeline on 1280x720 frames (median ms per frame; ${result.provider})`);
    console.log(
      `  detection, thorough (first frame: ${detectionThoroughPasses} passes)  ${detectionThoroughMs.toFixed(1)}`,
    );
    console.log(`  detection, quick (re-detection, whole frame)      ${detectionQuickMs.toFixed(1)}`);
    console.log(`  mesh, tracking step (crop + mirrored crop)        ${meshTrackingStepMs.toFixed(1)}`);
    console.log(`  embedding (faceres, one face)                     ${embeddingMs.toFixed(1)}`);
    console.log(
      `end to end: ${result.clipFrames} frames (${result.clipSeconds.toFixed(1)} s of 720p25) in ${endToEndSeconds.toFixed(1)} s ` +
        `= ${result.endToEndFps.toFixed(1)} fps; ${result.tracks} track(s)` +
        (result.jitter
          ? `; jitter ${result.jitter.rawPixels.toFixed(2)} px/frame raw, ${result.jitter.smoothedPixels.toFixed(2)} smoothed`
          : ''),
    );
    return result;
  } finally {
    analyzer.dispose();
    pool.dispose();
  }
}
