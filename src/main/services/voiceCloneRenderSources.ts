// Before a render of the open project, every enabled Voice clone effect is completed with its
// converted sound (VoiceCloneParams.resolved): each audio clip it covers (the clip itself, or the
// audio clips linked to the video clip it sits on) has its source span converted towards the voice
// identity into the project cache (voiceCloneCache.ts: a re-render reuses the file), and the render
// plan mixes that file in place of the clip's sound (voiceCloneAudioRouting.ts). Consent has been
// checked by the render preflight already (renderSafeguards.ts reads the effect's identity); it is
// checked again here because the preview path comes here without a preflight.
import { readFile } from 'node:fs/promises';
import { StudioError } from '../../shared/errors';
import type { Asset, Clip, Timeline } from '../../shared/model/schemas';
import { VOICE_CLONE_EFFECT_KIND, type ResolvedVoiceCloneClip } from '../../shared/model/voiceCloneParams';
import type { PlanEffect } from '../engine/render/renderPlan';
import type { RenderSource } from '../engine/render/renderJob';
import {
  convertedVoiceCloneSpan,
  type VoiceCloneConversion,
  type VoiceCloneRvcFiles,
} from '../engine/voice/voiceCloneCache';
import {
  CONTENTVEC_MODEL_ID,
  parseVoiceCloneParams,
  RMVPE_MODEL_ID,
  type VoiceCloneParams,
} from '../engine/voice/voiceCloneEffect';
import { ModelStore } from '../engine/models/modelStore';
import type { SpeechProfile } from '../engine/voice/speechProfile';
import type { ProjectStore } from '../store/projectStore';
import { requireConsentedVoiceIdentity } from './voiceConsent';
import { voiceAnalysisFor } from './voiceIdentityRecords';

export interface VoiceCloneSourceOptions {
  signal?: AbortSignal;
  /** The rvc engine's files installed in the model store (installedVoiceCloneRvcFiles); none: rvc is refused. */
  findRvcFiles?: (voiceModelId: string) => Promise<VoiceCloneRvcFiles>;
  /** Told about every span converted or reused (tests, progress). */
  onConversion?: (clipId: string, conversion: VoiceCloneConversion) => void;
}

/** The longest span the inspector's Preview converts. */
export const VOICE_CLONE_PREVIEW_US = 10_000_000;

function describe(effect: { clipId: string; id: string }): string {
  return `The voice clone on clip ${effect.clipId} (effect ${effect.id})`;
}

/** The audio clips an effect on `clipId` converts: the clip on an audio track, or a video clip's linked audio. */
export function voiceCloneAudioClips(timeline: Timeline, clipId: string, where: string): Clip[] {
  const clip = timeline.clips.find((candidate) => candidate.id === clipId);
  if (!clip) throw new StudioError('NOT_FOUND', `${where} sits on a clip that is not on the timeline.`);
  const audioTracks = new Set(
    timeline.tracks.filter((track) => track.kind === 'audio').map((track) => track.id),
  );
  if (audioTracks.has(clip.trackId)) return [clip];
  const linked =
    clip.linkGroup === null
      ? []
      : timeline.clips.filter(
          (candidate) => candidate.linkGroup === clip.linkGroup && audioTracks.has(candidate.trackId),
        );
  if (linked.length === 0) {
    throw new StudioError(
      'INVALID_ARGUMENT',
      `${where} is on a video clip without linked sound on an audio track: there is no speech to convert.`,
    );
  }
  return linked;
}

function soundAsset(store: ProjectStore, clip: Clip, where: string): Asset {
  const asset = store.assets.get(clip.assetId);
  if (!asset)
    throw new StudioError('NOT_FOUND', `${where} uses asset ${clip.assetId}, which is not in this project.`);
  if (asset.status === 'missing') {
    throw new StudioError(
      'FILE_NOT_FOUND',
      `"${asset.name}" is missing (expected at ${asset.path}); relink it first.`,
    );
  }
  if (!asset.hasAudio) {
    throw new StudioError('UNSUPPORTED_FORMAT', `${where}: "${asset.name}" has no sound to convert.`);
  }
  return asset;
}

/** The voice the effect converts towards: consent checked, analysis from the identity's cache. */
async function targetVoice(
  store: ProjectStore,
  params: VoiceCloneParams,
  where: string,
): Promise<SpeechProfile> {
  if (params.voiceIdentityId === '') {
    throw new StudioError('INVALID_ARGUMENT', `${where} has no voice: choose a voice identity for it.`);
  }
  const identity = requireConsentedVoiceIdentity(store, params.voiceIdentityId);
  const analysis = await voiceAnalysisFor(store, identity.id);
  if (analysis.profile.f0 === null) {
    throw new StudioError(
      'INVALID_ARGUMENT',
      `${where}: the voice "${identity.name}" has no pitch analysis to convert towards.`,
    );
  }
  return analysis.profile;
}

/** The rvc engine's files, or undefined for the dsp engine. */
async function rvcFilesFor(
  params: VoiceCloneParams,
  where: string,
  options: VoiceCloneSourceOptions,
): Promise<VoiceCloneRvcFiles | undefined> {
  if (params.engine !== 'rvc') return undefined;
  if (params.rvcVoiceModelId === '') {
    throw new StudioError(
      'INVALID_ARGUMENT',
      `${where} uses the rvc engine without a voice model: set rvcVoiceModelId to an RVC voice imported in the Models panel.`,
    );
  }
  if (!options.findRvcFiles) {
    throw new StudioError(
      'MODEL_NOT_INSTALLED',
      `${where} uses the rvc engine, which this studio cannot find models for.`,
    );
  }
  return options.findRvcFiles(params.rvcVoiceModelId);
}

async function convertClip(
  store: ProjectStore,
  clip: Clip,
  span: { startUs: number; endUs: number },
  target: SpeechProfile,
  where: string,
  options: VoiceCloneSourceOptions,
  rvc: VoiceCloneRvcFiles | undefined,
): Promise<ResolvedVoiceCloneClip> {
  const asset = soundAsset(store, clip, where);
  const conversion = await convertedVoiceCloneSpan({
    cacheDir: store.cacheDir,
    source: { path: asset.path, sha256: asset.sha256, name: asset.name },
    span,
    target,
    engine: rvc ? 'rvc' : 'dsp',
    ...(rvc ? { rvc } : {}),
    signal: options.signal,
  });
  options.onConversion?.(clip.id, conversion);
  return { clipId: clip.id, path: conversion.path, spanStartUs: span.startUs, spanEndUs: span.endUs };
}

async function resolveEffect(
  store: ProjectStore,
  source: RenderSource,
  effect: PlanEffect,
  options: VoiceCloneSourceOptions,
): Promise<PlanEffect> {
  const where = describe(effect);
  const params = parseVoiceCloneParams(effect.params);
  const clips = voiceCloneAudioClips(source.timeline, effect.clipId, where);
  const target = await targetVoice(store, params, where);
  const rvc = await rvcFilesFor(params, where, options);
  const resolved: ResolvedVoiceCloneClip[] = [];
  for (const clip of clips) {
    // The clip's whole source span (its trims), so every render range of it reads the same file.
    resolved.push(
      await convertClip(store, clip, { startUs: clip.inUs, endUs: clip.outUs }, target, where, options, rvc),
    );
  }
  const completed: VoiceCloneParams = { ...params, resolved: { clips: resolved } };
  return { ...effect, params: completed };
}

/** The render source with every enabled Voice clone effect resolved (others untouched). */
export async function resolveVoiceCloneEffects(
  store: ProjectStore,
  source: RenderSource,
  options: VoiceCloneSourceOptions = {},
): Promise<RenderSource> {
  if (!source.effects.some((effect) => effect.enabled && effect.kind === VOICE_CLONE_EFFECT_KIND))
    return source;
  const effects: PlanEffect[] = [];
  for (const effect of source.effects) {
    effects.push(
      effect.enabled && effect.kind === VOICE_CLONE_EFFECT_KIND
        ? await resolveEffect(store, source, effect, options)
        : effect,
    );
  }
  return { ...source, effects };
}

/**
 * The inspector's Preview: the first audio clip the effect covers, its first 10 s (or less)
 * converted, through the same cache as renders. Returns the converted file and its span.
 */
export async function previewVoiceCloneEffect(
  store: ProjectStore,
  effectId: string,
  options: VoiceCloneSourceOptions = {},
): Promise<ResolvedVoiceCloneClip> {
  const stored = store.getEditState();
  const effect = stored.effects.find((candidate) => candidate.id === effectId);
  if (!effect || effect.kind !== VOICE_CLONE_EFFECT_KIND) {
    throw new StudioError('NOT_FOUND', `There is no Voice clone effect with id ${effectId}.`);
  }
  const where = describe(effect);
  const params = parseVoiceCloneParams(effect.params);
  const [clip] = voiceCloneAudioClips(stored.timeline, effect.clipId, where);
  if (!clip) throw new StudioError('INTERNAL', `${where} covers no audio clip.`);
  const target = await targetVoice(store, params, where);
  const span = { startUs: clip.inUs, endUs: Math.min(clip.outUs, clip.inUs + VOICE_CLONE_PREVIEW_US) };
  return convertClip(store, clip, span, target, where, options, await rvcFilesFor(params, where, options));
}

/** The Preview as the voice service returns it: the converted WAV's bytes and the span it covers. */
export async function voiceClonePreviewAudio(
  store: ProjectStore,
  effectId: string,
  dataDir: string,
): Promise<{ wavBase64: string; startUs: number; durationUs: number }> {
  const preview = await previewVoiceCloneEffect(store, effectId, {
    findRvcFiles: installedVoiceCloneRvcFiles(dataDir),
  });
  const bytes = await readFile(preview.path);
  return {
    wavBase64: bytes.toString('base64'),
    startUs: preview.spanStartUs,
    durationUs: preview.spanEndUs - preview.spanStartUs,
  };
}

/**
 * The voice-rvc pack's files in the user data folder's model store: ContentVec (required), RMVPE
 * (if installed, else the DSP pitch) and the imported voice model `voiceModelId`.
 */
export function installedVoiceCloneRvcFiles(
  dataDir: string,
): (voiceModelId: string) => Promise<VoiceCloneRvcFiles> {
  const models = new ModelStore(dataDir);
  const installed = async (modelId: string) => {
    const record = await models.findModel(modelId);
    return record !== undefined && (await models.isInstalled(modelId))
      ? { path: models.pathOf(record), sha256: record.sha256 }
      : undefined;
  };
  return async (voiceModelId) => {
    const [voice, contentVec, rmvpe] = await Promise.all([
      installed(voiceModelId),
      installed(CONTENTVEC_MODEL_ID),
      installed(RMVPE_MODEL_ID),
    ]);
    const missing = [
      ...(voice ? [] : [`the RVC voice "${voiceModelId}" (import it in the Models panel)`]),
      ...(contentVec ? [] : [`${CONTENTVEC_MODEL_ID} (install the voice-rvc pack)`]),
    ];
    if (!voice || !contentVec) {
      throw new StudioError(
        'MODEL_NOT_INSTALLED',
        `The Voice clone's rvc engine needs ${missing.join(' and ')}.`,
      );
    }
    return {
      modelPath: voice.path,
      contentVecPath: contentVec.path,
      ...(rmvpe ? { rmvpePath: rmvpe.path } : {}),
      sha256s: [voice.sha256, contentVec.sha256, ...(rmvpe ? [rmvpe.sha256] : [])],
    };
  };
}
