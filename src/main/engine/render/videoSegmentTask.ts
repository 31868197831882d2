// The video half of a render: the plan's segments, one after another, each written straight into
// the encoder's stdin.
// - A segment without effects is one ffmpeg whose stdout IS the encoder's stdin (the pipe's file
//   descriptor is handed to the child): its frames never pass through JS.
// - A segment with effects is decoded on a pipe to us in the format its processors work in (YUV
//   when they all can, else RGB), run through the worker pool (in order, a bounded number in
//   flight), and written to a relay ffmpeg (converting to the encoder's format if needed) whose
//   stdout is again the encoder's stdin. We never write to the encoder's stdin ourselves: children
//   that shared it have made it blocking, which would stall our event loop.
import { basename } from 'node:path';
import type { Writable } from 'node:stream';
import { StudioError } from '../../../shared/errors';
import { frameStart } from '../../../shared/time';
import {
  rawFrameBytes,
  rawFrameConvertArguments,
  segmentDecodeArguments,
  type RawVideoFormat,
} from '../../media/renderArguments';
import { BackpressureWriter, readFixedSizeFrames } from '../../media/rawVideoStreams';
import { spawnProcess } from '../../media/runProcess';
import type { FrameInfo } from './frameProcessor';
import type { FrameProcessorRegistry } from './frameProcessorRegistry';
import type { FrameWorkerPool } from './frameWorkerPool';
import { FrameBufferPool, processInOrder } from './orderedFrameProcessing';
import type { RenderPlan, VideoSegmentPlan } from './renderPlan';

export interface VideoSegmentTaskOptions {
  ffmpegPath: string;
  plan: RenderPlan;
  /** What the encoder reads on its stdin. */
  encoderFormat: RawVideoFormat;
  encoderStdin: Writable;
  registry: FrameProcessorRegistry;
  /** Started on the first segment that needs it (workers cost a start-up). */
  workerPool: () => FrameWorkerPool;
  signal: AbortSignal;
}

function describe(segment: VideoSegmentPlan): string {
  const what = segment.source.kind === 'gap' ? 'a gap' : `"${basename(segment.source.path)}"`;
  return `${what} (frames ${segment.firstFrame}-${segment.firstFrame + segment.frameCount - 1})`;
}

async function runPlainSegment(options: VideoSegmentTaskOptions, segment: VideoSegmentPlan): Promise<void> {
  const producer = spawnProcess(
    options.ffmpegPath,
    segmentDecodeArguments({
      source: segment.source,
      frameCount: segment.frameCount,
      output: options.encoderFormat,
    }),
    { signal: options.signal, stdoutTo: options.encoderStdin, label: `ffmpeg decoding ${describe(segment)}` },
  );
  await producer.exited;
}

async function runProcessedSegment(
  options: VideoSegmentTaskOptions,
  segment: VideoSegmentPlan,
): Promise<void> {
  const { plan, signal } = options;
  if (!segment.clipId || !segment.assetId) throw new StudioError('INTERNAL', 'A gap cannot carry effects.');
  const steps = segment.processors.map((processor) => ({
    processorId: processor.kind,
    params: processor.params,
  }));
  const pixelFormat = options.registry.chainPixelFormat(steps.map((step) => step.processorId));
  const frameFormat: RawVideoFormat = { width: plan.width, height: plan.height, fps: plan.fps, pixelFormat };
  const frameBytes = rawFrameBytes(frameFormat);
  const label = `ffmpeg decoding ${describe(segment)}`;
  const inOrder = steps.some((step) => options.registry.require(step.processorId).needsFramesInOrder);
  const pool = options.workerPool();
  const workers = inOrder ? 1 : pool.size;
  const chainKey = JSON.stringify({ steps, pixelFormat });
  await pool.prepare(
    chainKey,
    steps,
    { width: plan.width, height: plan.height, pixelFormat, outputFrameRate: plan.fps },
    workers,
  );

  const decoder = spawnProcess(
    options.ffmpegPath,
    segmentDecodeArguments({ source: segment.source, frameCount: segment.frameCount, output: frameFormat }),
    { signal, label },
  );
  const converter = spawnProcess(
    options.ffmpegPath,
    rawFrameConvertArguments(frameFormat, options.encoderFormat.pixelFormat),
    {
      signal,
      stdin: 'pipe',
      stdoutTo: options.encoderStdin,
      label: `ffmpeg passing on the processed frames of ${describe(segment)}`,
    },
  );
  if (!converter.stdin) throw new StudioError('INTERNAL', 'The frame relay has no stdin.');
  const writer = new BackpressureWriter(converter.stdin, 'The frame relay');
  const buffers = new FrameBufferPool(frameBytes);
  const sourceStartUs = segment.source.kind === 'video' ? segment.source.startUs : null;
  const info = (index: number): FrameInfo => {
    const outputFrame = segment.firstFrame + index;
    const timelineUs = frameStart(plan.startFrame + outputFrame, plan.fps);
    const offsetUs = timelineUs - frameStart(plan.startFrame + segment.firstFrame, plan.fps);
    return {
      outputFrame,
      timelineUs,
      sourceUs: sourceStartUs === null ? null : sourceStartUs + offsetUs,
      clipId: segment.clipId!,
      assetId: segment.assetId!,
    };
  };
  const frames = readFixedSizeFrames(decoder.stdout, frameBytes, () => new Uint8Array(buffers.take()), label);
  const count = await processInOrder(
    frames,
    (frame, index) => pool.process(chainKey, frame.buffer as ArrayBuffer, info(index), workers),
    (buffer) => writer.write(new Uint8Array(buffer), () => buffers.give(buffer)),
    // Two per worker keeps every worker busy while one result waits to be written.
    workers * 2,
  );
  await decoder.exited;
  await writer.end();
  await converter.exited;
  if (count !== segment.frameCount) {
    throw new StudioError('FFMPEG_FAILED', `${label} gave ${count} frames instead of ${segment.frameCount}.`);
  }
}

/** Produces every segment in order; the caller ends the encoder's stdin afterwards. */
export async function runVideoSegmentTask(options: VideoSegmentTaskOptions): Promise<void> {
  for (const segment of options.plan.segments) {
    if (options.signal.aborted) throw new StudioError('CANCELLED', 'The render was cancelled.');
    if (segment.processors.length > 0) await runProcessedSegment(options, segment);
    else await runPlainSegment(options, segment);
  }
}
