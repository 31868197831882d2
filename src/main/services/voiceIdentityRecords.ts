// Voice identities in the project: the identity row and its source spans live in the store
// (identities / identity_sources); the analysis of the sources is derived data, cached beside the
// project as `<cacheDir>/voice/<identityId>.json` keyed by the sources' content, so it is rebuilt
// whenever a source changes and can always be deleted.
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { VoiceAnalysis, VoiceIdentity, VoiceSource } from '../../shared/contracts/voiceContract';
import { StudioError } from '../../shared/errors';
import type { Asset } from '../../shared/model/schemas';
import { fileSpeechSource } from '../engine/voice/audioFileSources';
import { SPEECH_PROFILE_VERSION } from '../engine/voice/speechProfile';
import {
  analyseVoiceReferences,
  type ReferenceAnalysisOptions,
  type VoiceReferenceAnalysis,
} from '../engine/voice/voiceIdentityAnalysis';
import { writeFileAtomically } from '../media/assetCache';
import type { IdentityRecord } from '../store/queries/identities';
import type { ProjectStore } from '../store/projectStore';
import { voiceConsentPresent } from './voiceConsent';

interface CachedAnalysis {
  key: string;
  analysis: VoiceReferenceAnalysis;
}

/** The asset behind a source, checked: present, has sound, span inside it. */
export function requireAudioAsset(store: ProjectStore, source: VoiceSource): Asset {
  const asset = store.assets.get(source.assetId);
  if (!asset)
    throw new StudioError('NOT_FOUND', `There is no asset with id ${source.assetId} in this project.`);
  if (asset.status === 'missing') {
    throw new StudioError('FILE_NOT_FOUND', `"${asset.name}" is missing (${asset.path}); relink it first.`);
  }
  if (!asset.hasAudio)
    throw new StudioError('UNSUPPORTED_FORMAT', `"${asset.name}" has no sound to take a voice from.`);
  const { startUs, endUs } = source;
  if (startUs !== undefined && endUs !== undefined && endUs <= startUs) {
    throw new StudioError('INVALID_ARGUMENT', `The span of "${asset.name}" ends before it starts.`);
  }
  if (asset.durationUs !== null && (startUs ?? 0) >= asset.durationUs) {
    throw new StudioError('INVALID_ARGUMENT', `The span of "${asset.name}" starts after its end.`);
  }
  return asset;
}

function sourcesKey(store: ProjectStore, sources: readonly VoiceSource[]): string {
  const parts = sources.map((source) => {
    const asset = requireAudioAsset(store, source);
    return [asset.sha256, source.startUs ?? '', source.endUs ?? ''].join(':');
  });
  return createHash('sha256')
    .update(`${SPEECH_PROFILE_VERSION}|${parts.join('|')}`)
    .digest('hex');
}

export async function analyseSources(
  store: ProjectStore,
  sources: readonly VoiceSource[],
  options: ReferenceAnalysisOptions = {},
): Promise<VoiceReferenceAnalysis> {
  const references = await Promise.all(
    sources.map(async (source) => {
      const asset = requireAudioAsset(store, source);
      return fileSpeechSource(asset.path, {
        startUs: source.startUs,
        endUs: source.endUs,
        signal: options.signal,
      });
    }),
  );
  return analyseVoiceReferences(references, options);
}

function cachePath(store: ProjectStore, identityId: string): string {
  return join(store.cacheDir, 'voice', `${identityId}.json`);
}

/** The identity's analysis from the cache, or recomputed (and cached) when stale or absent. */
export async function voiceAnalysisFor(
  store: ProjectStore,
  identityId: string,
  options: ReferenceAnalysisOptions = {},
): Promise<VoiceReferenceAnalysis> {
  const sources = readVoiceSources(store, identityId);
  if (sources.length === 0) {
    throw new StudioError(
      'INVALID_ARGUMENT',
      'This voice identity has no reference speech yet; add sources first.',
    );
  }
  const key = sourcesKey(store, sources);
  const cached = await readCachedAnalysis(store, identityId);
  if (cached?.key === key) return cached.analysis;
  const analysis = await analyseSources(store, sources, options);
  await cacheVoiceAnalysis(store, identityId, analysis);
  return analysis;
}

/** Stores the analysis of the identity's current sources in the project cache. */
export async function cacheVoiceAnalysis(
  store: ProjectStore,
  identityId: string,
  analysis: VoiceReferenceAnalysis,
): Promise<void> {
  const key = sourcesKey(store, readVoiceSources(store, identityId));
  try {
    await mkdir(join(store.cacheDir, 'voice'), { recursive: true });
    await writeFileAtomically(
      cachePath(store, identityId),
      JSON.stringify({ key, analysis } satisfies CachedAnalysis),
    );
  } catch {
    // A cache that cannot be written (read-only folder) only costs a re-analysis next time.
  }
}

async function readCachedAnalysis(store: ProjectStore, identityId: string): Promise<CachedAnalysis | null> {
  try {
    const parsed = JSON.parse(
      await readFile(cachePath(store, identityId), 'utf8'),
    ) as Partial<CachedAnalysis>;
    return typeof parsed.key === 'string' && parsed.analysis ? (parsed as CachedAnalysis) : null;
  } catch {
    return null; // absent or damaged: it is a cache, it gets rebuilt
  }
}

export function readVoiceSources(store: ProjectStore, identityId: string): VoiceSource[] {
  return store.identities.listSources(identityId).map((source) => ({
    assetId: source.assetId,
    ...(source.startUs !== null ? { startUs: source.startUs } : {}),
    ...(source.endUs !== null ? { endUs: source.endUs } : {}),
  }));
}

/** Replaces the identity's sources (one transaction); spans get both ends, as the store requires. */
export function writeVoiceSources(
  store: ProjectStore,
  identityId: string,
  sources: readonly VoiceSource[],
): void {
  const rows = sources.map((source) => {
    const asset = requireAudioAsset(store, source);
    const spanned = source.startUs !== undefined || source.endUs !== undefined;
    const endUs = source.endUs ?? asset.durationUs;
    if (spanned && endUs === null) {
      throw new StudioError('INVALID_ARGUMENT', `"${asset.name}" has no known length; give the span's end.`);
    }
    return {
      assetId: asset.id,
      startUs: spanned ? (source.startUs ?? 0) : null,
      endUs: spanned ? endUs : null,
    };
  });
  store.transaction(() => {
    for (const existing of store.identities.listSources(identityId))
      store.identities.removeSource(existing.id);
    for (const row of rows) {
      store.identities.addSource({ id: randomUUID(), identityId, faceTrackRef: null, ...row });
    }
  });
}

export function analysisView(analysis: VoiceReferenceAnalysis): VoiceAnalysis {
  const { profile } = analysis;
  return {
    durationSeconds: analysis.sources.reduce((sum, source) => sum + source.durationSeconds, 0),
    voicedSeconds: profile.voicedSeconds,
    f0: profile.f0
      ? { medianHz: profile.f0.medianHz, lowHz: profile.f0.p5Hz, highHz: profile.f0.p95Hz }
      : null,
    formantsHz: profile.formantsHz
      ? { f1: profile.formantsHz.f1, f2: profile.formantsHz.f2, f3: profile.formantsHz.f3 }
      : null,
    longTermSpectrum: { bandCentresHz: profile.melBandCentresHz, levelsDb: profile.melLtasDb },
    sources: analysis.sources,
    warnings: analysis.warnings,
  };
}

/** The contract's view; the analysis is read from the cache only (null when not built yet). */
export async function voiceIdentityView(
  store: ProjectStore,
  identity: IdentityRecord,
): Promise<VoiceIdentity> {
  const sources = readVoiceSources(store, identity.id);
  let analysis: VoiceAnalysis | null = null;
  try {
    const cached = await readCachedAnalysis(store, identity.id);
    if (cached && sources.length > 0 && cached.key === sourcesKey(store, sources))
      analysis = analysisView(cached.analysis);
  } catch {
    analysis = null; // a source asset went missing: the panel shows "not analysed"
  }
  return {
    id: identity.id,
    name: identity.name,
    createdAt: identity.createdAt,
    consentId: identity.consentId,
    consentPresent: voiceConsentPresent(store, identity),
    sources,
    analysis,
  };
}
