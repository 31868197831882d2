// The classical face swap row of `npm run bench -- render` (also `npm run bench -- render-swap`).
// The render bench's own clip (testsrc2) has no face, so this one runs on a 10 s 1280x720 25 fps
// clip made from the GRID talking-head videos in ../shared/media (concatenated, scaled to 720 high,
// pillarboxed; generated once into .tmp/bench-media), with the plain transcode and the no-effect
// pipeline measured again on it so the ratios compare like with like:
//   1. plain ffmpeg transcode (libx264 veryfast crf 23 + AAC);
//   2. the render pipeline, no effect;
//   3. the render pipeline with the faceSwap processor (classical engine, astronaut.png as the
//      source, every face replaced), same encoder settings.
// Also timed on their own, since a project does them once and not per render: the clip's face
// analysis (detector + mesh + tracker on every frame; cached per asset in a project), and the
// content safety gate's check of the source photo and the target clip as a render's preflight runs
// it (cold: no verdict cache; the classifiers' loading is printed apart). The gate's share is its
// check over (check + swap render).
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { FaceAnalyzer } from '../src/main/engine/face/faceAnalyzer';
import { FACE_TEST_DATA_DIR } from '../src/main/engine/face/testSupport/faceTestSupport';
import { InferenceSessionPool } from '../src/main/engine/inference/sessionPool';
import { sharedMediaDirectory } from '../src/main/engine/inference/testSupport/faceModelInputs';
import { openEmbeddedContentClassifiers } from '../src/main/engine/safety/contentClassifiers';
import { ContentSafetyGate } from '../src/main/engine/safety/contentSafetyGate';
import { sharedClassifierDataDir } from '../src/main/engine/safety/testSupport/safetyTestMedia';
import { locateFfmpeg } from '../src/main/media/ffmpegLocator';
import { runProcess } from '../src/main/media/runProcess';
import { FACE_SWAP_EFFECT_KIND } from '../src/shared/model/faceSwapParams';
import {
  cpuSeconds,
  pipelineRender,
  plainTranscode,
  projectFor,
  withPeakRss,
  type Peaks,
} from './renderBench';

const SECONDS = 10;
const GRID_VIDEOS = ['grid_bbaf2n.mpg', 'grid_lbbc2a.mpg', 'grid_lwbsza.mpg', 'grid_swiz3n.mpg'];

async function gridClip(): Promise<string> {
  const folder = resolve('.tmp', 'bench-media');
  mkdirSync(folder, { recursive: true });
  const path = join(folder, `render-grid-720p25-${SECONDS}s.mp4`);
  if (existsSync(path)) return path;
  console.log(`Generating ${path} (reused on later runs)…`);
  const inputs = GRID_VIDEOS.flatMap((name) => ['-i', join(sharedMediaDirectory(), 'videos', name)]);
  const parts = GRID_VIDEOS.map(
    (_, index) =>
      `[${index}:v]fps=25,scale=-2:720,pad=1280:720:(ow-iw)/2:0,setsar=1[v${index}];` +
      `[${index}:a]aresample=48000,aformat=channel_layouts=stereo[a${index}]`,
  ).join(';');
  const concat = GRID_VIDEOS.map((_, index) => `[v${index}][a${index}]`).join('');
  await runProcess(await locateFfmpeg(), [
    ...['-v', 'error', '-y', ...inputs],
    ...['-filter_complex', `${parts};${concat}concat=n=${GRID_VIDEOS.length}:v=1:a=1[v][a]`],
    ...['-map', '[v]', '-map', '[a]', '-t', String(SECONDS)],
    ...['-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', path],
  ]);
  return path;
}

const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;

export async function runRenderSwapBench(work: string): Promise<void> {
  const missing = [...GRID_VIDEOS.map((name) => join('videos', name)), 'faces/astronaut.png'].filter(
    (name) => !existsSync(join(sharedMediaDirectory(), name)),
  );
  if (missing.length > 0) {
    console.log(`\nClassical face swap: skipped, shared media missing (${missing.join(', ')}).`);
    return;
  }
  const clip = await gridClip();
  const photo = join(sharedMediaDirectory(), 'faces', 'astronaut.png');
  const frames = SECONDS * 25;

  // Face analysis of the clip (once per asset in a project) and of the source photo.
  const pool = new InferenceSessionPool({ defaultProvider: 'cpu' });
  const analyzer = await FaceAnalyzer.load({
    pool,
    dataDir: FACE_TEST_DATA_DIR,
    roles: ['detector', 'landmarks'],
  });
  const analysisStarted = performance.now();
  const analysis = await analyzer.analyseVideo(clip);
  const analysisMs = performance.now() - analysisStarted;
  const source = await analyzer.analyseStill(photo);
  analyzer.dispose();
  const facesPath = join(work, 'grid-faces.json');
  writeFileSync(facesPath, JSON.stringify(analysis));
  const landmarks = source.frames[0]?.faces[0]?.landmarks;
  if (!landmarks) throw new Error(`no face found in ${photo}`);

  // The content safety gate as the render preflight runs it, cold.
  const loadStarted = performance.now();
  const classifiers = await openEmbeddedContentClassifiers({ dataDir: sharedClassifierDataDir(), pool });
  const gateLoadMs = performance.now() - loadStarted;
  const gate = new ContentSafetyGate(classifiers);
  const gateStarted = performance.now();
  await gate.checkBeforeSynthesis({ sources: [photo], targets: [clip] });
  const gateMs = performance.now() - gateStarted;
  gate.dispose();
  pool.dispose();

  const noEffect = await projectFor(work, clip, null);
  const swap = await projectFor(work, clip, {
    kind: FACE_SWAP_EFFECT_KIND,
    params: {
      sourceIdentityId: 'bench',
      resolved: {
        facesPath,
        source: { path: photo, frameIndex: null, landmarks },
        targetTrackIds: null,
        dataDir: work,
      },
    },
  });
  console.log(`\n${SECONDS} s GRID clip, 1280x720 @ 25 fps (${frames} frames), ${clip}`);
  const rows: { name: string; wallMs: number; cpu: number; peaks: Peaks }[] = [];
  const measure = async (name: string, run: () => Promise<unknown>): Promise<void> => {
    const cpuBefore = cpuSeconds();
    const started = performance.now();
    const { peaks } = await withPeakRss(run);
    const wallMs = performance.now() - started;
    const cpuAfter = cpuSeconds();
    rows.push({
      name,
      wallMs,
      cpu: cpuAfter.own - cpuBefore.own + cpuAfter.children - cpuBefore.children,
      peaks,
    });
  };
  try {
    await measure('plain ffmpeg transcode', () => plainTranscode(clip, join(work, 'grid-plain.mp4')));
    await measure('pipeline, no effect', () => pipelineRender(noEffect, join(work, 'grid-none.mp4')));
    await measure('pipeline, classical swap', () => pipelineRender(swap, join(work, 'grid-swap.mp4')));
  } finally {
    noEffect.close();
    swap.close();
  }
  const baseline = rows[0]!;
  for (const row of rows) {
    console.log(
      `  ${row.name.padEnd(27)} ${(row.wallMs / 1000).toFixed(2).padStart(6)} s  ` +
        `${((frames * 1000) / row.wallMs).toFixed(1).padStart(6)} fps  ${(row.wallMs / baseline.wallMs).toFixed(2)}x wall  ` +
        `CPU ${row.cpu.toFixed(1).padStart(5)} s ${(row.cpu / baseline.cpu).toFixed(2)}x  ` +
        `peak RSS node ${mib(row.peaks.nodeBytes)}, ffmpeg children ${mib(row.peaks.childrenBytes)}`,
    );
  }
  const swapRow = rows[2]!;
  console.log(
    `  face analysis of the clip (once per asset): ${(analysisMs / 1000).toFixed(2)} s ` +
      `(${((frames * 1000) / analysisMs).toFixed(1)} fps)\n` +
      `  content safety gate, cold check of photo + clip: ${(gateMs / 1000).toFixed(2)} s = ` +
      `${((100 * gateMs) / (gateMs + swapRow.wallMs)).toFixed(1)} % of gate + swap render ` +
      `(classifiers loaded in ${(gateLoadMs / 1000).toFixed(2)} s, apart)`,
  );
}

/** `npm run bench -- render-swap`: this part alone. */
export async function runRenderSwapStandalone(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'doppel-bench-swap-'));
  try {
    await runRenderSwapBench(work);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
