// npm run bench -- lipsync
// The offline (classical) lip sync at 720p: grid_bbaf2n (a talking head, 3 s, 75 frames) scaled
// into a 1280x720 frame (generated once into .tmp/bench-media), made to say the first 3 s of the
// JFK clip. Rows:
//   1. `doppel lipsync`'s job end to end (lipSyncFile: content safety gate, face analysis of every
//      frame, render through the worker threads with the watermark and C2PA signing): fps, and the
//      share of wall time in the safety check, the analysis and the render;
//   2. the same render with no effect (decode -> watermark -> encode, signed): the render's
//      decode/encode cost, so that "warping" = row 1's render minus this;
//   3. in this thread: preparing the clip once (speech decode, mouth shapes, reference frames),
//      then the warp alone (per frame: rig, triangle warp, mouth interior, blend), ms per frame.
// Row 1 minus row 2 is what the lip-sync processor adds to the render: each worker's preparation,
// the YUV->RGB->YUV conversions of an RGB processor, and the warp.
// Uses the face models cached for the tests ($DOPPEL_FACE_TEST_HOME or the OS temp folder).
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { FaceAnalyzer } from '../src/main/engine/face/faceAnalyzer';
import { FACE_TEST_DATA_DIR } from '../src/main/engine/face/testSupport/faceTestSupport';
import { InferenceSessionPool } from '../src/main/engine/inference/sessionPool';
import { prepareClassicalEngine } from '../src/main/engine/lipsync/classicalLipSyncEngine';
import { loadLipSyncClip } from '../src/main/engine/lipsync/lipSyncClip';
import { lipSyncFile } from '../src/main/engine/lipsync/lipSyncFileJob';
import { lipSyncFileSource } from '../src/main/engine/lipsync/lipSyncFileSource';
import { beginLipSyncProvenance } from '../src/main/engine/lipsync/lipSyncProvenance';
import { missingLipSyncMedia, sharedMedia } from '../src/main/engine/lipsync/testSupport/lipSyncMeasures';
import { createBuiltInFrameProcessorRegistry } from '../src/main/engine/render/builtInFrameProcessors';
import { prepareRender, runRender } from '../src/main/engine/render/renderJob';
import { createContentSafetyGate } from '../src/main/engine/safety/contentSafetyGate';
import { sharedClassifierDataDir } from '../src/main/engine/safety/testSupport/safetyTestMedia';
import { locateFfmpeg } from '../src/main/media/ffmpegLocator';
import { probeMedia } from '../src/main/media/probeMedia';
import { runProcess } from '../src/main/media/runProcess';
import { openAnalysisFrames } from '../src/main/media/videoFrameReader';

async function benchClip(): Promise<{ video: string; speech: string }> {
  const folder = resolve('.tmp', 'bench-media');
  mkdirSync(folder, { recursive: true });
  const video = join(folder, 'lipsync-720p25-3s.mp4');
  const speech = join(folder, 'lipsync-jfk-3s.wav');
  const ffmpeg = await locateFfmpeg();
  if (!existsSync(video)) {
    console.log(`Generating ${video} (reused on later runs)…`);
    await runProcess(ffmpeg, [
      ...['-v', 'error', '-y', '-i', sharedMedia('videos/grid_bbaf2n.mpg')],
      ...['-vf', 'scale=900:720,pad=1280:720:190:0', '-c:v', 'libx264', '-crf', '16', '-pix_fmt', 'yuv420p'],
      ...['-c:a', 'aac', video],
    ]);
  }
  if (!existsSync(speech)) {
    await runProcess(ffmpeg, [
      ...['-v', 'error', '-y', '-t', '3', '-i', sharedMedia('speech/jfk_inaugural_16k.wav'), speech],
    ]);
  }
  return { video, speech };
}

const percent = (part: number, whole: number): string => `${((100 * part) / whole).toFixed(0)} %`;

export async function runLipsyncBench(): Promise<unknown> {
  const missing = missingLipSyncMedia(['videos/grid_bbaf2n.mpg', 'speech/jfk_inaugural_16k.wav']);
  if (missing !== undefined) {
    console.log(`lipsync bench skipped: ${missing}`);
    return null;
  }
  const { video, speech } = await benchClip();
  const folder = mkdtempSync(join(tmpdir(), 'doppel-lipsync-bench-'));
  const pool = new InferenceSessionPool();
  const gate = await createContentSafetyGate({ dataDir: sharedClassifierDataDir(), pool });
  try {
    // 1. The whole job.
    const job = await lipSyncFile(
      { videoPath: video, audioPath: speech, outputPath: join(folder, 'dubbed.mp4'), engine: 'classical' },
      { dataDir: FACE_TEST_DATA_DIR, signingDataDir: folder, gate, pool },
    );
    const { safety, analysis, render, total } = job.timingsMs;

    // 2. The same render without the effect: decode, watermark, encode, sign.
    const videoProbe = await probeMedia(video);
    const audioProbe = await probeMedia(speech);
    const inputs = {
      videoPath: video,
      audioPath: speech,
      video: videoProbe,
      audio: audioProbe,
      durationUs: videoProbe.videoDurationUs ?? 0,
      fps: videoProbe.fps!,
    };
    const facesPath = join(folder, 'faces.json');
    const analyzer = await FaceAnalyzer.load({
      pool,
      dataDir: FACE_TEST_DATA_DIR,
      roles: ['detector', 'landmarks'],
    });
    try {
      await writeFile(facesPath, JSON.stringify(await analyzer.analyseVideo(video)));
    } finally {
      analyzer.dispose();
    }
    const effectFacts = {
      engine: 'classical' as const,
      strength: 1,
      trackId: null,
      facesPath,
      wav2lip: undefined,
    };
    const plainSource = { ...lipSyncFileSource(inputs, effectFacts, join(folder, 'p.doppel')), effects: [] };
    const registry = createBuiltInFrameProcessorRegistry();
    const prepared = await prepareRender(
      { outputPath: join(folder, 'plain.mp4'), preset: 'source', codec: {}, range: null },
      plainSource,
      registry,
      async () => false,
    );
    const workDir = join(folder, 'plain-render-work');
    mkdirSync(workDir);
    const encodeStage = await beginLipSyncProvenance({
      renderId: randomUUID(),
      dataDir: folder,
      workDir,
      outputPath: prepared.outputPath,
      video: { width: prepared.settings.width, height: prepared.settings.height },
      audioSampleRate: prepared.plan.audio.sampleRate,
      engine: 'classical',
      sources: [],
    });
    const plainStarted = performance.now();
    await runRender({ renderId: randomUUID(), prepared, registry, encodeStage: [encodeStage] });
    const plain = performance.now() - plainStarted;

    // 3. The warp alone, in this thread.
    const prepareStarted = performance.now();
    const clip = await loadLipSyncClip(
      {
        video: { path: video, streamIndex: videoProbe.videoStreamIndex },
        facesPath,
        audio: {
          path: speech,
          streamIndex: audioProbe.audioStreamIndex,
          startUs: 0,
          inUs: 0,
          endUs: inputs.durationUs,
        },
      },
      null,
      { width: job.width, height: job.height },
    );
    const engine = await prepareClassicalEngine(clip, 1);
    const prepareMs = performance.now() - prepareStarted;
    const frames = (await openAnalysisFrames(video)).frames;
    let warpMs = 0;
    let warped = 0;
    let index = 0;
    for await (const frame of frames) {
      const us = Math.round((index * 1_000_000) / 25);
      const started = performance.now();
      if (engine.renderFrame({ width: frame.width, height: frame.height, data: frame.data }, us, us))
        warped += 1;
      warpMs += performance.now() - started;
      index += 1;
    }

    const figures = {
      frames: job.frames,
      size: `${job.width}x${job.height}`,
      endToEndFps: job.frames / (total / 1000),
      renderFps: job.frames / (render / 1000),
      shares: {
        safety: safety / total,
        analysis: analysis / total,
        warping: Math.max(0, render - plain) / total,
        decodeEncode: Math.min(plain, render) / total,
      },
      ms: { safety, analysis, render, plainRender: plain, total },
      warpMsPerFrameOneThread: warpMs / Math.max(1, warped),
      prepareMsOneThread: prepareMs,
      cores: (await import('node:os')).availableParallelism(),
    };
    console.log(
      [
        `classical lip sync, ${figures.size}, ${job.frames} frames (${figures.cores} cores):`,
        `  end to end ${figures.endToEndFps.toFixed(2)} fps (${(total / 1000).toFixed(1)} s); render alone ${figures.renderFps.toFixed(2)} fps`,
        `  share of wall time: safety check ${percent(safety, total)}, face analysis ${percent(analysis, total)}, ` +
          `lip-sync processor in the render workers ${percent(Math.max(0, render - plain), total)}, decode+watermark+encode+sign ${percent(Math.min(plain, render), total)}`,
        `  (render with lip sync ${(render / 1000).toFixed(1)} s vs the same render without the effect ${(plain / 1000).toFixed(1)} s)`,
        `  in one thread: preparing the clip (speech, mouth shapes, reference frames) ${(prepareMs / 1000).toFixed(1)} s, ` +
          `then the warp ${figures.warpMsPerFrameOneThread.toFixed(1)} ms per frame (${warped} frames with the face)`,
      ].join('\n'),
    );
    return figures;
  } finally {
    gate.dispose();
    pool.dispose();
    rmSync(folder, { recursive: true, force: true });
  }
}
