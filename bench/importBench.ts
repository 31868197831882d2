// npm run bench -- import
// 1. Imports 200 short generated clips and prints the per-asset time and the share spent in ffprobe,
//    hashing and thumbnails; baseline: a bare ffprobe of each file, in the same process.
// 2. Opens a project with 200 assets and 2,000 clips (store open + timeline + assets), and times
//    the first paint of its timeline in Chromium (browser mode) when a renderer build exists.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createImportTimings, importTimingPhases, importTimingShares } from '../src/main/media/importTimings';
import { importMediaFiles } from '../src/main/media/mediaImporter';
import { locateFfmpeg, locateFfprobe } from '../src/main/media/ffmpegLocator';
import { runProcess } from '../src/main/media/runProcess';
import { ProjectStore } from '../src/main/store/projectStore';
import type { Clip, Timeline } from '../src/shared/model/schemas';
import { measureTimelineFirstPaint } from './timelineFirstPaint';

const CLIP_COUNT = 200;
const TIMELINE_CLIPS = 2000;
const TRACKS = 10;

async function generateClips(folder: string): Promise<string[]> {
  mkdirSync(folder, { recursive: true });
  const ffmpeg = await locateFfmpeg();
  const paths: string[] = [];
  for (let index = 0; index < CLIP_COUNT; index += 1) {
    const path = join(folder, `clip-${String(index).padStart(3, '0')}.mp4`);
    paths.push(path);
    if (existsSync(path)) continue;
    // 1 s, 320x240, 25 fps H.264 + AAC; a different test pattern offset and tone per clip so
    // every file has its own content (and sha256).
    await runProcess(ffmpeg, [
      '-v',
      'error',
      '-f',
      'lavfi',
      '-i',
      `testsrc2=size=320x240:rate=25:duration=1,hue=h=${index}`,
      '-f',
      'lavfi',
      '-i',
      `sine=frequency=${200 + index}:duration=1`,
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

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

export async function runImportBench(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'doppel-bench-import-'));
  const mediaFolder = resolve('.tmp', 'bench-media', 'import-clips');
  console.log(`Generating ${CLIP_COUNT} clips in ${mediaFolder} (reused on later runs)…`);
  const clips = await generateClips(mediaFolder);

  // Baseline: ffprobe alone on each file, sequentially, in this process.
  const ffprobe = await locateFfprobe();
  const probeTimes: number[] = [];
  for (const clip of clips) {
    const started = performance.now();
    await runProcess(ffprobe, ['-v', 'error', '-show_format', '-show_streams', '-of', 'json', clip]);
    probeTimes.push(performance.now() - started);
  }

  const store = ProjectStore.create(join(work, 'Bench.doppel'));
  const timings = createImportTimings();
  const started = performance.now();
  const result = await importMediaFiles(
    clips,
    {
      cacheDir: store.cacheDir,
      findBySha256: (sha) => store.assets.findBySha256(sha),
      addAsset: (asset, probe) => store.assets.insert(asset, probe),
    },
    { newId: () => randomUUID(), batchId: randomUUID(), timings },
  );
  const wallMs = performance.now() - started;
  if (result.failed.length > 0)
    throw new Error(`import failed: ${JSON.stringify(result.failed.slice(0, 3))}`);
  const shares = importTimingShares(timings);
  const perAsset = wallMs / clips.length;
  const probeMedian = median(probeTimes);
  console.log(
    `import of ${clips.length} clips (concurrency 2): ${(wallMs / 1000).toFixed(1)} s wall, ${perAsset.toFixed(1)} ms per asset`,
  );
  console.log(
    `baseline bare ffprobe per file: median ${probeMedian.toFixed(1)} ms → import/ffprobe ratio ${(perAsset / probeMedian).toFixed(2)}x`,
  );
  for (const phase of importTimingPhases) {
    console.log(
      `  ${phase.padEnd(10)} ${(timings.phasesMs[phase] / clips.length).toFixed(1).padStart(7)} ms/asset  ${(shares[phase] * 100).toFixed(1).padStart(5)} %`,
    );
  }

  // A big project: 200 assets, 2,000 clips on 10 tracks.
  const assets = store.assets.list();
  const base = store.getTimeline();
  let timeline: Timeline = base;
  const extraTracks = Array.from({ length: TRACKS - base.tracks.length }, (_, index) => ({
    id: randomUUID(),
    kind: index % 2 === 0 ? ('video' as const) : ('audio' as const),
    name: `T${index + 3}`,
    order: base.tracks.length + index,
    muted: false,
    solo: false,
    locked: false,
    hidden: false,
  }));
  timeline = { ...timeline, tracks: [...base.tracks, ...extraTracks] };
  const clipsPerTrack = TIMELINE_CLIPS / TRACKS;
  const newClips: Clip[] = [];
  for (const track of timeline.tracks) {
    for (let index = 0; index < clipsPerTrack; index += 1) {
      const asset = assets[(index + newClips.length) % assets.length]!;
      newClips.push({
        id: randomUUID(),
        trackId: track.id,
        assetId: asset.id,
        startUs: index * 1_000_000,
        inUs: 0,
        outUs: 1_000_000,
        linkGroup: null,
      });
    }
  }
  store.writeTimeline({ ...timeline, clips: newClips });
  const projectPath = store.path;
  store.close();

  const openTimes: number[] = [];
  for (let run = 0; run < 5; run += 1) {
    const openStarted = performance.now();
    const reopened = ProjectStore.open(projectPath);
    const loaded = reopened.getTimeline();
    const loadedAssets = reopened.assets.list();
    openTimes.push(performance.now() - openStarted);
    if (loaded.clips.length !== TIMELINE_CLIPS || loadedAssets.length !== CLIP_COUNT)
      throw new Error('project did not round-trip');
    reopened.close();
  }
  console.log(
    `open project with ${CLIP_COUNT} assets and ${TIMELINE_CLIPS} clips (store + timeline + assets): median ${median(openTimes).toFixed(1)} ms`,
  );

  const paint = await measureTimelineFirstPaint(projectPath, TIMELINE_CLIPS);
  if (paint)
    console.log(`first paint of that timeline in Chromium (browser mode, from navigation): ${paint}`);
  rmSync(work, { recursive: true, force: true });
}
