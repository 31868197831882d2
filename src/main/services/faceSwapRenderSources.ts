// Before a render of the open project, every enabled Face swap effect is completed with what its
// frame processor needs in the worker threads (FaceSwapParams.resolved): the face analysis of the
// clip's video (made now if the clip was never analysed), the source identity's picture and the
// mesh of its face there, and which face tracks of the clip to replace. Along the way:
// - the effect must sit on a video clip (or a photo on a video track);
// - the source identity must be a face identity with a source, and consent for it is checked here
//   already, before minutes of face analysis (the render preflight checks it again);
// - a source without a face, or a target choice that matches no face, is refused with the file named.
// The content safety gate then runs in the render preflight (renderSafeguards.ts), because the
// processor declares itself a synthesis.
import { StudioError } from '../../shared/errors';
import type { Asset } from '../../shared/model/schemas';
import { FACE_SWAP_EFFECT_KIND } from '../../shared/model/faceSwapParams';
import type { FaceAnalysis } from '../engine/face/faceAnalysisResult';
import { faceAnalysisCachePath, readCachedFaceAnalysis } from '../engine/face/faceAnalysisCache';
import { cosineSimilarity } from '../engine/face/faceEmbedder';
import { ConsentLedger } from '../engine/provenance/consent/consentLedger';
import {
  parseFaceSwapParams,
  type FaceSwapParams,
  type ResolvedFaceSwap,
} from '../engine/render/processors/faceSwapProcessorParams';
import type { PlanEffect } from '../engine/render/renderPlan';
import type { RenderSource } from '../engine/render/renderJob';
import type { ProjectStore } from '../store/projectStore';

export interface FaceSwapSourceOptions {
  /** The user data folder (installed model packs). */
  dataDir: string;
  /** Analyses an asset's faces into the project cache (the face service). */
  analyseFaces(assetId: string): Promise<unknown>;
}

/** Two faces whose mean identity descriptors are this close are taken to be one person (the tracker's re-identification cosine). */
export const SAME_PERSON_COSINE = 0.7;

const TRACK_REFERENCE = /^faces-v1\/track\/(\d+)$/;

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

async function analysisOf(
  store: ProjectStore,
  asset: Asset,
  options: FaceSwapSourceOptions,
): Promise<FaceAnalysis> {
  const cached = await readCachedFaceAnalysis(store.cacheDir, asset.sha256);
  if (cached !== undefined) return cached;
  await options.analyseFaces(asset.id);
  const analysed = await readCachedFaceAnalysis(store.cacheDir, asset.sha256);
  if (analysed === undefined) {
    throw new StudioError(
      'INTERNAL',
      `The face analysis of "${asset.name}" was not written to the project cache.`,
    );
  }
  return analysed;
}

function eyeDistance(landmarks: readonly number[]): number {
  // Outer eye corners (MediaPipe 33 and 263): enough to rank faces by size.
  return Math.hypot(
    landmarks[263 * 3]! - landmarks[33 * 3]!,
    landmarks[263 * 3 + 1]! - landmarks[33 * 3 + 1]!,
  );
}

/** An identity's face: the frame of its source track where the face is largest, with its mesh. */
async function identityFace(
  store: ProjectStore,
  identityId: string,
  options: FaceSwapSourceOptions,
  where: string,
): Promise<{ asset: Asset; analysis: FaceAnalysis; trackId: number; source: ResolvedFaceSwap['source'] }> {
  const identity = store.identities.get(identityId);
  if (!identity)
    throw new StudioError(
      'NOT_FOUND',
      `${where} uses face identity ${identityId}, which is not in this project.`,
    );
  if (identity.kind !== 'face') {
    throw new StudioError(
      'INVALID_ARGUMENT',
      `${where} uses "${identity.name}", a voice identity: choose a face.`,
    );
  }
  const row = store.identities.listSources(identityId)[0];
  if (!row)
    throw new StudioError('INVALID_ARGUMENT', `The face identity "${identity.name}" has no source picture.`);
  const asset = usableAsset(store, row.assetId, where);
  const analysis = await analysisOf(store, asset, options);
  const match = TRACK_REFERENCE.exec(row.faceTrackRef ?? '');
  const trackId = match?.[1] !== undefined ? Number(match[1]) : (analysis.tracks[0]?.id ?? 0);
  let best: { index: number; landmarks: number[]; size: number } | undefined;
  for (const frame of analysis.frames) {
    const face = frame.faces.find((candidate) => candidate.trackId === trackId);
    if (!face) continue;
    const size = eyeDistance(face.landmarks);
    if (best === undefined || size > best.size)
      best = { index: frame.index, landmarks: face.landmarks, size };
  }
  if (best === undefined) {
    throw new StudioError(
      'INVALID_ARGUMENT',
      `No face was found in "${asset.path}" (the source of "${identity.name}"): a face swap needs a picture with a face.`,
    );
  }
  return {
    asset,
    analysis,
    trackId,
    source: {
      path: asset.path,
      frameIndex: analysis.kind === 'image' ? null : best.index,
      landmarks: best.landmarks,
    },
  };
}

async function targetTracks(
  store: ProjectStore,
  params: FaceSwapParams,
  clipAsset: Asset,
  analysis: FaceAnalysis,
  options: FaceSwapSourceOptions,
  where: string,
): Promise<number[] | null> {
  const known = analysis.tracks.map((track) => track.id);
  switch (params.targetMode) {
    case 'all':
      return null;
    case 'marked': {
      const marked = store.readFaceTargets()[clipAsset.id] ?? [];
      if (marked.length === 0) {
        throw new StudioError(
          'INVALID_ARGUMENT',
          `${where} replaces the faces marked as targets, but no face of "${clipAsset.name}" is marked: mark one in the Faces tab.`,
        );
      }
      return marked;
    }
    case 'tracks': {
      const unknown = params.targetTrackIds.filter((id) => !known.includes(id));
      if (unknown.length > 0) {
        throw new StudioError(
          'NOT_FOUND',
          `${where} replaces face track ${unknown.join(', ')}, which "${clipAsset.name}" does not have (its tracks: ${known.join(', ') || 'none'}).`,
        );
      }
      return params.targetTrackIds;
    }
    case 'identity': {
      const reference = await identityFace(store, params.targetReference!, options, where);
      const wanted = reference.analysis.tracks.find((track) => track.id === reference.trackId)?.embedding;
      if (!wanted) {
        throw new StudioError(
          'INVALID_ARGUMENT',
          `${where}: the reference face has no identity descriptor; analyse it again.`,
        );
      }
      const matching = analysis.tracks
        .filter(
          (track) =>
            track.embedding !== null && cosineSimilarity(track.embedding, wanted) >= SAME_PERSON_COSINE,
        )
        .map((track) => track.id);
      if (matching.length === 0) {
        throw new StudioError(
          'INVALID_ARGUMENT',
          `${where}: no face in "${clipAsset.name}" looks like the reference identity.`,
        );
      }
      return matching;
    }
  }
}

async function resolveEffect(
  store: ProjectStore,
  source: RenderSource,
  effect: PlanEffect,
  options: FaceSwapSourceOptions,
): Promise<PlanEffect> {
  const where = `The face swap on clip ${effect.clipId}`;
  const params = parseFaceSwapParams(effect.params);
  // No source yet: leave it to the processor's pre-check, which says so in the user's terms.
  if (params.sourceIdentityId === undefined) return effect;
  const clip = source.timeline.clips.find((candidate) => candidate.id === effect.clipId);
  const track = source.timeline.tracks.find((candidate) => candidate.id === clip?.trackId);
  if (!clip || track?.kind !== 'video') {
    throw new StudioError(
      'INVALID_ARGUMENT',
      `${where} is not on a video clip: a face swap replaces faces in pictures.`,
    );
  }
  const clipAsset = usableAsset(store, clip.assetId, where);
  if (!clipAsset.hasVideo)
    throw new StudioError('INVALID_ARGUMENT', `${where}: "${clipAsset.name}" has no pictures.`);
  new ConsentLedger(store).assertConsentForRender([params.sourceIdentityId]);
  const sourceFace = await identityFace(store, params.sourceIdentityId, options, where);
  const analysis = await analysisOf(store, clipAsset, options);
  const resolved: ResolvedFaceSwap = {
    facesPath: faceAnalysisCachePath(store.cacheDir, clipAsset.sha256),
    source: sourceFace.source,
    targetTrackIds: await targetTracks(store, params, clipAsset, analysis, options, where),
    dataDir: options.dataDir,
  };
  return { ...effect, params: { ...params, resolved } };
}

/** The render source with every enabled Face swap effect resolved (others untouched). */
export async function resolveFaceSwapEffects(
  store: ProjectStore,
  source: RenderSource,
  options: FaceSwapSourceOptions,
): Promise<RenderSource> {
  if (!source.effects.some((effect) => effect.enabled && effect.kind === FACE_SWAP_EFFECT_KIND))
    return source;
  const effects: PlanEffect[] = [];
  for (const effect of source.effects) {
    effects.push(
      effect.enabled && effect.kind === FACE_SWAP_EFFECT_KIND
        ? await resolveEffect(store, source, effect, options)
        : effect,
    );
  }
  return { ...source, effects };
}

/** The studio's resolver (createStudio): faces are analysed by the face service, every frame. */
export function faceSwapSourceResolver(
  dataDir: string,
  faces: () => { analyseAsset(input: { assetId: string; every: number }): Promise<unknown> },
): (store: ProjectStore, source: RenderSource) => Promise<RenderSource> {
  return (store, source) =>
    resolveFaceSwapEffects(store, source, {
      dataDir,
      analyseFaces: (assetId) => faces().analyseAsset({ assetId, every: 1 }),
    });
}
