// Between the render engine and the renders table: what a render needs from the open project, what
// is stored about it (settings_json holds the request, the resolved output and, once done, the
// result), and how a stored row reads back as a RenderJob of the contract.
import { z } from 'zod';
import {
  renderPresetSchema,
  videoCodecSchema,
  type RenderJob,
  type RenderRequest,
} from '../../shared/contracts/renderContract';
import { isErrorCode, type SerializedError } from '../../shared/errors';
import { renderProvenanceSummarySchema } from '../../shared/model/provenanceSchemas';
import type { PlanAsset, PlanEffect } from '../engine/render/renderPlan';
import type { PreparedRender, RenderSource } from '../engine/render/renderJob';
import type { ProjectStore } from '../store/projectStore';
import { INTERRUPTED_RENDER_ERROR, type RenderRecord } from '../store/queries/renders';

const probeStreamsSchema = z.looseObject({
  videoStreamIndex: z.number().int().nonnegative().nullable().optional(),
  audioStreamIndex: z.number().int().nonnegative().nullable().optional(),
});

/** The timeline, its assets (with the stream indexes from their import probe) and enabled effects. */
export function renderSourceFromStore(store: ProjectStore): RenderSource {
  const summary = store.getSummary();
  const timeline = store.getTimeline();
  const assets: PlanAsset[] = store.assets.list().map((asset) => {
    const streams = probeStreamsSchema.safeParse(store.assets.getProbe(asset.id));
    return {
      id: asset.id,
      name: asset.name,
      path: asset.path,
      kind: asset.kind,
      status: asset.status,
      hasVideo: asset.hasVideo,
      hasAudio: asset.hasAudio,
      rotation: asset.rotation,
      videoStreamIndex: streams.success ? (streams.data.videoStreamIndex ?? null) : null,
      audioStreamIndex: streams.success ? (streams.data.audioStreamIndex ?? null) : null,
    };
  });
  const effects: PlanEffect[] = timeline.clips.flatMap((clip) => store.effects.listForClip(clip.id));
  return {
    projectPath: store.path,
    project: { width: summary.width, height: summary.height, fps: timeline.fps },
    timeline,
    assets,
    effects,
  };
}

const storedSettingsSchema = z.looseObject({
  preset: renderPresetSchema.optional(),
  resolved: z
    .looseObject({
      width: z.number().int().positive(),
      height: z.number().int().positive(),
      videoCodec: videoCodecSchema,
    })
    .optional(),
  plan: z
    .looseObject({
      totalFrames: z.number().int().nonnegative(),
      durationUs: z.number().int().nonnegative(),
    })
    .optional(),
});

export function storedRenderSettings(request: RenderRequest, prepared: PreparedRender): unknown {
  const { settings, plan } = prepared;
  return {
    preset: request.preset,
    codec: request.codec,
    range: request.range,
    visibleLabel: request.visibleLabel === true,
    resolved: {
      width: settings.width,
      height: settings.height,
      fps: settings.fps,
      videoCodec: settings.videoCodec,
      crf: settings.crf,
      speed: settings.speed,
      container: settings.container,
    },
    plan: {
      startUs: plan.startUs,
      endUs: plan.endUs,
      durationUs: plan.durationUs,
      totalFrames: plan.totalFrames,
      segments: plan.segments.length,
      processedSegments: plan.segments.filter((segment) => segment.processors.length > 0).length,
    },
  };
}

/** The error column holds "CODE: message" so the code survives a restart. */
export function storedRenderError(error: SerializedError): string {
  return `${error.code}: ${error.message}`;
}

function readStoredError(text: string | null): RenderJob['error'] {
  if (text === null) return null;
  if (text === INTERRUPTED_RENDER_ERROR) {
    return { code: 'INTERNAL', message: 'Interrupted: the studio stopped while this render was running.' };
  }
  const match = /^([A-Z_]+): ([\s\S]*)$/.exec(text);
  if (match && isErrorCode(match[1])) return { code: match[1], message: match[2]! };
  return { code: 'INTERNAL', message: text };
}

export function renderJobFromRecord(record: RenderRecord): RenderJob {
  const parsed = storedSettingsSchema.safeParse(record.settings);
  const settings = parsed.success ? parsed.data : {};
  return {
    id: record.id,
    status: record.status,
    outputPath: record.outputPath,
    progress: record.progress,
    error: readStoredError(record.error),
    preset: settings.preset ?? null,
    videoCodec: settings.resolved?.videoCodec ?? null,
    width: settings.resolved?.width ?? null,
    height: settings.resolved?.height ?? null,
    totalFrames: settings.plan?.totalFrames ?? null,
    durationUs: settings.plan?.durationUs ?? null,
    createdAt: record.createdAt,
    startedAt: record.startedAt,
    finishedAt: record.finishedAt,
    provenance: readStoredProvenance(record.manifest),
  };
}

/** The manifest column holds the provenance summary of a finished render (null before, or if unreadable). */
function readStoredProvenance(manifest: unknown): RenderJob['provenance'] {
  const parsed = renderProvenanceSummarySchema.safeParse(manifest);
  return parsed.success ? parsed.data : null;
}
