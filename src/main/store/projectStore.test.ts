import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { StudioError } from '../../shared/errors';
import { migrateDatabase } from './migrations/migrationRunner';
import { insertCoreRows } from './migrations/migrationTestSupport';
import { projectMigrations } from './migrations/projectMigrations';
import { CURRENT_SCHEMA_VERSION, ProjectStore, projectCacheDirFor } from './projectStore';
import { applyProjectConnectionSettings } from './sqliteConnection';
import {
  openRawDatabase,
  sha256OfFile,
  strictTableNames,
  tableNames,
  useTemporaryFolders,
} from './storeTestSupport';

const temporaryFolder = useTemporaryFolders();

function thrownBy(action: () => unknown): StudioError {
  try {
    action();
  } catch (error) {
    if (error instanceof StudioError) return error;
    throw error;
  }
  throw new Error('expected a StudioError');
}

describe('ProjectStore create / open / close', () => {
  test('round trip: defaults, default tracks, summary, and reopen sees the same project', () => {
    const path = join(temporaryFolder(), 'Film.doppel');
    const created = ProjectStore.create(path);
    expect(created.path).toBe(path);
    expect(created.schemaVersion).toBe(CURRENT_SCHEMA_VERSION);
    const summary = created.getSummary();
    expect(summary).toMatchObject({
      path,
      name: 'Film',
      schemaVersion: CURRENT_SCHEMA_VERSION,
      fps: { num: 25, den: 1 },
      width: 1920,
      height: 1080,
      assetCount: 0,
      missingAssetCount: 0,
    });
    expect(Number.isNaN(Date.parse(summary.createdAt))).toBe(false);
    const timeline = created.getTimeline();
    expect(timeline.tracks.map((track) => [track.kind, track.name, track.order])).toEqual([
      ['video', 'V1', 0],
      ['audio', 'A1', 1],
    ]);
    expect(timeline.tracks[0]!.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(timeline.tracks[0]!.id).not.toBe(timeline.tracks[1]!.id);
    created.close();
    created.close(); // idempotent
    // Checkpointed on close: no WAL left beside the project.
    expect(existsSync(`${path}-wal`)).toBe(false);

    const reopened = ProjectStore.open(path);
    expect(reopened.getSummary()).toEqual(summary);
    expect(reopened.getTimeline()).toEqual(timeline);
    reopened.dispose();
  });

  test('uses the given name, fps and size, and refuses bad options', () => {
    const folder = temporaryFolder();
    const store = ProjectStore.create(join(folder, 'a.doppel'), {
      name: 'My film',
      fps: { num: 30000, den: 1001 },
      width: 1280,
      height: 720,
    });
    expect(store.getSummary()).toMatchObject({
      name: 'My film',
      fps: { num: 30000, den: 1001 },
      width: 1280,
      height: 720,
    });
    expect(store.getTimeline().fps).toEqual({ num: 30000, den: 1001 });
    store.close();
    const error = thrownBy(() =>
      ProjectStore.create(join(folder, 'b.doppel'), { fps: { num: 29.97, den: 1 } }),
    );
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(existsSync(join(folder, 'b.doppel'))).toBe(false);
  });

  test('create refuses an existing file (PROJECT_EXISTS) and leaves it alone', () => {
    const path = join(temporaryFolder(), 'Film.doppel');
    writeFileSync(path, 'my notes');
    const before = sha256OfFile(path);
    const error = thrownBy(() => ProjectStore.create(path));
    expect(error.code).toBe('PROJECT_EXISTS');
    expect(error.message).toContain(path);
    expect(sha256OfFile(path)).toBe(before);
  });

  test('runs in WAL mode with foreign keys on, every table STRICT', () => {
    const path = join(temporaryFolder(), 'Film.doppel');
    const store = ProjectStore.create(path);
    expect(store.connectionSettings()).toEqual({ journalMode: 'wal', foreignKeys: true, synchronous: 1 });
    // Foreign keys are enforced on the store's own connection.
    expect(() =>
      store.effects.insert({
        id: 'e1',
        clipId: 'no-such-clip',
        kind: 'faceSwap',
        params: {},
        order: 0,
        enabled: true,
      }),
    ).toThrow(/FOREIGN KEY/);
    store.close();

    const raw = openRawDatabase(path);
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal'); // WAL persists in the file
    expect(strictTableNames(raw)).toEqual(tableNames(raw));
    expect(tableNames(raw)).toEqual([
      'assets',
      'clips',
      'consents',
      'edit_history',
      'effects',
      'identities',
      'identity_sources',
      'meta',
      'renders',
      'tracks',
    ]);
    raw.close();
  });

  test('the cache folder sits beside the project and is created only on demand', () => {
    const folder = temporaryFolder();
    const store = ProjectStore.create(join(folder, 'Film.doppel'));
    expect(store.cacheDir).toBe(join(folder, 'Film.doppel-cache'));
    expect(existsSync(store.cacheDir)).toBe(false);
    expect(store.ensureCacheDir()).toBe(store.cacheDir);
    expect(statSync(store.cacheDir).isDirectory()).toBe(true);
    store.close();
    expect(projectCacheDirFor('/x/Film')).toBe('/x/Film.doppel-cache');
  });

  test('a render left running by a crash is failed ("interrupted") on the next open', () => {
    const path = join(temporaryFolder(), 'Film.doppel');
    const store = ProjectStore.create(path);
    store.renders.insert({
      id: 'r-queued',
      settings: {},
      outputPath: '/out/a.mp4',
      createdAt: '2025-01-01T00:00:00Z',
    });
    store.renders.insert({
      id: 'r-running',
      settings: {},
      outputPath: '/out/b.mp4',
      createdAt: '2025-01-01T00:00:01Z',
    });
    store.renders.update('r-running', {
      status: 'running',
      progress: 0.4,
      startedAt: '2025-01-01T00:00:02Z',
    });
    store.close();

    const reopened = ProjectStore.open(path);
    expect(reopened.renders.get('r-running')).toMatchObject({
      status: 'failed',
      error: 'interrupted',
      progress: 0.4,
    });
    expect(reopened.renders.get('r-running')!.finishedAt).not.toBeNull();
    expect(reopened.renders.get('r-queued')).toMatchObject({ status: 'queued', error: null });
    reopened.close();
  });

  test('open migrates an older project forward and keeps its data', () => {
    const path = join(temporaryFolder(), 'Old.doppel');
    const raw = openRawDatabase(path);
    migrateDatabase(raw, projectMigrations, 1);
    insertCoreRows(raw);
    raw.exec(
      "INSERT INTO meta (key, value) VALUES ('created_at', '2024-05-05T00:00:00.000Z'), ('width', 1280), ('height', 720)",
    );
    applyProjectConnectionSettings(raw);
    raw.close();

    const store = ProjectStore.open(path);
    expect(store.schemaVersion).toBe(CURRENT_SCHEMA_VERSION);
    expect(store.getSummary()).toMatchObject({ name: 'Film', width: 1280, assetCount: 1 });
    expect(store.getTimeline().clips.map((clip) => clip.id)).toEqual(['clip-1', 'clip-2']);
    expect(store.renders.list()).toEqual([]);
    store.close();
  });

  test('a failing migration leaves the file byte-for-byte unchanged (PROJECT_CORRUPT)', () => {
    const path = join(temporaryFolder(), 'Old.doppel');
    const raw = openRawDatabase(path);
    migrateDatabase(raw, projectMigrations, CURRENT_SCHEMA_VERSION - 1);
    insertCoreRows(raw);
    raw.exec("INSERT INTO meta (key, value) VALUES ('created_at', 'x'), ('width', 1280), ('height', 720)");
    // Something in the file the last migration does not expect: it will fail to create its table.
    raw.exec('CREATE TABLE edit_history (id INTEGER) STRICT');
    applyProjectConnectionSettings(raw);
    raw.close();
    const before = sha256OfFile(path);

    const error = thrownBy(() => ProjectStore.open(path));
    expect(error.code).toBe('PROJECT_CORRUPT');
    expect(error.message).toContain(path);
    expect(error.message).toContain(`could not be upgraded from schema ${CURRENT_SCHEMA_VERSION - 1}`);
    expect(sha256OfFile(path)).toBe(before);
  });
});
