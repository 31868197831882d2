// `doppel lipsync --video IN --audio SPEECH -o OUT`: lip sync on plain files, through the same
// render pipeline and "lipSync" frame processor a project render uses (a one-clip timeline with
// the effect bound to the speech as an asset, lipSyncFileSource.ts). In order, before anything is
// written:
//   1. the inputs are probed (a video with pictures, a file with sound; the output is neither);
//   2. the render is planned (output path and effect checked) and its provenance begun, as for any
//      render: an output that cannot carry a signed C2PA manifest (only .mp4/.mov can) stops here;
//   3. the content safety gate checks the video (the face is the target) - CONTENT_REFUSED stops;
//   4. a Wav2Lip model is opened once and its signature proven (wav2lip engine);
//   5. the video's faces are analysed (every frame) into a scratch folder;
// then the render writes OUT (a temporary name until complete) with the speech as its sound, the
// video and audio watermarks and the signed C2PA manifest (lipSyncProvenance.ts).
// Length rule: the output has the video's frames and duration; longer speech is trimmed to it,
// shorter speech is followed by silence (the mouth stays closed).
import { randomUUID } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { StudioError } from '../../../shared/errors';
import { hashFile } from '../../media/hashFile';
import { probeMedia } from '../../media/probeMedia';
import { FaceAnalyzer } from '../face/faceAnalyzer';
import { InferenceSessionPool } from '../inference/sessionPool';
import type { SignedRenderSummary } from '../provenance/renderProvenance';
import { createBuiltInFrameProcessorRegistry } from '../render/builtInFrameProcessors';
import { prepareRender, runRender } from '../render/renderJob';
import { lipSyncFileSource } from './lipSyncFileSource';
import type { LipSyncEngine, ResolvedLipSync } from './lipSyncParams';
import { beginLipSyncProvenance } from './lipSyncProvenance';
import { Wav2LipModel } from './wav2lipModel';

export interface LipSyncFileRequest {
  videoPath: string;
  audioPath: string;
  outputPath: string;
  engine: LipSyncEngine;
  strength?: number;
  trackId?: number | null;
  /** The Wav2Lip ONNX file (wav2lip engine). */
  wav2lipModelPath?: string;
}

export type LipSyncPhase = 'checking' | 'analysing' | 'rendering';

export interface LipSyncFileOptions {
  /** The user data folder (embedded face models are converted and cached there). */
  dataDir: string;
  /** The studio's content safety gate. */
  gate: { checkBeforeSynthesis(request: { sources: string[]; targets: string[] }): Promise<unknown> };
  pool?: InferenceSessionPool;
  signal?: AbortSignal;
  onProgress?(phase: LipSyncPhase, done: number, total: number): void;
  /** Where the C2PA signing key lives (default: dataDir). Every output is watermarked and signed. */
  signingDataDir?: string;
  /** Burn a visible "AI-GENERATED" label into the picture too. */
  visibleLabel?: boolean;
  workerCount?: number;
}

export interface LipSyncFileResult {
  outputPath: string;
  engine: LipSyncEngine;
  width: number;
  height: number;
  frames: number;
  durationUs: number;
  /** Frames with the face (animated) and without (passed through). */
  framesWithFace: number;
  framesPassedThrough: number;
  speech: { durationUs: number; rule: 'trimmed to the video' | 'silence after the speech' | 'same length' };
  /** What was signed into the output (C2PA manifest, watermark id), as any render records it. */
  provenance: SignedRenderSummary | null;
  timingsMs: { safety: number; analysis: number; render: number; total: number };
}

function canonical(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

async function probeInputs(request: LipSyncFileRequest, signal?: AbortSignal) {
  const videoPath = resolve(request.videoPath);
  const audioPath = resolve(request.audioPath);
  const outputPath = resolve(request.outputPath);
  if ([videoPath, audioPath].some((path) => canonical(path) === canonical(outputPath))) {
    throw new StudioError(
      'INVALID_ARGUMENT',
      `The output "${request.outputPath}" is one of the inputs; write to another file.`,
    );
  }
  const video = await probeMedia(videoPath, { signal });
  if (video.kind !== 'video' || !video.hasVideo) {
    throw new StudioError(
      'UNSUPPORTED_FORMAT',
      `"${request.videoPath}" is ${video.kind === 'image' ? 'a still image' : 'not a video'}: lip sync needs a video with a face.`,
    );
  }
  const durationUs = video.videoDurationUs ?? video.durationUs ?? 0;
  if (!video.fps || durationUs <= 0 || !video.displayWidth || !video.displayHeight) {
    throw new StudioError(
      'MEDIA_UNREADABLE',
      `"${request.videoPath}" does not say its frame rate, size or length.`,
    );
  }
  const audio = await probeMedia(audioPath, { signal });
  if (!audio.hasAudio) {
    throw new StudioError(
      'UNSUPPORTED_FORMAT',
      `"${request.audioPath}" has no sound: give the speech the face should say.`,
    );
  }
  return { videoPath, audioPath, outputPath, video, audio, durationUs, fps: video.fps };
}

export async function lipSyncFile(
  request: LipSyncFileRequest,
  options: LipSyncFileOptions,
): Promise<LipSyncFileResult> {
  const started = performance.now();
  const inputs = await probeInputs(request, options.signal);
  const report = options.onProgress ?? (() => undefined);
  const signal = options.signal;
  const ownPool = options.pool === undefined;
  const pool = options.pool ?? new InferenceSessionPool();
  const scratch = await mkdtemp(join(tmpdir(), 'doppel-lipsync-'));
  try {
    report('checking', 0, 1);
    const registry = createBuiltInFrameProcessorRegistry();
    const facesPath = join(scratch, 'faces.json');
    const strength = request.strength ?? 1;
    const trackId = request.trackId ?? null;
    let wav2lip: ResolvedLipSync['wav2lip'];
    if (request.engine === 'wav2lip') {
      if (!request.wav2lipModelPath) {
        throw new StudioError(
          'MODEL_NOT_INSTALLED',
          'The wav2lip engine needs a Wav2Lip-96 ONNX model: install the "lipsync-wav2lip" model pack or give --model FILE.onnx.',
        );
      }
      const path = resolve(request.wav2lipModelPath);
      wav2lip = { path, sha256: await hashFile(path, { signal }) };
    }
    // Planned first (no file is touched): the output path and the effect are checked now.
    const source = lipSyncFileSource(
      inputs,
      { engine: request.engine, strength, trackId, facesPath, wav2lip },
      join(scratch, 'lipsync.doppel'),
    );
    const prepared = await prepareRender(
      { outputPath: inputs.outputPath, preset: 'source', codec: {}, range: null },
      source,
      registry,
      async () => wav2lip !== undefined,
    );
    // Provenance next, like every render (renderSafeguards.ts): an output C2PA cannot sign stops here.
    const encodeStage = await beginLipSyncProvenance({
      renderId: randomUUID(),
      dataDir: options.signingDataDir ?? options.dataDir,
      workDir: join(scratch, 'provenance'),
      outputPath: prepared.outputPath,
      video: { width: prepared.settings.width, height: prepared.settings.height },
      audioSampleRate: prepared.plan.audio.sampleRate,
      engine: request.engine,
      ...(wav2lip ? { wav2lipSha256: wav2lip.sha256 } : {}),
      sources: [
        { title: basename(inputs.videoPath), sha256: await hashFile(inputs.videoPath, { signal }) },
        { title: basename(inputs.audioPath), sha256: await hashFile(inputs.audioPath, { signal }) },
      ],
      ...(options.visibleLabel ? { visibleLabel: true } : {}),
    });
    // The content safety gate before any synthesis: the face in the video is the target.
    await options.gate.checkBeforeSynthesis({ sources: [], targets: [inputs.videoPath] });
    if (wav2lip) (await Wav2LipModel.open(pool, wav2lip)).dispose();
    const safetyDone = performance.now();

    report('analysing', 0, 1);
    const framesWithFace = await analyseFaces(request, inputs, facesPath, {
      pool,
      dataDir: options.dataDir,
      report,
      ...(signal ? { signal } : {}),
    });
    const analysisDone = performance.now();

    report('rendering', 0, prepared.plan.totalFrames);
    await mkdir(join(scratch, 'provenance'));
    const outcome = await runRender({
      renderId: randomUUID(),
      prepared,
      registry,
      encodeStage: [encodeStage],
      ...(signal ? { signal } : {}),
      ...(options.workerCount === undefined ? {} : { workerCount: options.workerCount }),
      onProgress: (frame) => report('rendering', frame, prepared.plan.totalFrames),
    });
    const finished = performance.now();
    const speechUs = inputs.audio.durationUs ?? 0;
    const frameUs = (1_000_000 * inputs.fps.den) / inputs.fps.num;
    return {
      outputPath: prepared.outputPath,
      engine: request.engine,
      width: prepared.settings.width,
      height: prepared.settings.height,
      frames: outcome.frames,
      durationUs: prepared.plan.durationUs,
      framesWithFace,
      framesPassedThrough: Math.max(0, outcome.frames - framesWithFace),
      speech: {
        durationUs: speechUs,
        rule:
          Math.abs(speechUs - prepared.plan.durationUs) < frameUs
            ? 'same length'
            : speechUs > prepared.plan.durationUs
              ? 'trimmed to the video'
              : 'silence after the speech',
      },
      provenance: (outcome.manifest as SignedRenderSummary | null) ?? null,
      timingsMs: {
        safety: safetyDone - started,
        analysis: analysisDone - safetyDone,
        render: finished - analysisDone,
        total: finished - started,
      },
    };
  } finally {
    await rm(scratch, { recursive: true, force: true });
    if (ownPool) pool.dispose();
  }
}

/** Every frame's faces into `facesPath`; returns how many frames show the animated face. */
async function analyseFaces(
  request: LipSyncFileRequest,
  inputs: Awaited<ReturnType<typeof probeInputs>>,
  facesPath: string,
  options: {
    pool: InferenceSessionPool;
    dataDir: string;
    signal?: AbortSignal;
    report: (phase: LipSyncPhase, done: number, total: number) => void;
  },
): Promise<number> {
  const analyzer = await FaceAnalyzer.load({
    pool: options.pool,
    dataDir: options.dataDir,
    roles: ['detector', 'landmarks'],
  });
  try {
    const analysis = await analyzer.analyseVideo(inputs.videoPath, {
      probe: inputs.video,
      ...(options.signal ? { signal: options.signal } : {}),
      onProgress: (done, total) => options.report('analysing', done, total),
    });
    if (analysis.tracks.length === 0) {
      throw new StudioError(
        'INVALID_ARGUMENT',
        `No face was found in "${request.videoPath}": there is no mouth to animate.`,
      );
    }
    const trackId =
      request.trackId ?? [...analysis.tracks].sort((a, b) => b.frameCount - a.frameCount)[0]!.id;
    await writeFile(facesPath, JSON.stringify(analysis));
    return analysis.frames.filter((frame) => frame.faces.some((face) => face.trackId === trackId)).length;
  } finally {
    analyzer.dispose();
  }
}
