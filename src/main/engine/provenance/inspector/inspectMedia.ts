// The inspector core: reads any media file and reports its C2PA manifest (validated against this
// installation's certificate), the studio's invisible watermark (video and sound) and the
// deepfake cues, each with a plain-language summary. Never changes the file.
import { stat } from 'node:fs/promises';
import { StudioError } from '../../../../shared/errors';
import type {
  InspectedC2pa,
  InspectionReport,
  WatermarkChannel,
} from '../../../../shared/model/provenanceSchemas';
import { probeMedia, type MediaProbe } from '../../../media/probeMedia';
import { readC2paManifest, type C2paReport } from '../c2pa/c2paReader';
import { detectAudioWatermark } from '../watermark/audioWatermarkDetector';
import { detectVideoWatermark } from '../watermark/videoWatermarkDetector';
import { watermarkIdMatchesRender } from '../watermark/watermarkPayload';
import { contentSafetyNotChecked, type ContentSafetyInspector } from './contentSafetyVerdict';
import { evaluateCues, type CueAnalyzer } from './deepfakeCues';
import { c2paSummary, watermarkSummary } from './inspectionSummaries';

export interface InspectMediaOptions {
  /** PEM certificates to trust: the installation's own (see installationTrustAnchorsPem). */
  trustAnchorsPem?: string;
  /** Face-based cue analyzers (faceCueAnalyzers.ts). */
  cueAnalyzers?: readonly CueAnalyzer[];
  /** The content safety classifier's verdict (contentSafetyVerdict.ts); "unavailable" without one. */
  contentSafety?: ContentSafetyInspector;
  maxVideoFrames?: number;
  maxAudioSeconds?: number;
  signal?: AbortSignal;
}

const text = (value: unknown, fallback: string): string => (typeof value === 'string' ? value : fallback);
const records = (value: unknown): Array<Record<string, unknown>> =>
  Array.isArray(value)
    ? value.filter((entry): entry is Record<string, unknown> => typeof entry === 'object' && entry !== null)
    : [];

/** The studio assertion comes from an arbitrary file: keep only well-formed fields. */
function renderFacts(render: unknown): NonNullable<InspectedC2pa['render']> {
  const fields = render as Record<string, unknown>;
  return {
    renderId: text(fields.renderId, 'unknown'),
    models: records(fields.models).map((model) => ({
      name: text(model.name, 'unnamed model'),
      version: typeof model.version === 'string' ? model.version : null,
      licence: text(model.licence, 'not stated'),
    })),
    consents: records(fields.consents).map((consent) => ({
      consentId: text(consent.consentId, 'unknown'),
      identityKind: text(consent.identityKind, 'unknown'),
      scope: text(consent.scope, ''),
      grantedAt: text(consent.grantedAt, ''),
    })),
    visibleLabel: fields.visibleLabel === true,
  };
}

function inspectedC2pa(report: C2paReport): InspectedC2pa {
  const manifest = report.manifest;
  const render = manifest?.doppelRender ?? null;
  return {
    present: report.present,
    valid: report.valid,
    trusted: report.trusted,
    validationState: report.validationState,
    format: report.format,
    title: manifest?.title ?? null,
    claimGenerator: manifest?.claimGenerator ?? null,
    signer: manifest ? { issuer: manifest.signer.issuer, commonName: manifest.signer.commonName } : null,
    actions: (manifest?.actions ?? []).map(({ action, digitalSourceType, description }) => ({
      action,
      digitalSourceType,
      description,
    })),
    aiGenerated: manifest?.aiGenerated ?? false,
    render: render ? renderFacts(render) : null,
    failures: report.failures,
    summary: c2paSummary(report),
  };
}

async function probeOrNull(path: string, signal: AbortSignal | undefined): Promise<MediaProbe | null> {
  try {
    return await probeMedia(path, { signal });
  } catch (error) {
    if (
      error instanceof StudioError &&
      (error.code === 'MEDIA_UNREADABLE' || error.code === 'UNSUPPORTED_FORMAT')
    )
      return null;
    throw error;
  }
}

export async function inspectMedia(
  path: string,
  options: InspectMediaOptions = {},
): Promise<InspectionReport> {
  const info = await stat(path).catch((error: unknown) => {
    throw new StudioError('FILE_NOT_FOUND', `Cannot inspect ${path}: it does not exist or cannot be read.`, {
      cause: error,
    });
  });
  if (!info.isFile()) throw new StudioError('INVALID_ARGUMENT', `Cannot inspect ${path}: it is not a file.`);
  if (info.size === 0) throw new StudioError('FILE_EMPTY', `Cannot inspect ${path}: the file is empty.`);

  const c2paReport = await readC2paManifest(path, { trustAnchorsPem: options.trustAnchorsPem });
  const probe = await probeOrNull(path, options.signal);

  let video: WatermarkChannel | null = null;
  if (probe?.hasVideo) {
    const result = await detectVideoWatermark(path, {
      probe,
      signal: options.signal,
      maxFrames: options.maxVideoFrames,
    });
    video = {
      found: result.found,
      renderId: result.renderId,
      bitAccuracy: result.bitAccuracy,
      confidence: result.confidence,
      score: result.score,
      analysed: result.framesAnalysed,
    };
  }
  let audio: WatermarkChannel | null = null;
  if (probe?.hasAudio) {
    const result = await detectAudioWatermark(path, {
      probe,
      signal: options.signal,
      maxSeconds: options.maxAudioSeconds,
    });
    audio = {
      found: result.found,
      renderId: result.renderId,
      bitAccuracy: result.bitAccuracy,
      confidence: result.confidence,
      score: result.score,
      analysed: result.secondsAnalysed,
    };
  }
  const best = video?.found ? video : audio?.found ? audio : null;
  const c2pa = inspectedC2pa(c2paReport);
  const manifestRenderId = c2pa.valid ? (c2pa.render?.renderId ?? null) : null;
  const matchesManifest =
    best?.renderId && manifestRenderId ? watermarkIdMatchesRender(best.renderId, manifestRenderId) : null;
  const cues = await evaluateCues(
    probe ? { path, probe, signal: options.signal } : null,
    options.cueAnalyzers ?? [],
  );
  const contentSafety = options.contentSafety
    ? await options.contentSafety(path, options.signal)
    : contentSafetyNotChecked('Not checked: this inspection ran without the content safety classifiers.');
  return {
    c2pa,
    watermark: {
      found: best !== null,
      renderId: best?.renderId ?? null,
      bitAccuracy: best?.bitAccuracy ?? null,
      confidence: Math.max(video?.confidence ?? 0, audio?.confidence ?? 0),
      video,
      audio,
      matchesManifest,
      summary: probe
        ? watermarkSummary(video, audio, matchesManifest)
        : 'Not looked for: ffmpeg cannot decode this file.',
    },
    cues,
    contentSafety,
  };
}
