// One render, from plan to file: the encoder ffmpeg is started first (raw video on its stdin, raw
// PCM on fd 3, progress on stdout), then the video segments and the audio mix feed it at the same
// time. Cancel kills everything at once. When one part fails, the others are stopped and the
// encoder's inputs are closed so it can exit by itself and say whether IT was the cause (a full
// disk shows up there first, and is what the user must hear about - not the broken pipes it causes).
import { basename } from 'node:path';
import { StudioError } from '../../../shared/errors';
import { encodeArguments, encoderInputPixelFormat } from '../../media/encodeArguments';
import { locateFfmpeg } from '../../media/ffmpegLocator';
import { FfmpegProgressParser } from '../../media/ffmpegProgress';
import type { RawVideoFormat } from '../../media/renderArguments';
import { spawnProcess } from '../../media/runProcess';
import { runAudioMixTask } from './audioMixTask';
import type { ComposedEncodeStage } from './encodeStage';
import type { FrameProcessorRegistry } from './frameProcessorRegistry';
import type { FrameWorkerEntry } from './frameWorkerEntry';
import { FrameWorkerPool } from './frameWorkerPool';
import type { RenderPlan } from './renderPlan';
import type { ResolvedRenderSettings } from './renderSettings';
import { runVideoSegmentTask } from './videoSegmentTask';

/** How long a stopped render waits for the encoder to exit by itself before killing it. */
const ENCODER_GRACE_MS = 5000;

export interface RenderPipelineOptions {
  plan: RenderPlan;
  settings: ResolvedRenderSettings;
  /** The file the encoder writes (the caller renames it when everything succeeded). */
  outputPath: string;
  registry: FrameProcessorRegistry;
  encodeStage: ComposedEncodeStage;
  signal?: AbortSignal;
  /** Frames the encoder has taken in so far, a few times a second. */
  onProgress?(frame: number): void;
  workerCount?: number;
  workerEntry?: FrameWorkerEntry;
}

export interface RenderPipelineResult {
  frames: number;
  wallMs: number;
  /** Whether any segment went through the worker threads. */
  usedWorkers: boolean;
}

type Part = 'video' | 'audio' | 'encoder';

function isCancelled(error: unknown): boolean {
  return error instanceof StudioError && error.code === 'CANCELLED';
}

/** The error to report: cancel, else the encoder's own failure, else the first real one. */
function rootCause(failures: { part: Part; error: unknown }[], cancelled: boolean): unknown {
  if (cancelled) return new StudioError('CANCELLED', 'The render was cancelled.');
  const real = failures.filter((failure) => !isCancelled(failure.error));
  return (real.find((failure) => failure.part === 'encoder') ?? real[0] ?? failures[0])?.error;
}

export async function runRenderPipeline(options: RenderPipelineOptions): Promise<RenderPipelineResult> {
  const started = performance.now();
  const { plan, settings } = options;
  if (options.signal?.aborted) throw new StudioError('CANCELLED', 'The render was cancelled.');
  const ffmpegPath = await locateFfmpeg();
  const encoderFormat: RawVideoFormat = {
    width: plan.width,
    height: plan.height,
    fps: plan.fps,
    pixelFormat: encoderInputPixelFormat(settings.videoCodec),
  };
  const producers = new AbortController();
  const encoderStop = new AbortController();
  const cancel = (): void => {
    producers.abort();
    encoderStop.abort();
  };
  options.signal?.addEventListener('abort', cancel, { once: true });

  const encoder = spawnProcess(
    ffmpegPath,
    encodeArguments({
      video: encoderFormat,
      audioSampleRate: plan.audio.sampleRate,
      codec: { videoCodec: settings.videoCodec, crf: settings.crf, speed: settings.speed },
      container: settings.container,
      extraInputs: options.encodeStage.extraInputs,
      filterComplex: options.encodeStage.filterComplex,
      extraOutputArguments: options.encodeStage.outputArguments,
      outputPath: options.outputPath,
    }),
    {
      signal: encoderStop.signal,
      stdin: 'pipe',
      extraInputPipes: 1,
      label: `ffmpeg encoding "${basename(options.outputPath)}"`,
    },
  );
  const encoderStdin = encoder.stdin;
  const encoderAudio = encoder.extraInputs[0];
  if (!encoderStdin || !encoderAudio) throw new StudioError('INTERNAL', 'The encoder has no input pipes.');
  const progress = new FfmpegProgressParser();
  encoder.stdout.setEncoding('utf8');
  encoder.stdout.on('data', (text: string) => {
    for (const update of progress.push(text)) options.onProgress?.(update.frame);
  });

  let pool: FrameWorkerPool | null = null;
  const workerPool = (): FrameWorkerPool =>
    (pool ??= new FrameWorkerPool(options.workerCount, options.workerEntry));
  const failures: { part: Part; error: unknown }[] = [];
  let graceTimer: NodeJS.Timeout | null = null;
  const windDown = (): void => {
    if (producers.signal.aborted && graceTimer) return;
    producers.abort();
    pool?.dispose();
    encoderStdin.destroy();
    encoderAudio.destroy();
    graceTimer ??= setTimeout(() => encoderStop.abort(), ENCODER_GRACE_MS);
  };
  const watch = <T>(part: Part, promise: Promise<T>): Promise<T> =>
    promise.catch((error: unknown) => {
      failures.push({ part, error });
      windDown();
      throw error;
    });

  try {
    const settled = await Promise.allSettled([
      watch(
        'video',
        runVideoSegmentTask({
          ffmpegPath,
          plan,
          encoderFormat,
          encoderStdin,
          registry: options.registry,
          workerPool,
          signal: producers.signal,
        }).then(() => new Promise<void>((resolve) => encoderStdin.end(resolve))),
      ),
      watch(
        'audio',
        runAudioMixTask({
          ffmpegPath,
          audio: plan.audio,
          signal: producers.signal,
          target: encoderAudio,
          transforms: options.encodeStage.audioTransforms,
        }),
      ),
      watch('encoder', encoder.exited),
    ]);
    if (settled.some((result) => result.status === 'rejected')) {
      throw rootCause(failures, options.signal?.aborted === true);
    }
    if (progress.lastFrame !== plan.totalFrames) {
      throw new StudioError(
        'FFMPEG_FAILED',
        `The encoder received ${progress.lastFrame} frames instead of ${plan.totalFrames}.`,
      );
    }
    const usedWorkers = pool !== null;
    await (pool as FrameWorkerPool | null)?.close();
    return { frames: progress.lastFrame, wallMs: performance.now() - started, usedWorkers };
  } finally {
    options.signal?.removeEventListener('abort', cancel);
    if (graceTimer) clearTimeout(graceTimer);
    encoder.kill();
    // Resolves once the threads have exited, so nothing runs a model after the render returns.
    await (pool as FrameWorkerPool | null)?.stop();
  }
}
