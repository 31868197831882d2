import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { ProjectStore } from '../projectStore';
import { makeTestAsset, useTemporaryFolders } from '../storeTestSupport';

const temporaryFolder = useTemporaryFolders();
let store: ProjectStore;

beforeEach(() => {
  store = ProjectStore.create(join(temporaryFolder(), 'Film.doppel'));
});
afterEach(() => store.close());

function placeClip(clipId: string, assetId: string): void {
  const timeline = store.getTimeline();
  const trackId = timeline.tracks[0]!.id;
  const startUs = timeline.clips.length * 10_000_000;
  store.writeTimeline({
    ...timeline,
    clips: [
      ...timeline.clips,
      { id: clipId, trackId, assetId, startUs, inUs: 0, outUs: 1_000_000, linkGroup: null },
    ],
  });
}

describe('AssetQueries', () => {
  test('insert / get / list round-trip every field, in import order, with the probe kept apart', () => {
    const video = makeTestAsset({ id: 'video-1', rotation: 90 });
    const still = makeTestAsset({
      id: 'still-1',
      kind: 'image',
      durationUs: null,
      fps: null,
      hasAudio: false,
      audioCodec: null,
      videoCodec: 'png',
    });
    const probe = { format: { duration: '12.000000' }, streams: [{ codec_name: 'h264' }] };
    store.assets.insert(video, probe);
    store.assets.insert(still, null);
    expect(store.assets.get('video-1')).toEqual(video);
    expect(store.assets.list()).toEqual([video, still]);
    expect(store.assets.getProbe('video-1')).toEqual(probe);
    expect(store.assets.getProbe('still-1')).toBeNull();
    expect(store.assets.getProbe('nope')).toBeUndefined();
    expect(store.assets.get('nope')).toBeUndefined();
  });

  test('finds by sha256 and by path', () => {
    const asset = makeTestAsset({ id: 'a1', path: '/media/one.mp4' });
    store.assets.insert(asset, {});
    expect(store.assets.findBySha256(asset.sha256)).toEqual(asset);
    expect(store.assets.findByPath('/media/one.mp4')).toEqual(asset);
    expect(store.assets.findBySha256('0'.repeat(64))).toBeUndefined();
    expect(store.assets.findByPath('/media/two.mp4')).toBeUndefined();
  });

  test('updates location, status and cache info; the summary counts missing assets', () => {
    store.assets.insert(makeTestAsset({ id: 'a1' }), {});
    store.assets.insert(makeTestAsset({ id: 'a2' }), {});
    store.assets.setStatus('a1', 'missing');
    expect(store.getSummary()).toMatchObject({ assetCount: 2, missingAssetCount: 1 });
    store.assets.updateLocation('a1', '/elsewhere/a1.mp4', 'ok');
    store.assets.updateCacheInfo('a2', { thumbnailCount: 24, hasPeaks: true });
    expect(store.assets.get('a1')).toMatchObject({ path: '/elsewhere/a1.mp4', status: 'ok' });
    expect(store.assets.get('a2')).toMatchObject({ thumbnailCount: 24, hasPeaks: true });
    expect(store.getSummary()).toMatchObject({ assetCount: 2, missingAssetCount: 0 });
    expect(() => store.assets.setStatus('ghost', 'ok')).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND' }),
    );
  });

  test('refuses invalid assets and duplicate ids with INVALID_ARGUMENT', () => {
    store.assets.insert(makeTestAsset({ id: 'a1' }), {});
    expect(() => store.assets.insert(makeTestAsset({ id: 'a1' }), {})).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
    expect(() => store.assets.insert(makeTestAsset({ id: 'a2', sha256: 'short' }), {})).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
  });

  test('remove refuses while clips use the asset, naming the count; usageCount counts them', () => {
    store.assets.insert(makeTestAsset({ id: 'a1', name: 'interview.mp4' }), {});
    placeClip('c1', 'a1');
    placeClip('c2', 'a1');
    expect(store.assets.usageCount('a1')).toBe(2);
    expect(() => store.assets.remove('a1')).toThrow(
      expect.objectContaining({
        code: 'INVALID_ARGUMENT',
        message: '"interview.mp4" is used by 2 clips on the timeline; remove them first.',
      }),
    );
    store.writeTimeline({ ...store.getTimeline(), clips: [] });
    expect(store.assets.usageCount('a1')).toBe(0);
    store.assets.remove('a1');
    expect(store.assets.get('a1')).toBeUndefined();
    expect(() => store.assets.remove('a1')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  test('remove refuses an asset that is consent evidence or an identity source', () => {
    store.assets.insert(makeTestAsset({ id: 'evidence', name: 'signed-form.png', kind: 'image' }), {});
    store.assets.insert(makeTestAsset({ id: 'sample', name: 'ada.mp4' }), {});
    store.consents.insert({
      id: 'consent-1',
      subject: 'Ada',
      scope: 'this film',
      grantedAt: '2025-01-01',
      evidenceAssetId: 'evidence',
      notes: '',
    });
    store.identities.insert({
      id: 'face-1',
      kind: 'face',
      name: 'Ada',
      createdAt: '2025-01-01',
      consentId: 'consent-1',
    });
    store.identities.addSource({
      id: 's1',
      identityId: 'face-1',
      assetId: 'sample',
      startUs: null,
      endUs: null,
      faceTrackRef: null,
    });
    expect(() => store.assets.remove('evidence')).toThrow(/evidence of 1 consent record/);
    expect(() => store.assets.remove('sample')).toThrow(/source of 1 identity sample/);
  });
});
