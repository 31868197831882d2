import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { ProjectStore } from '../projectStore';
import { makeTestAsset, useTemporaryFolders } from '../storeTestSupport';

const temporaryFolder = useTemporaryFolders();
let store: ProjectStore;

beforeEach(() => {
  store = ProjectStore.create(join(temporaryFolder(), 'Film.doppel'));
  store.assets.insert(makeTestAsset({ id: 'asset-1' }), {});
  const timeline = store.getTimeline();
  store.writeTimeline({
    ...timeline,
    clips: [
      {
        id: 'clip-1',
        trackId: timeline.tracks[0]!.id,
        assetId: 'asset-1',
        startUs: 0,
        inUs: 0,
        outUs: 1,
        linkGroup: null,
      },
    ],
  });
});
afterEach(() => store.close());

describe('EffectQueries', () => {
  test('insert, list in order, update and remove; effects go with their clip', () => {
    store.effects.insert({
      id: 'e2',
      clipId: 'clip-1',
      kind: 'lipSync',
      params: { strength: 1 },
      order: 1,
      enabled: true,
    });
    store.effects.insert({
      id: 'e1',
      clipId: 'clip-1',
      kind: 'faceSwap',
      params: { identityId: 'f' },
      order: 0,
      enabled: true,
    });
    expect(store.effects.listForClip('clip-1').map((effect) => effect.id)).toEqual(['e1', 'e2']);
    expect(store.effects.update('e2', { enabled: false, params: { strength: 0.5 } })).toMatchObject({
      clipId: 'clip-1',
      enabled: false,
      params: { strength: 0.5 },
    });
    expect(store.effects.get('e2')).toMatchObject({ enabled: false, params: { strength: 0.5 } });
    store.effects.remove('e1');
    expect(() => store.effects.remove('e1')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    store.writeTimeline({ ...store.getTimeline(), clips: [] });
    expect(store.effects.get('e2')).toBeUndefined();
  });
});

describe('ConsentQueries and IdentityQueries', () => {
  test('record consent, link identities and their sources; revoking consent unlinks', () => {
    const consent = {
      id: 'consent-1',
      subject: 'Ada Lovelace',
      scope: 'face swap in "Film"',
      grantedAt: '2025-03-01T10:00:00.000Z',
      evidenceAssetId: null,
      notes: 'recorded on set',
    };
    store.consents.insert(consent);
    expect(store.consents.list()).toEqual([consent]);
    expect(store.consents.update('consent-1', { evidenceAssetId: 'asset-1' }).evidenceAssetId).toBe(
      'asset-1',
    );
    expect(() => store.consents.update('consent-1', { evidenceAssetId: 'ghost' })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );

    store.identities.insert({
      id: 'face-1',
      kind: 'face',
      name: 'Ada',
      createdAt: '2025-03-01',
      consentId: null,
    });
    store.identities.update('face-1', { consentId: 'consent-1', name: 'Ada L.' });
    expect(store.identities.get('face-1')).toMatchObject({
      name: 'Ada L.',
      consentId: 'consent-1',
      kind: 'face',
    });
    store.identities.addSource({
      id: 'src-1',
      identityId: 'face-1',
      assetId: 'asset-1',
      startUs: 1_000_000,
      endUs: 3_000_000,
      faceTrackRef: 'track-0',
    });
    expect(store.identities.listSources('face-1')).toEqual([
      {
        id: 'src-1',
        identityId: 'face-1',
        assetId: 'asset-1',
        startUs: 1_000_000,
        endUs: 3_000_000,
        faceTrackRef: 'track-0',
      },
    ]);
    expect(() =>
      store.identities.addSource({
        id: 'src-2',
        identityId: 'face-1',
        assetId: 'asset-1',
        startUs: 5,
        endUs: 1,
        faceTrackRef: null,
      }),
    ).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(store.identities.list().map((identity) => identity.id)).toEqual(['face-1']);
    store.identities.remove('face-1');
    expect(store.identities.listSources('face-1')).toEqual([]);
  });
});

describe('RenderQueries', () => {
  test('queue, progress, finish; markInterruptedAsFailed only touches running renders', () => {
    const queued = store.renders.insert({
      id: 'r1',
      settings: { codec: 'h264', crf: 20 },
      outputPath: '/out/film.mp4',
      createdAt: '2025-01-01T00:00:00.000Z',
    });
    expect(queued).toMatchObject({
      status: 'queued',
      progress: 0,
      error: null,
      manifest: null,
      startedAt: null,
    });
    expect(store.renders.get('r1')).toEqual(queued);
    store.renders.update('r1', { status: 'running', progress: 0.25, startedAt: '2025-01-01T00:00:01.000Z' });
    store.renders.insert({
      id: 'r2',
      settings: {},
      outputPath: '/out/b.mp4',
      createdAt: '2025-01-01T00:00:02.000Z',
    });
    expect(store.renders.markInterruptedAsFailed('2025-01-01T00:01:00.000Z')).toBe(1);
    expect(store.renders.get('r1')).toMatchObject({
      status: 'failed',
      error: 'interrupted',
      finishedAt: '2025-01-01T00:01:00.000Z',
      progress: 0.25,
    });
    expect(store.renders.get('r2')!.status).toBe('queued');
    const done = store.renders.update('r2', { status: 'done', progress: 1, manifest: { claim: 'c2pa' } });
    expect(store.renders.get('r2')).toEqual(done);
    expect(store.renders.list().map((render) => render.id)).toEqual(['r1', 'r2']);
    expect(() => store.renders.update('r2', { progress: 2 })).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
    expect(() => store.renders.update('nope', { progress: 1 })).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND' }),
    );
  });
});
