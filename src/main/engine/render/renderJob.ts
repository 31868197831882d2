// A render job without the bookkeeping: `prepareRender` checks everything that can be checked
// before any work (settings, output folder, timeline, effects and their models) so a bad request
// fails at once; `runRender` runs the pipeline into a temporary file beside the output, lets the
// encode stage finish it (provenance), and renames it. On failure or cancel the temporary file is
// removed; a full disk is reported against the output folder.
import type { RenderRequest } from '../../../shared/contracts/renderContract';
import { StudioError } from '../../../shared/errors';
import type { Timeline } from '../../../shared/model/schemas';
import { composeEncodeStage, type EncodeStageContributor, type EncodeStageExtension } from './encodeStage';
import type { ProcessorPreCheckContext } from './frameProcessor';
import type { FrameProcessorRegistry } from './frameProcessorRegistry';
import type { FrameWorkerEntry } from './frameWorkerEntry';
import {
  checkOutputPath,
  commitPartialOutput,
  diskFullError,
  partialOutputPath,
  removeRenderTemporaryFiles,
} from './renderOutputFiles';
import { runRenderPipeline } from './renderPipeline';
import { buildRenderPlan, type PlanAsset, type PlanEffect, type RenderPlan } from './renderPlan';
import {
  resolveRenderSettings,
  type ProjectOutputFacts,
  type ResolvedRenderSettings,
} from './renderSettings';

/** The mix rate of every render (what AAC, Opus and ProRes deliverables use). */
export const RENDER_AUDIO_SAMPLE_RATE = 48_000;

export interface RenderSource {
  projectPath: string;
  project: ProjectOutputFacts;
  timeline: Timeline;
  assets: readonly PlanAsset[];
  effects: readonly PlanEffect[];
}

export interface PreparedRender {
  outputPath: string;
  settings: ResolvedRenderSettings;
  plan: RenderPlan;
}

function plannedEffects(
  plan: RenderPlan,
): { effectId: string; clipId: string; kind: string; params: unknown }[] {
  const seen = new Map<string, { effectId: string; clipId: string; kind: string; params: unknown }>();
  for (const segment of plan.segments) {
    for (const processor of segment.processors) {
      seen.set(processor.effectId, { ...processor, clipId: segment.clipId ?? '' });
    }
  }
  return [...seen.values()];
}

export async function prepareRender(
  request: RenderRequest,
  source: RenderSource,
  registry: FrameProcessorRegistry,
  isModelInstalled: ProcessorPreCheckContext['isModelInstalled'],
): Promise<PreparedRender> {
  const settings = resolveRenderSettings(request.outputPath, request.preset, request.codec, source.project);
  const outputPath = checkOutputPath(request.outputPath, [
    { path: source.projectPath, what: 'the project file' },
    ...source.assets.map((asset) => ({ path: asset.path, what: `the media file of "${asset.name}"` })),
  ]);
  const plan = buildRenderPlan({
    timeline: source.timeline,
    assets: new Map(source.assets.map((asset) => [asset.id, asset])),
    effects: source.effects,
    width: settings.width,
    height: settings.height,
    range: request.range,
    audioSampleRate: RENDER_AUDIO_SAMPLE_RATE,
  });
  await registry.preCheckEffects(plannedEffects(plan), isModelInstalled);
  // Each clip's effects must agree on a frame format: say so now, not half-way through.
  for (const segment of plan.segments) {
    if (segment.processors.length > 0) registry.chainPixelFormat(segment.processors.map((step) => step.kind));
  }
  return { outputPath, settings, plan };
}

export interface RunRenderOptions {
  renderId: string;
  prepared: PreparedRender;
  registry: FrameProcessorRegistry;
  encodeStage: readonly EncodeStageContributor[];
  signal?: AbortSignal;
  onProgress?(frame: number): void;
  workerCount?: number;
  workerEntry?: FrameWorkerEntry;
}

export interface RenderOutcome {
  frames: number;
  wallMs: number;
  usedWorkers: boolean;
  /** What the encode stage's afterEncode steps returned (the provenance manifest), or null. */
  manifest: unknown;
}

function isDiskFull(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return code === 'DISK_FULL' || code === 'ENOSPC' || code === 'EDQUOT' || code === 'EFBIG';
}

export async function runRender(options: RunRenderOptions): Promise<RenderOutcome> {
  const { prepared, renderId } = options;
  const partialPath = partialOutputPath(prepared.outputPath, renderId, prepared.settings.extension);
  try {
    const context = {
      renderId,
      plan: prepared.plan,
      settings: prepared.settings,
      outputPath: prepared.outputPath,
    };
    const extensions: EncodeStageExtension[] = [];
    for (const contribute of options.encodeStage) {
      const extension = await contribute(context);
      if (extension) extensions.push(extension);
    }
    const stage = composeEncodeStage(extensions);
    const result = await runRenderPipeline({
      plan: prepared.plan,
      settings: prepared.settings,
      outputPath: partialPath,
      registry: options.registry,
      encodeStage: stage,
      signal: options.signal,
      onProgress: options.onProgress,
      workerCount: options.workerCount,
      workerEntry: options.workerEntry,
    });
    let manifest: unknown = null;
    for (const step of stage.afterEncode) {
      if (options.signal?.aborted) throw new StudioError('CANCELLED', 'The render was cancelled.');
      const value = await step.run(partialPath);
      if (value !== undefined && value !== null) manifest = value;
    }
    if (options.signal?.aborted) throw new StudioError('CANCELLED', 'The render was cancelled.');
    commitPartialOutput(partialPath, prepared.outputPath);
    return { ...result, manifest };
  } catch (error) {
    removeRenderTemporaryFiles(prepared.outputPath, renderId);
    if (isDiskFull(error)) throw diskFullError(prepared.outputPath, error);
    throw error;
  }
}
