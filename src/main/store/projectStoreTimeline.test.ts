import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { Clip, Timeline, Track } from '../../shared/model/schemas';
import { insertAsset, moveClip } from '../../shared/timeline/edits';
import { ProjectStore } from './projectStore';
import { makeTestAsset, openRawDatabase, useTemporaryFolders } from './storeTestSupport';

const temporaryFolder = useTemporaryFolders();
let store: ProjectStore;
let path: string;

beforeEach(() => {
  path = join(temporaryFolder(), 'Film.doppel');
  store = ProjectStore.create(path);
  store.assets.insert(makeTestAsset({ id: 'asset-1' }), {});
  store.assets.insert(
    makeTestAsset({ id: 'asset-2', kind: 'audio', hasVideo: false, width: null, height: null, fps: null }),
    {},
  );
});
afterEach(() => store.close());

function clip(id: string, trackId: string, startUs: number, changes: Partial<Clip> = {}): Clip {
  return { id, trackId, assetId: 'asset-1', startUs, inUs: 0, outUs: 2_000_000, linkGroup: null, ...changes };
}

/**
 * Adds triggers to the project file that log every row write to tracks and clips, so a test can
 * see exactly which statements writeTimeline ran (the store re-prepares after the schema change).
 */
function startWriteLog(): () => string[] {
  const raw = openRawDatabase(path);
  raw.exec('CREATE TABLE write_log (n INTEGER PRIMARY KEY, entry TEXT NOT NULL) STRICT');
  for (const table of ['tracks', 'clips']) {
    for (const [operation, row] of [
      ['INSERT', 'NEW'],
      ['UPDATE', 'NEW'],
      ['DELETE', 'OLD'],
    ] as const) {
      raw.exec(`CREATE TRIGGER log_${table}_${operation} AFTER ${operation} ON ${table}
        BEGIN INSERT INTO write_log (entry) VALUES ('${operation.toLowerCase()} ${table} ' || ${row}.id); END`);
    }
  }
  raw.close();
  return () => {
    const reader = openRawDatabase(path);
    const entries = reader.prepare<[], { entry: string }>('SELECT entry FROM write_log ORDER BY n').all();
    reader.close();
    return entries.map((row) => row.entry);
  };
}

describe('ProjectStore.writeTimeline', () => {
  test('writes what the pure edit functions produce and reads it back identically, also after reopening', () => {
    const start = store.getTimeline();
    const withClip = insertAsset(start, {
      asset: { id: 'asset-1', kind: 'video', durationUs: 4_000_000, hasVideo: true, hasAudio: true },
      trackId: null,
      startUs: 1_000_000,
      newIds: { clipId: 'clip-v', linkedClipId: 'clip-a', linkGroup: 'group-1' },
    });
    store.writeTimeline(withClip);
    expect(store.getTimeline()).toEqual(withClip);

    const moved = moveClip(withClip, 'clip-v', withClip.tracks[0]!.id, 3_000_000);
    store.writeTimeline(moved);
    expect(store.getTimeline()).toEqual(moved);
    store.close();
    store = ProjectStore.open(path);
    expect(store.getTimeline()).toEqual(moved);
  });

  test('applies inserts, updates and deletes of tracks and clips together, leaving unchanged rows alone', () => {
    const [videoTrack, audioTrack] = store.getTimeline().tracks as [Track, Track];
    const first: Timeline = {
      fps: { num: 25, den: 1 },
      tracks: [videoTrack, audioTrack],
      clips: [
        clip('keep', videoTrack.id, 0),
        clip('move', videoTrack.id, 2_000_000),
        clip('drop', audioTrack.id, 0),
      ],
    };
    store.writeTimeline(first);
    const writes = startWriteLog();

    const newTrack: Track = { ...videoTrack, id: 'video-2', name: 'V2', order: 1 };
    const second: Timeline = {
      fps: { num: 30, den: 1 },
      // A1 deleted (with its clip), V1 renamed, V2 added; 'move' goes to V2; 'fresh' is new.
      tracks: [{ ...videoTrack, name: 'Faces' }, newTrack],
      // Listed in the order getTimeline returns them: by track, then by start.
      clips: [
        clip('keep', videoTrack.id, 0),
        clip('fresh', 'video-2', 0, { assetId: 'asset-2' }),
        clip('move', 'video-2', 4_000_000, { inUs: 500_000, linkGroup: 'g' }),
      ],
    };
    store.writeTimeline(second);
    expect(store.getTimeline()).toEqual(second);
    // Exactly the changed rows were written, updates in place, in foreign-key-safe order;
    // 'keep' was not touched at all.
    expect(writes()).toEqual([
      'insert tracks video-2',
      `update tracks ${videoTrack.id}`,
      'delete clips drop',
      'update clips move',
      'insert clips fresh',
      `delete tracks ${audioTrack.id}`,
    ]);
    store.writeTimeline(second);
    expect(writes()).toHaveLength(6);
    expect(store.getSummary().fps).toEqual({ num: 30, den: 1 });
  });

  test('is all or nothing: a clip on an unknown asset leaves the stored timeline unchanged', () => {
    const before = store.getTimeline();
    const videoTrack = before.tracks[0]!;
    const bad: Timeline = {
      ...before,
      tracks: [...before.tracks, { ...videoTrack, id: 'video-2', order: 2 }],
      clips: [
        clip('ok', videoTrack.id, 0),
        clip('ghost', videoTrack.id, 5_000_000, { assetId: 'no-such-asset' }),
      ],
    };
    expect(() => store.writeTimeline(bad)).toThrow(
      expect.objectContaining({
        code: 'INVALID_ARGUMENT',
        message: expect.stringContaining('no-such-asset'),
      }),
    );
    expect(store.getTimeline()).toEqual(before);
  });

  test('refuses malformed timelines with INVALID_ARGUMENT', () => {
    const base = store.getTimeline();
    const trackId = base.tracks[0]!.id;
    const cases: Timeline[] = [
      { ...base, clips: [clip('c', 'no-such-track', 0)] },
      { ...base, clips: [clip('c', trackId, 0), clip('c', trackId, 5_000_000)] },
      { ...base, tracks: [...base.tracks, base.tracks[0]!] },
      { ...base, clips: [clip('c', trackId, -1)] },
      { ...base, clips: [clip('c', trackId, 0, { inUs: 1.5 })] },
    ];
    for (const timeline of cases) {
      expect(() => store.writeTimeline(timeline)).toThrow(
        expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
      );
    }
    expect(store.getTimeline()).toEqual(base);
  });

  test('transaction() rolls back everything when the function throws, and nests', () => {
    const before = store.getTimeline();
    expect(() =>
      store.transaction(() => {
        store.writeTimeline({ ...before, clips: [clip('c', before.tracks[0]!.id, 0)] });
        store.transaction(() => store.assets.setStatus('asset-1', 'missing'));
        throw new Error('changed my mind');
      }),
    ).toThrow('changed my mind');
    expect(store.getTimeline()).toEqual(before);
    expect(store.assets.get('asset-1')!.status).toBe('ok');
    expect(() => store.transaction((async () => 1) as unknown as () => number)).toThrow(/synchronous/);
  });
});
