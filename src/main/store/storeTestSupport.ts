// Helpers for the store's tests: real files in real temp folders, no mocks.
import { createHash } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { Asset } from '../../shared/model/schemas';
import { openSqliteDatabase, type SqliteDatabase } from './sqliteConnection';

/** Returns a factory of temp folders that are removed after each test. */
export function useTemporaryFolders(): () => string {
  const folders: string[] = [];
  afterEach(() => {
    for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
  });
  return () => {
    const folder = mkdtempSync(join(tmpdir(), 'doppel-store-test-'));
    // mkdtemp makes 0700; the read-only-folder test runs a child as another user that must see in.
    chmodSync(folder, 0o755);
    folders.push(folder);
    return folder;
  };
}

export function sha256OfFile(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** A raw connection with foreign keys on, as the store would run it. */
export function openRawDatabase(path: string): SqliteDatabase {
  const db = openSqliteDatabase(path, { fileMustExist: false });
  db.pragma('foreign_keys = ON');
  return db;
}

export function makeTestAsset(overrides: Partial<Asset> = {}): Asset {
  const id = overrides.id ?? 'asset-1';
  return {
    id,
    name: 'talking-head.mp4',
    path: `/media/${id}.mp4`,
    kind: 'video',
    sha256: createHash('sha256').update(id).digest('hex'),
    sizeBytes: 1_234_567,
    durationUs: 12_000_000,
    width: 1280,
    height: 720,
    fps: { num: 30000, den: 1001 },
    hasVideo: true,
    hasAudio: true,
    videoCodec: 'h264',
    audioCodec: 'aac',
    rotation: 0,
    status: 'ok',
    importedAt: '2025-01-02T03:04:05.000Z',
    thumbnailCount: 0,
    hasPeaks: false,
    ...overrides,
  };
}

export function tableNames(db: SqliteDatabase): string[] {
  return db
    .prepare<[], { name: string }>(
      "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .all()
    .map((row) => row.name);
}

/** Tables declared STRICT, from PRAGMA table_list (SQLite 3.37+). */
export function strictTableNames(db: SqliteDatabase): string[] {
  return (db.pragma('table_list') as { name: string; schema: string; strict: number }[])
    .filter((table) => table.schema === 'main' && table.strict === 1)
    .map((table) => table.name)
    .sort();
}
