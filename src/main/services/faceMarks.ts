// Which faces of an asset are marked as the source or the target of face effects. A source is a
// face identity (identities table) whose identity_sources row points at the asset and the track
// (`faces-v1/track/<id>`, with the track's time span): the consent rules work on identities, so a
// source is covered by them like any other identity. Targets are a per-asset list of track ids
// kept in the project file.
import { randomUUID } from 'node:crypto';
import type { FaceRole } from '../../shared/contracts/facesContract';
import type { Asset } from '../../shared/model/schemas';
import type { AnalysedTrack, FaceAnalysis } from '../engine/face/faceAnalysisResult';
import type { ProjectStore } from '../store/projectStore';

export interface FaceMark {
  role: FaceRole;
  identityId: string | null;
}

const TRACK_REFERENCE = /^faces-v1\/track\/(\d+)$/;

export function faceTrackReference(trackId: number): string {
  return `faces-v1/track/${trackId}`;
}

interface SourceRow {
  identityId: string;
  sourceId: string;
  trackId: number;
}

function faceSourcesOf(store: ProjectStore, assetId: string): SourceRow[] {
  const rows: SourceRow[] = [];
  for (const identity of store.identities.list()) {
    if (identity.kind !== 'face') continue;
    for (const source of store.identities.listSources(identity.id)) {
      const match = source.assetId === assetId ? TRACK_REFERENCE.exec(source.faceTrackRef ?? '') : null;
      if (match?.[1] !== undefined)
        rows.push({ identityId: identity.id, sourceId: source.id, trackId: Number(match[1]) });
    }
  }
  return rows;
}

/** The marks of every face track of an asset, by track id. */
export function readFaceMarks(store: ProjectStore, assetId: string): Map<number, FaceMark> {
  const marks = new Map<number, FaceMark>();
  for (const trackId of store.readFaceTargets()[assetId] ?? [])
    marks.set(trackId, { role: 'target', identityId: null });
  for (const source of faceSourcesOf(store, assetId)) {
    marks.set(source.trackId, { role: 'source', identityId: source.identityId });
  }
  return marks;
}

/** The track's span in the asset's own time: null for a photo (the whole asset). */
function trackSpan(
  analysis: FaceAnalysis,
  track: AnalysedTrack,
): { startUs: number | null; endUs: number | null } {
  if (analysis.kind === 'image' || analysis.fps === null) return { startUs: null, endUs: null };
  const frameUs = (index: number): number =>
    Math.round((index * analysis.fps!.den * 1_000_000) / analysis.fps!.num);
  return { startUs: frameUs(track.firstFrame), endUs: frameUs(track.lastFrame + 1) };
}

/** Sets (or with null clears) the mark of one track, in one transaction; true when identities changed. */
export function applyFaceMark(
  store: ProjectStore,
  asset: Asset,
  analysis: FaceAnalysis,
  track: AnalysedTrack,
  role: FaceRole | null,
): boolean {
  return store.transaction(() => {
    let identitiesChanged = false;
    // Clear whatever the track was before.
    for (const source of faceSourcesOf(store, asset.id).filter((row) => row.trackId === track.id)) {
      store.identities.removeSource(source.sourceId);
      identitiesChanged = true;
      const identity = store.identities.get(source.identityId);
      // An identity that still has other sources, or a consent record, is the user's: keep it.
      if (identity && identity.consentId === null && store.identities.listSources(identity.id).length === 0) {
        store.identities.remove(identity.id);
      }
    }
    const targets = { ...store.readFaceTargets() };
    const remaining = (targets[asset.id] ?? []).filter((trackId) => trackId !== track.id);
    if (remaining.length > 0) targets[asset.id] = remaining;
    else delete targets[asset.id];

    if (role === 'target') targets[asset.id] = [...remaining, track.id].sort((a, b) => a - b);
    store.writeFaceTargets(targets);

    if (role === 'source') {
      const identityId = randomUUID();
      store.identities.insert({
        id: identityId,
        kind: 'face',
        name: analysis.tracks.length > 1 ? `${asset.name} — face ${track.id + 1}` : asset.name,
        createdAt: new Date().toISOString(),
        consentId: null,
      });
      store.identities.addSource({
        id: randomUUID(),
        identityId,
        assetId: asset.id,
        ...trackSpan(analysis, track),
        faceTrackRef: faceTrackReference(track.id),
      });
      identitiesChanged = true;
    }
    return identitiesChanged;
  });
}
