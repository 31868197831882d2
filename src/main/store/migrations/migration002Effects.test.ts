import { join } from 'node:path';
import { expect, test } from 'vitest';
import { openRawDatabase, strictTableNames, useTemporaryFolders } from '../storeTestSupport';
import { readUserVersion } from '../sqliteConnection';
import { migrateDatabase } from './migrationRunner';
import { countRows, insertCoreRows, insertEffectRows } from './migrationTestSupport';
import { projectMigrations } from './projectMigrations';

const temporaryFolder = useTemporaryFolders();

test('migration 2 adds STRICT effects tied to clips and keeps the timeline rows', () => {
  const db = openRawDatabase(join(temporaryFolder(), 'project.doppel'));
  migrateDatabase(db, projectMigrations, 1);
  insertCoreRows(db);

  migrateDatabase(db, projectMigrations, 2);

  expect(readUserVersion(db)).toBe(2);
  expect(countRows(db, 'assets')).toBe(1);
  expect(countRows(db, 'tracks')).toBe(2);
  expect(countRows(db, 'clips')).toBe(2);
  expect(strictTableNames(db)).toContain('effects');

  insertEffectRows(db);
  expect(() =>
    db.exec(
      "INSERT INTO effects (id, clip_id, kind, sort_order) VALUES ('e2', 'no-such-clip', 'lipSync', 1)",
    ),
  ).toThrow(/FOREIGN KEY/);
  expect(() => db.exec("UPDATE effects SET params_json = 'nope'")).toThrow(/CHECK/);
  expect(() => db.exec('UPDATE effects SET enabled = 2')).toThrow(/CHECK/);
  // Effects belong to their clip: removing the clip removes them.
  db.exec("DELETE FROM clips WHERE id = 'clip-1'");
  expect(countRows(db, 'effects')).toBe(0);
  db.close();
});
