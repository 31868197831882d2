// Files that are not (current) projects: each is refused with a clear error naming the file, and
// the file's bytes are exactly what they were before (compared by sha256).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { StudioError, type ErrorCode } from '../../shared/errors';
import { CURRENT_SCHEMA_VERSION, ProjectStore } from './projectStore';
import { openRawDatabase, sha256OfFile, useTemporaryFolders } from './storeTestSupport';

const temporaryFolder = useTemporaryFolders();

function expectRefusedUnchanged(path: string, code: ErrorCode, message: RegExp | string): StudioError {
  const before = sha256OfFile(path);
  let caught: unknown;
  try {
    ProjectStore.open(path).close();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(StudioError);
  const error = caught as StudioError;
  expect(error.code).toBe(code);
  expect(error.message).toContain(path);
  expect(error.message).toMatch(message);
  expect(sha256OfFile(path)).toBe(before);
  return error;
}

describe('ProjectStore.open refuses what is not a project', () => {
  test('a file that does not exist: PROJECT_NOT_FOUND', () => {
    const path = join(temporaryFolder(), 'Nowhere.doppel');
    expect(() => ProjectStore.open(path)).toThrow(
      expect.objectContaining({ code: 'PROJECT_NOT_FOUND', message: `${path} does not exist.` }),
    );
  });

  test('a zero-byte .doppel file: PROJECT_NOT_SQLITE (SQLite would take it as a blank database)', () => {
    const path = join(temporaryFolder(), 'Empty.doppel');
    writeFileSync(path, '');
    expectRefusedUnchanged(
      path,
      'PROJECT_NOT_SQLITE',
      /is not a Doppel Studio project: not an SQLite database/,
    );
  });

  test('a text file renamed .doppel: PROJECT_NOT_SQLITE', () => {
    const path = join(temporaryFolder(), 'Notes.doppel');
    writeFileSync(path, 'Shopping list\n- milk\n- a faster GPU\n'.repeat(20));
    const error = expectRefusedUnchanged(path, 'PROJECT_NOT_SQLITE', /not an SQLite database/);
    expect(error.message).toBe(`${path} is not a Doppel Studio project: not an SQLite database.`);
  });

  test('a folder named .doppel: PROJECT_NOT_SQLITE', () => {
    const path = join(temporaryFolder(), 'Folder.doppel');
    mkdirSync(path);
    expect(() => ProjectStore.open(path)).toThrow(expect.objectContaining({ code: 'PROJECT_NOT_SQLITE' }));
  });

  test('a real SQLite database made by another program: PROJECT_CORRUPT', () => {
    const path = join(temporaryFolder(), 'Other.doppel');
    const other = openRawDatabase(path);
    other.exec("CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('Ada')");
    other.close();
    expectRefusedUnchanged(path, 'PROJECT_CORRUPT', /SQLite database made by another program/);
  });

  test('a project from a newer studio (schema far above ours): PROJECT_TOO_NEW', () => {
    const path = join(temporaryFolder(), 'Future.doppel');
    ProjectStore.create(path).close();
    const raw = openRawDatabase(path);
    raw.pragma('user_version = 999');
    raw.close();
    const error = expectRefusedUnchanged(path, 'PROJECT_TOO_NEW', /newer Doppel Studio/);
    expect(error.message).toBe(
      `${path} was written by a newer Doppel Studio (schema 999; this version reads up to ${CURRENT_SCHEMA_VERSION}). Update the studio to open it.`,
    );
  });

  test('a project whose pages are damaged: PROJECT_CORRUPT', () => {
    const path = join(temporaryFolder(), 'Damaged.doppel');
    ProjectStore.create(path).close();
    // Keep the valid 100-byte header, scribble over the rest of the file.
    const raw = openRawDatabase(path);
    const pageSize = Number(raw.pragma('page_size', { simple: true }));
    const pageCount = Number(raw.pragma('page_count', { simple: true }));
    raw.close();
    const bytes = readFileSync(path);
    bytes.fill(0xa5, 100, pageSize * pageCount);
    writeFileSync(path, bytes);
    expectRefusedUnchanged(path, 'PROJECT_CORRUPT', /is damaged/);
  });

  test('a project that lost its settings: PROJECT_CORRUPT', () => {
    const path = join(temporaryFolder(), 'NoSettings.doppel');
    ProjectStore.create(path).close();
    const raw = openRawDatabase(path);
    raw.exec("DELETE FROM meta WHERE key IN ('fps_num', 'fps_den')");
    raw.pragma('wal_checkpoint(TRUNCATE)');
    raw.close();
    expectRefusedUnchanged(path, 'PROJECT_CORRUPT', /settings are missing fps_num, fps_den/);
  });
});
