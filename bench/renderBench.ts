// npm run bench -- render
// On the same 720p 25 fps H.264+AAC test clips (10 s and 60 s, generated once into .tmp/bench-media):
//   1. baseline: a plain `ffmpeg -i in -c:v libx264 -preset veryfast -c:a aac out.mp4` transcode;
//   2. the render pipeline with no effect (segments go ffmpeg -> ffmpeg, no frame passes through JS);
//   3. the render pipeline with the pass-through processor on every frame (decoder -> this process
//      -> worker threads -> back to the encoder, in YUV as decoded): the cost of the JS path itself;
//   4. the same with the colour balance processor, which works in RGB: adds the YUV->RGB->YUV
//      conversions and a real per-pixel loop (what an RGB processor such as a face swap pays).
// The classical face swap runs on a clip with a face (renderSwapBench.ts), after these rows.
// Prints wall time, fps and the ratio to the baseline measured in this same process; CPU time
// (this node process with its worker threads, plus every ffmpeg child it waited for, from
// /proc/self/stat) which is steadier than wall time on a busy machine; and peak RSS of this node
// process and of its ffmpeg children (sampled from /proc every 200 ms), so the 10 s and 60 s rows
// show whether memory stays flat with clip length. Same encoder settings everywhere (libx264
// veryfast, crf 23 = x264's default, AAC).
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { RenderProgress } from '../src/shared/contracts/renderContract';
import { locateFfmpeg } from '../src/main/media/ffmpegLocator';
import { importMediaFiles } from '../src/main/media/mediaImporter';
import { runProcess } from '../src/main/media/runProcess';
import { ProjectSession } from '../src/main/services/projectSession';
import { RenderServiceImpl } from '../src/main/services/renderService';
import { ProjectStore } from '../src/main/store/projectStore';

const WIDTH = 1280;
/** Linux reports process times in clock ticks of 1/100 s (USER_HZ) on every common platform. */
const CLOCK_TICKS_PER_SECOND = 100;
const HEIGHT = 720;

async function benchClip(seconds: number): Promise<string> {
  const folder = resolve('.tmp', 'bench-media');
  mkdirSync(folder, { recursive: true });
  const path = join(folder, `render-720p25-${seconds}s.mp4`);
  if (existsSync(path)) return path;
  console.log(`Generating ${path} (reused on later runs)…`);
  await runProcess(await locateFfmpeg(), [
    ...[
      '-v',
      'error',
      '-y',
      '-f',
      'lavfi',
      '-i',
      `testsrc2=size=${WIDTH}x${HEIGHT}:rate=25:duration=${seconds}`,
    ],
    ...['-f', 'lavfi', '-i', `sine=frequency=440:duration=${seconds}`],
    ...['-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', path],
  ]);
  return path;
}

/** RSS in bytes of a process, from /proc (0 once it has gone). */
function rssOf(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

function descendantsOf(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(name)]);
    } catch {
      // The process ended while we looked.
    }
  }
  const found: number[] = [];
  const stack = [root];
  while (stack.length > 0) {
    for (const child of children.get(stack.pop()!) ?? []) {
      found.push(child);
      stack.push(child);
    }
  }
  return found;
}

/** CPU seconds of this process (all threads) and of its children that have exited. */
export function cpuSeconds(): { own: number; children: number } {
  const usage = process.cpuUsage();
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields after the name: state is 0, so cutime/cstime (16th/17th of the line) are 13 and 14.
  const children = (Number(fields[13]) + Number(fields[14])) / CLOCK_TICKS_PER_SECOND;
  return { own: (usage.user + usage.system) / 1e6, children };
}

export interface Peaks {
  nodeBytes: number;
  childrenBytes: number;
  totalBytes: number;
}

/** Samples this process and its descendants every 50 ms while `work` runs. */
export async function withPeakRss<T>(work: () => Promise<T>): Promise<{ value: T; peaks: Peaks }> {
  const peaks: Peaks = { nodeBytes: 0, childrenBytes: 0, totalBytes: 0 };
  const sample = (): void => {
    const node = rssOf(process.pid);
    const children = descendantsOf(process.pid).reduce((sum, pid) => sum + rssOf(pid), 0);
    peaks.nodeBytes = Math.max(peaks.nodeBytes, node);
    peaks.childrenBytes = Math.max(peaks.childrenBytes, children);
    peaks.totalBytes = Math.max(peaks.totalBytes, node + children);
  };
  const timer = setInterval(sample, 200);
  try {
    const value = await work();
    sample();
    return { value, peaks };
  } finally {
    clearInterval(timer);
  }
}

export async function plainTranscode(input: string, output: string): Promise<void> {
  await runProcess(await locateFfmpeg(), [
    ...['-v', 'error', '-y', '-i', input, '-c:v', 'libx264', '-preset', 'veryfast', '-c:a', 'aac', output],
  ]);
}

export async function projectFor(
  folder: string,
  clip: string,
  effect: { kind: string; params: unknown } | null,
): Promise<ProjectStore> {
  const store = ProjectStore.create(join(folder, `bench-${randomUUID()}.doppel`), {
    width: WIDTH,
    height: HEIGHT,
  });
  const result = await importMediaFiles(
    [clip],
    {
      cacheDir: store.cacheDir,
      findBySha256: (sha) => store.assets.findBySha256(sha),
      addAsset: (asset, probe) => store.assets.insert(asset, probe),
    },
    { newId: () => randomUUID(), batchId: randomUUID() },
  );
  const asset = result.imported[0]?.asset;
  if (!asset?.durationUs) throw new Error(`import failed: ${JSON.stringify(result.failed)}`);
  const timeline = store.getTimeline();
  const videoTrack = timeline.tracks.find((track) => track.kind === 'video')!;
  const audioTrack = timeline.tracks.find((track) => track.kind === 'audio')!;
  const link = randomUUID();
  const clipFor = (trackId: string) => ({
    id: randomUUID(),
    trackId,
    assetId: asset.id,
    startUs: 0,
    inUs: 0,
    outUs: asset.durationUs!,
    linkGroup: link,
  });
  const video = clipFor(videoTrack.id);
  store.writeTimeline({ ...timeline, clips: [video, clipFor(audioTrack.id)] });
  if (effect)
    store.effects.insert({ id: randomUUID(), clipId: video.id, ...effect, order: 0, enabled: true });
  return store;
}

export async function pipelineRender(store: ProjectStore, output: string): Promise<number> {
  const session = new ProjectSession();
  session.replace(store);
  const service = new RenderServiceImpl(session);
  try {
    const done = new Promise<RenderProgress>((resolveDone) =>
      service.onDidRenderProgress((event) => {
        if (['done', 'failed', 'cancelled'].includes(event.status)) resolveDone(event);
      }),
    );
    await service.start({
      outputPath: output,
      preset: 'source',
      codec: { videoCodec: 'h264', crf: 23, encoderSpeed: 'veryfast' },
      range: null,
    });
    const last = await done;
    if (last.status !== 'done') throw new Error(`render ${last.status}: ${last.error?.message}`);
    return last.totalFrames;
  } finally {
    service.dispose();
    session.dispose();
  }
}

const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;

export async function runRenderBench(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'doppel-bench-render-'));
  try {
    for (const seconds of [10, 60]) {
      const clip = await benchClip(seconds);
      const frames = seconds * 25;
      const noEffect = await projectFor(work, clip, null);
      const passThrough = await projectFor(work, clip, { kind: 'passThrough', params: {} });
      const colourBalance = await projectFor(work, clip, {
        kind: 'colorBalance',
        params: { red: 1.1, blue: 0.9 },
      });
      console.log(`\n${seconds} s clip, ${WIDTH}x${HEIGHT} @ 25 fps (${frames} frames), ${clip}`);
      const rows: { name: string; wallMs: number; cpu: number; peaks: Peaks }[] = [];
      const measure = async (name: string, run: () => Promise<unknown>): Promise<void> => {
        const cpuBefore = cpuSeconds();
        const started = performance.now();
        const { peaks } = await withPeakRss(run);
        const wallMs = performance.now() - started;
        const cpuAfter = cpuSeconds();
        const cpu = cpuAfter.own - cpuBefore.own + cpuAfter.children - cpuBefore.children;
        rows.push({ name, wallMs, cpu, peaks });
      };
      await measure('plain ffmpeg transcode', () => plainTranscode(clip, join(work, `plain-${seconds}.mp4`)));
      await measure('pipeline, no effect', () => pipelineRender(noEffect, join(work, `none-${seconds}.mp4`)));
      await measure('pipeline, JS pass-through', () =>
        pipelineRender(passThrough, join(work, `pass-${seconds}.mp4`)),
      );
      await measure('pipeline, JS colour balance', () =>
        pipelineRender(colourBalance, join(work, `grade-${seconds}.mp4`)),
      );
      const baseline = rows[0]!;
      for (const row of rows) {
        console.log(
          `  ${row.name.padEnd(27)} ${(row.wallMs / 1000).toFixed(2).padStart(6)} s  ` +
            `${((frames * 1000) / row.wallMs).toFixed(1).padStart(6)} fps  ${(row.wallMs / baseline.wallMs).toFixed(2)}x wall  ` +
            `CPU ${row.cpu.toFixed(1).padStart(5)} s ${(row.cpu / baseline.cpu).toFixed(2)}x  ` +
            `peak RSS node ${mib(row.peaks.nodeBytes)}, ffmpeg children ${mib(row.peaks.childrenBytes)}, ` +
            `together ${mib(row.peaks.totalBytes)}`,
        );
      }
      for (const store of [noEffect, passThrough, colourBalance]) store.close();
    }
    // The classical face swap needs a face: its own 10 s 720p clip made from GRID talking heads.
    await (await import('./renderSwapBench')).runRenderSwapBench(work);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
