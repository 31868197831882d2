// npm run bench -- safety
// The content safety gate's cost:
//   1. opening the three classifiers: first use (conversion from the nsfwjs bundles) and from cache;
//   2. per classifier, median ms per classified 720p frame (preprocessing + onnxruntime, batch 1),
//      and per frame for the full 3-model vote and for the gate's vote (the third classifier only
//      runs where the first two disagree; on clear footage it never does);
//   3. the whole gate on a 10 s 720p target sampled once per second: cold (hash, probe, decode,
//      classify) and warm (verdict from the project cache), against a baseline measured here —
//      a plain `ffmpeg -c:v libx264 -preset veryfast` transcode of the same clip.
// The clip is the synthetic astronaut zoom (real face pixels) pillarboxed to 1280x720, 10 s,
// generated once into .tmp/bench-media.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { InferenceSessionPool } from '../src/main/engine/inference/sessionPool';
import type { ContentClassifierSet } from '../src/main/engine/safety/contentClassifiers';
import { openEmbeddedContentClassifiers } from '../src/main/engine/safety/contentClassifiers';
import { ContentSafetyGate } from '../src/main/engine/safety/contentSafetyGate';
import { classifyPictures } from '../src/main/engine/safety/mediaVerdicts';
import {
  missingSharedMediaReason,
  sharedClassifierDataDir,
  sharedMediaPath,
} from '../src/main/engine/safety/testSupport/safetyTestMedia';
import type { RgbPicture } from '../src/main/engine/safety/classifierInput';
import { locateFfmpeg } from '../src/main/media/ffmpegLocator';
import { readRgbFrameAt, readSampledRgbFrames } from '../src/main/media/sampledRgbFrames';
import { runProcess } from '../src/main/media/runProcess';

const WARMUP_RUNS = 2;
/** Linux reports child process times in clock ticks of 1/100 s (USER_HZ). */
const CLOCK_TICKS_PER_SECOND = 100;
const TIMED_RUNS = 9;

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

/**
 * CPU seconds used so far by this process (onnxruntime's threads included) plus the ffmpeg
 * children it has waited for: steadier than wall time on a busy machine.
 */
function cpuSeconds(): number {
  const usage = process.cpuUsage();
  const fields = readFileSync('/proc/self/stat', 'utf8');
  const afterName = fields.slice(fields.lastIndexOf(')') + 2).split(' ');
  return (
    (usage.user + usage.system) / 1e6 +
    (Number(afterName[13]) + Number(afterName[14])) / CLOCK_TICKS_PER_SECOND
  );
}

async function ffmpeg(args: string[]): Promise<void> {
  await runProcess(await locateFfmpeg(), ['-hide_banner', '-nostdin', '-v', 'error', '-y', ...args], {
    label: 'ffmpeg (bench)',
  });
}

/** 10 s, 1280x720, 25 fps H.264 + AAC with a face in it (or a test pattern without the shared media). */
async function targetClip(): Promise<string> {
  const folder = resolve('.tmp', 'bench-media');
  mkdirSync(folder, { recursive: true });
  const withFace = missingSharedMediaReason() === undefined;
  const path = join(folder, withFace ? 'safety-astronaut-720p25-10s.mp4' : 'safety-testsrc-720p25-10s.mp4');
  if (existsSync(path)) return path;
  console.log(`Generating ${path} (reused on later runs)…`);
  const input = withFace
    ? [
        '-i',
        sharedMediaPath('videos/synth_astronaut_kenburns_jfk.mp4'),
        '-t',
        '10',
        '-vf',
        'scale=720:720,pad=1280:720:280:0,setsar=1',
      ]
    : [
        '-f',
        'lavfi',
        '-i',
        'testsrc2=size=1280x720:rate=25:duration=10',
        '-f',
        'lavfi',
        '-i',
        'sine=duration=10',
      ];
  await ffmpeg([
    ...input,
    '-r',
    '25',
    '-c:v',
    'libx264',
    '-preset',
    'veryfast',
    '-pix_fmt',
    'yuv420p',
    '-c:a',
    'aac',
    '-shortest',
    path,
  ]);
  return path;
}

export interface SafetyBenchResult {
  openFirstUseMs: number;
  openCachedMs: number;
  perModelMsPerFrame: Record<string, number>;
  fullVoteMsPerFrame: number;
  gateVoteMsPerFrame: number;
  gateColdMs: number;
  /** CPU seconds of one cold gate run (this process and its ffmpeg children). */
  gateColdCpuSeconds: number;
  gateWarmMs: number;
  samplingOnlyMs: number;
  transcodeBaselineMs: number;
  transcodeBaselineCpuSeconds: number;
}

async function openTimed(
  dataDir: string,
  pool: InferenceSessionPool,
): Promise<{ set: ContentClassifierSet; ms: number }> {
  const started = performance.now();
  const set = await openEmbeddedContentClassifiers({ dataDir, pool });
  return { set, ms: performance.now() - started };
}

export async function runSafetyBench(): Promise<SafetyBenchResult> {
  const clip = await targetClip();
  const frame = await readRgbFrameAt(clip, 4_000_000);
  if (frame === undefined) throw new Error(`${clip} has no frame at 4 s`);
  const picture: RgbPicture = { width: frame.width, height: frame.height, data: frame.data };

  // 1. Opening: conversion on first use (fresh data folder), then from the verified cache.
  const freshDataDir = mkdtempSync(join(tmpdir(), 'doppel-safety-bench-'));
  const firstPool = new InferenceSessionPool();
  const first = await openTimed(freshDataDir, firstPool);
  first.set.dispose();
  firstPool.dispose();
  rmSync(freshDataDir, { recursive: true, force: true });
  const pool = new InferenceSessionPool();
  const opened = await openTimed(sharedClassifierDataDir(), pool);
  const classifiers = opened.set;

  // 2. Per frame.
  const perModelMsPerFrame: Record<string, number> = {};
  for (const classifier of classifiers.classifiers) {
    perModelMsPerFrame[classifier.modelId] = await medianMs(() => classifier.classify([picture]));
  }
  const fullVoteMsPerFrame = await medianMs(() =>
    classifyPictures(classifiers, [picture], { complete: true }),
  );
  const gateVoteMsPerFrame = await medianMs(() => classifyPictures(classifiers, [picture]));
  const [verdict] = await classifyPictures(classifiers, [picture]);

  // 3. The gate on the whole clip, cold and warm, against decoding alone and a plain transcode.
  const samplingOnlyMs = await medianMs(async () => {
    for await (const sample of readSampledRgbFrames(clip, 1)) void sample;
  }, 3);
  const projectCache = mkdtempSync(join(tmpdir(), 'doppel-safety-bench-cache-'));
  const coldRuns: number[] = [];
  const coldCpu: number[] = [];
  for (let run = 0; run < 3; run++) {
    // A gate without memory or project cache: every run classifies the clip from scratch. (Gates
    // here share one classifier set and are not disposed: disposing a gate releases its set.)
    const gate = new ContentSafetyGate(classifiers);
    const started = performance.now();
    const cpuBefore = cpuSeconds();
    await gate.checkBeforeSynthesis({ sources: [], targets: [clip] });
    coldRuns.push(performance.now() - started);
    coldCpu.push(cpuSeconds() - cpuBefore);
  }
  const cachedGate = new ContentSafetyGate(classifiers, { cacheDirectory: projectCache });
  await cachedGate.checkBeforeSynthesis({ sources: [], targets: [clip] });
  const gateWarmMs = await medianMs(
    () =>
      new ContentSafetyGate(classifiers, { cacheDirectory: projectCache }).checkBeforeSynthesis({
        sources: [],
        targets: [clip],
      }),
    5,
  );
  const output = join(projectCache, 'transcode.mp4');
  const transcodeCpuBefore = cpuSeconds();
  const transcodeBaselineMs = await medianMs(
    () => ffmpeg(['-i', clip, '-c:v', 'libx264', '-preset', 'veryfast', '-c:a', 'aac', output]),
    3,
  );
  // medianMs ran it WARMUP_RUNS + 3 times.
  const transcodeBaselineCpuSeconds = (cpuSeconds() - transcodeCpuBefore) / (WARMUP_RUNS + 3);
  rmSync(projectCache, { recursive: true, force: true });
  classifiers.dispose();
  pool.dispose();

  const result: SafetyBenchResult = {
    openFirstUseMs: first.ms,
    openCachedMs: opened.ms,
    perModelMsPerFrame,
    fullVoteMsPerFrame,
    gateVoteMsPerFrame,
    gateColdMs: median(coldRuns),
    gateColdCpuSeconds: median(coldCpu),
    gateWarmMs,
    samplingOnlyMs,
    transcodeBaselineMs,
    transcodeBaselineCpuSeconds,
  };
  const fixed = (value: number): string => value.toFixed(1).padStart(8);
  const label = (text: string): string => text.padEnd(56);
  console.log(
    `clip: ${clip} (${frame.width}x${frame.height}); the frame at 4 s has vote score ${verdict?.voteScore.toFixed(4)}`,
  );
  console.log(
    `${label('open classifiers, first use (convert all three)')}${fixed(result.openFirstUseMs)} ms`,
  );
  console.log(`${label('open classifiers, from the verified cache')}${fixed(result.openCachedMs)} ms`);
  for (const [id, ms] of Object.entries(perModelMsPerFrame)) {
    console.log(`${label(`per 720p frame: ${id}`)}${fixed(ms)} ms`);
  }
  console.log(`${label('per 720p frame: full vote (all three)')}${fixed(fullVoteMsPerFrame)} ms`);
  console.log(
    `${label('per 720p frame: gate vote (third only on disagreement)')}${fixed(gateVoteMsPerFrame)} ms`,
  );
  console.log(`${label('10 s clip: decoding the 10 samples only')}${fixed(samplingOnlyMs)} ms`);
  console.log(
    `${label('10 s clip: gate, cold (hash, probe, decode, classify)')}${fixed(result.gateColdMs)} ms` +
      `  (${result.gateColdCpuSeconds.toFixed(2)} CPU s)`,
  );
  console.log(`${label('10 s clip: gate, warm (verdict from the project cache)')}${fixed(gateWarmMs)} ms`);
  console.log(
    `${label('10 s clip: baseline, libx264 veryfast transcode')}${fixed(transcodeBaselineMs)} ms` +
      `  (${result.transcodeBaselineCpuSeconds.toFixed(2)} CPU s)`,
  );
  console.log(
    `gate / transcode: wall ${(result.gateColdMs / transcodeBaselineMs).toFixed(3)}, ` +
      `CPU ${(result.gateColdCpuSeconds / result.transcodeBaselineCpuSeconds).toFixed(3)}; warm ` +
      `${(gateWarmMs / transcodeBaselineMs).toFixed(4)} (its share of a classical-swap render follows once ` +
      'that render is in `npm run bench -- render`)',
  );
  return result;
}
