// npm run bench -- timeline
// A project with 2,000 clips on 10 tracks (written to the store directly, 10 real generated
// assets with thumbnails and waveforms), opened in Chromium against the browser-mode host:
// 1. time to first paint of its timeline (bench/timelineFirstPaint.ts, from navigation);
// 2. frame times (requestAnimationFrame deltas) p50/p95 while panning and while zooming, driven
//    from inside the page one step per frame; baseline: the same script on an empty project in
//    the same browser (the browser's own floor), printed as a ratio.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { startBrowserHost } from '../src/main/browserHost/browserHost';
import { locateFfmpeg } from '../src/main/media/ffmpegLocator';
import { importMediaFiles } from '../src/main/media/mediaImporter';
import { runProcess } from '../src/main/media/runProcess';
import { createStudio } from '../src/main/services/createStudio';
import { ProjectStore } from '../src/main/store/projectStore';
import type { Clip, Track } from '../src/shared/model/schemas';
import { chromiumArgs, chromiumExecutable } from './chromiumLaunch';
import { measureTimelineFirstPaint } from './timelineFirstPaint';

const TRACKS = 10;
const CLIPS = 2000;
const ASSETS = 10;
const FRAMES_PER_PHASE = 240;

async function generateMedia(folder: string): Promise<string[]> {
  mkdirSync(folder, { recursive: true });
  const ffmpeg = await locateFfmpeg();
  const paths: string[] = [];
  for (let index = 0; index < ASSETS; index += 1) {
    const path = join(folder, `timeline-bench-${index}.mp4`);
    paths.push(path);
    if (existsSync(path)) continue;
    await runProcess(ffmpeg, [
      '-v',
      'error',
      '-f',
      'lavfi',
      '-i',
      `testsrc2=size=320x180:rate=25:duration=4,hue=h=${index * 30}`,
      '-f',
      'lavfi',
      '-i',
      `sine=frequency=${220 + index * 40}:duration=4`,
      '-c:v',
      'libx264',
      '-preset',
      'ultrafast',
      '-pix_fmt',
      'yuv420p',
      '-c:a',
      'aac',
      '-shortest',
      '-y',
      path,
    ]);
  }
  return paths;
}

/** 2,000 clips of 1-3 s with small gaps on 5 video and 5 audio tracks. */
async function buildProject(work: string, empty: boolean): Promise<string> {
  const store = ProjectStore.create(join(work, empty ? 'Empty.doppel' : 'Timeline Bench.doppel'));
  try {
    if (empty) return store.path;
    const media = await generateMedia(resolve('.tmp', 'bench-media', 'timeline'));
    const result = await importMediaFiles(
      media,
      {
        cacheDir: store.cacheDir,
        findBySha256: (sha) => store.assets.findBySha256(sha),
        addAsset: (asset, probe) => store.assets.insert(asset, probe),
      },
      { newId: () => randomUUID(), batchId: randomUUID() },
    );
    if (result.failed.length > 0) throw new Error(`import failed: ${JSON.stringify(result.failed[0])}`);
    const assets = store.assets.list();
    const tracks: Track[] = Array.from({ length: TRACKS }, (_, order) => ({
      id: randomUUID(),
      kind: order < TRACKS / 2 ? 'video' : 'audio',
      name: order < TRACKS / 2 ? `V${TRACKS / 2 - order}` : `A${order - TRACKS / 2 + 1}`,
      order,
      muted: false,
      solo: false,
      locked: false,
      hidden: false,
    }));
    const clips: Clip[] = [];
    for (const track of tracks) {
      let start = 0;
      for (let index = 0; index < CLIPS / TRACKS; index += 1) {
        const length = 1_000_000 + ((index * 7919) % 2_000_000);
        const asset = assets[(index + clips.length) % assets.length]!;
        clips.push({
          id: randomUUID(),
          trackId: track.id,
          assetId: asset.id,
          startUs: start,
          inUs: 0,
          outUs: Math.min(length, 4_000_000),
          linkGroup: null,
        });
        start += Math.min(length, 4_000_000) + 200_000;
      }
    }
    store.writeTimeline({ ...store.getTimeline(), tracks, clips });
    return store.path;
  } finally {
    store.close();
  }
}

function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? 0;
}

/** Runs one step per animation frame inside the page and returns the frame intervals (ms). */
async function frameTimes(page: Page, mode: 'pan' | 'zoom'): Promise<number[]> {
  return page.evaluate(
    ({ mode, frames }) =>
      new Promise<number[]>((done) => {
        const scroller = document.querySelector<HTMLElement>('[data-testid="timeline-scroll"]')!;
        scroller.scrollLeft = 0;
        const box = scroller.getBoundingClientRect();
        const deltas: number[] = [];
        let last = performance.now();
        let step = 0;
        const tick = (now: number) => {
          deltas.push(now - last);
          last = now;
          if (mode === 'pan') {
            scroller.scrollLeft += step < frames / 2 ? 60 : -60;
          } else {
            // Zoom in for half the frames, then out, around the middle of the lanes.
            scroller.dispatchEvent(
              new WheelEvent('wheel', {
                deltaY: step < frames / 2 ? -100 : 100,
                ctrlKey: true,
                clientX: box.left + box.width / 2,
                clientY: box.top + 60,
                bubbles: true,
                cancelable: true,
              }),
            );
          }
          step += 1;
          if (step < frames) requestAnimationFrame(tick);
          else done(deltas.slice(2)); // the first intervals include setup
        };
        requestAnimationFrame((now) => {
          last = now;
          requestAnimationFrame(tick);
        });
      }),
    { mode, frames: FRAMES_PER_PHASE },
  );
}

async function measureFrames(
  projectPath: string,
): Promise<{ paintMs: number; pan: number[]; zoom: number[] }> {
  const studio = createStudio({
    mode: 'browser',
    dataDir: mkdtempSync(join(tmpdir(), 'doppel-bench-home-')),
  });
  const host = await startBrowserHost({ studio, rendererDir: resolve('out', 'renderer'), port: 0 });
  const browser = await chromium.launch({ executablePath: chromiumExecutable, args: chromiumArgs });
  try {
    await studio.services.project.open({ path: projectPath });
    const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
    // tsx compiles the evaluated function with esbuild's __name helper for named closures.
    await page.addInitScript('window.__name = (target) => target;');
    await page.goto(host.url);
    await page.locator('[data-testid="timeline-scroll"]').waitFor();
    await page.locator('[data-testid="timeline-empty"], [data-testid="timeline-clip"]').first().waitFor();
    const paintMs = await page.evaluate(
      () =>
        new Promise<number>((done) =>
          requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now()))),
        ),
    );
    console.log(`  painted ${paintMs.toFixed(0)} ms after navigation (this run)`);
    const result = { paintMs, pan: await frameTimes(page, 'pan'), zoom: await frameTimes(page, 'zoom') };
    const inDom = await page.locator('[data-testid="timeline-clip"]').count();
    console.log(`  clips in the DOM after the run: ${inDom}`);
    return result;
  } finally {
    await browser.close();
    await host.close();
    studio.dispose();
  }
}

function describe(label: string, deltas: number[], baseline: number[]): string {
  const sorted = [...deltas].sort((a, b) => a - b);
  const base = [...baseline].sort((a, b) => a - b);
  const p50 = percentile(sorted, 0.5);
  const p95 = percentile(sorted, 0.95);
  return `${label}: frame time p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, max ${sorted[sorted.length - 1]!.toFixed(1)} ms over ${sorted.length} frames (empty-project baseline p50 ${percentile(base, 0.5).toFixed(1)} / p95 ${percentile(base, 0.95).toFixed(1)} ms → p95 ratio ${(p95 / percentile(base, 0.95)).toFixed(2)}x)`;
}

export async function runTimelineBench(): Promise<void> {
  if (!existsSync(join('out', 'renderer', 'index.html')) || !existsSync(chromiumExecutable)) {
    console.log('timeline bench skipped: run `npm run build` and install chromium first');
    return;
  }
  const work = mkdtempSync(join(tmpdir(), 'doppel-bench-timeline-'));
  try {
    console.log(`Building a project with ${CLIPS} clips on ${TRACKS} tracks (${ASSETS} real assets)…`);
    const projectPath = await buildProject(work, false);
    const emptyPath = await buildProject(work, true);
    const paint = await measureTimelineFirstPaint(projectPath, CLIPS);
    if (paint)
      console.log(`first paint of the timeline in Chromium (browser mode, from navigation): ${paint}`);
    console.log('baseline run (empty project)…');
    const baseline = await measureFrames(emptyPath);
    console.log(`${CLIPS}-clip project run…`);
    const loaded = await measureFrames(projectPath);
    console.log(describe('panning (60 px per frame)', loaded.pan, baseline.pan));
    console.log(describe('zooming (ctrl+wheel every frame)', loaded.zoom, baseline.zoom));
  } finally {
    if (process.env.KEEP) console.log(`kept ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }
}
