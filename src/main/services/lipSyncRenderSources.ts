// Before a render of the open project, every enabled Lip sync effect is completed with what its
// frame processor needs in the worker threads (LipSyncParams.resolved): the video and speech files,
// where the speech sits on the timeline, the face analysis of the video (made now if the clip was
// never analysed), and the installed Wav2Lip model for the neural engine. Along the way:
// - the effect must sit on a video clip, and its speech must be an audio clip or asset with sound;
// - speech that is a voice identity's recording is treated as that voice (voiceIdentityId is set,
//   so the render's consent check and C2PA manifest include it), and consent for the voice is
//   checked here already, before minutes of face analysis.
// The content safety gate then runs in the render preflight (renderSafeguards.ts), because the
// processor declares itself a synthesis.
import { StudioError } from '../../shared/errors';
import type { Asset, Clip } from '../../shared/model/schemas';
import { clipEnd } from '../../shared/timeline/edits';
import { faceAnalysisCachePath, readCachedFaceAnalysis } from '../engine/face/faceAnalysisCache';
import {
  LIP_SYNC_PROCESSOR_ID,
  parseLipSyncParams,
  type LipSyncParams,
  type ResolvedLipSync,
} from '../engine/lipsync/lipSyncParams';
import { WAV2LIP_MODEL_ID } from '../engine/lipsync/wav2lipModel';
import { ModelStore } from '../engine/models/modelStore';
import { ConsentLedger } from '../engine/provenance/consent/consentLedger';
import type { PlanEffect } from '../engine/render/renderPlan';
import type { RenderSource } from '../engine/render/renderJob';
import type { ProjectStore } from '../store/projectStore';

export interface LipSyncSourceOptions {
  /** Analyses an asset's faces into the project cache (the face service). */
  analyseFaces(assetId: string): Promise<unknown>;
  /** The installed Wav2Lip model file, if any (the model store). */
  findWav2LipModel(): Promise<{ path: string; sha256: string } | undefined>;
}

function streamIndex(
  store: ProjectStore,
  assetId: string,
  key: 'videoStreamIndex' | 'audioStreamIndex',
): number | null {
  const probe = store.assets.getProbe(assetId) as Record<string, unknown> | undefined;
  const value = probe?.[key];
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : null;
}

function usableAsset(store: ProjectStore, assetId: string, what: string): Asset {
  const asset = store.assets.get(assetId);
  if (!asset)
    throw new StudioError('NOT_FOUND', `${what} uses asset ${assetId}, which is not in this project.`);
  if (asset.status === 'missing') {
    throw new StudioError(
      'FILE_NOT_FOUND',
      `"${asset.name}" is missing (expected at ${asset.path}); relink it first.`,
    );
  }
  return asset;
}

/** The speech's file and timing on the timeline. */
function speechOf(
  store: ProjectStore,
  source: RenderSource,
  video: Clip,
  params: LipSyncParams,
  where: string,
) {
  const tracks = new Map(source.timeline.tracks.map((track) => [track.id, track]));
  let assetId: string;
  let timing: { startUs: number; inUs: number; endUs: number };
  if (params.audioClipId !== '') {
    const clip = source.timeline.clips.find((candidate) => candidate.id === params.audioClipId);
    if (!clip || tracks.get(clip.trackId)?.kind !== 'audio') {
      throw new StudioError(
        'NOT_FOUND',
        `${where} follows audio clip ${params.audioClipId}, which is not on an audio track of the timeline.`,
      );
    }
    assetId = clip.assetId;
    timing = { startUs: clip.startUs, inUs: clip.inUs, endUs: clipEnd(clip) };
  } else {
    assetId = params.audioAssetId;
    timing = { startUs: video.startUs, inUs: 0, endUs: clipEnd(video) };
  }
  const asset = usableAsset(store, assetId, where);
  if (!asset.hasAudio) {
    throw new StudioError('UNSUPPORTED_FORMAT', `${where} follows "${asset.name}", which has no sound.`);
  }
  return { asset, timing };
}

/** The voice identity whose reference recordings include this asset, if any. */
function voiceIdentityOf(store: ProjectStore, assetId: string): string | undefined {
  return store.identities
    .list()
    .find(
      (identity) =>
        identity.kind === 'voice' &&
        store.identities.listSources(identity.id).some((row) => row.assetId === assetId),
    )?.id;
}

async function resolveEffect(
  store: ProjectStore,
  source: RenderSource,
  effect: PlanEffect,
  options: LipSyncSourceOptions,
): Promise<PlanEffect> {
  const where = `The lip sync on clip ${effect.clipId}`;
  const params = parseLipSyncParams(effect.params);
  const video = source.timeline.clips.find((clip) => clip.id === effect.clipId);
  const videoTrack = source.timeline.tracks.find((track) => track.id === video?.trackId);
  if (!video || videoTrack?.kind !== 'video') {
    throw new StudioError(
      'INVALID_ARGUMENT',
      `${where} is not on a video clip: lip sync animates a face in a video.`,
    );
  }
  const videoAsset = usableAsset(store, video.assetId, where);
  if (videoAsset.kind !== 'video' || !videoAsset.hasVideo) {
    throw new StudioError(
      'INVALID_ARGUMENT',
      `${where}: "${videoAsset.name}" is not a video; lip sync needs moving pictures of a face.`,
    );
  }
  // No speech yet: leave it to the processor's pre-check, which says so in the user's terms.
  if (params.audioClipId === '' && params.audioAssetId === '') return effect;
  const speech = speechOf(store, source, video, params, where);
  const voiceIdentityId = params.voiceIdentityId ?? voiceIdentityOf(store, speech.asset.id);
  if (voiceIdentityId !== undefined) new ConsentLedger(store).assertConsentForRender([voiceIdentityId]);

  const analysis = await readCachedFaceAnalysis(store.cacheDir, videoAsset.sha256);
  if (analysis === undefined || analysis.kind !== 'video') await options.analyseFaces(videoAsset.id);
  const wav2lip = params.engine === 'wav2lip' ? await options.findWav2LipModel() : undefined;
  const resolved: ResolvedLipSync = {
    video: { path: videoAsset.path, streamIndex: streamIndex(store, videoAsset.id, 'videoStreamIndex') },
    facesPath: faceAnalysisCachePath(store.cacheDir, videoAsset.sha256),
    audio: {
      path: speech.asset.path,
      streamIndex: streamIndex(store, speech.asset.id, 'audioStreamIndex'),
      ...speech.timing,
    },
    ...(wav2lip ? { wav2lip } : {}),
  };
  const completed: LipSyncParams = {
    ...params,
    ...(voiceIdentityId === undefined ? {} : { voiceIdentityId }),
    resolved,
  };
  return { ...effect, params: completed };
}

/** The render source with every enabled Lip sync effect resolved (others untouched). */
export async function resolveLipSyncEffects(
  store: ProjectStore,
  source: RenderSource,
  options: LipSyncSourceOptions,
): Promise<RenderSource> {
  if (!source.effects.some((effect) => effect.enabled && effect.kind === LIP_SYNC_PROCESSOR_ID))
    return source;
  const effects: PlanEffect[] = [];
  for (const effect of source.effects) {
    effects.push(
      effect.enabled && effect.kind === LIP_SYNC_PROCESSOR_ID
        ? await resolveEffect(store, source, effect, options)
        : effect,
    );
  }
  return { ...source, effects };
}

/**
 * The studio's resolver (createStudio): faces are analysed by the face service (every frame), the
 * Wav2Lip model is the one installed in the user data folder's model store.
 */
export function lipSyncSourceResolver(
  dataDir: string,
  faces: () => { analyseAsset(input: { assetId: string; every: number }): Promise<unknown> },
): (store: ProjectStore, source: RenderSource) => Promise<RenderSource> {
  const findWav2LipModel = installedWav2LipModel(dataDir);
  return (store, source) =>
    resolveLipSyncEffects(store, source, {
      analyseFaces: (assetId) => faces().analyseAsset({ assetId, every: 1 }),
      findWav2LipModel,
    });
}

/** The Wav2Lip model installed in the user data folder's model store (pack lipsync-wav2lip), if any. */
export function installedWav2LipModel(
  dataDir: string,
): () => Promise<{ path: string; sha256: string } | undefined> {
  const models = new ModelStore(dataDir);
  return async () => {
    const record = await models.findModel(WAV2LIP_MODEL_ID);
    return record === undefined || !(await models.isInstalled(WAV2LIP_MODEL_ID))
      ? undefined
      : { path: models.pathOf(record), sha256: record.sha256 };
  };
}
