import { join } from 'node:path';
import { expect, test } from 'vitest';
import { openRawDatabase, strictTableNames, useTemporaryFolders } from '../storeTestSupport';
import { readUserVersion } from '../sqliteConnection';
import { migrateDatabase } from './migrationRunner';
import {
  countRows,
  insertCoreRows,
  insertEffectRows,
  insertIdentityRows,
  insertRenderRows,
} from './migrationTestSupport';
import { projectMigrations } from './projectMigrations';

const temporaryFolder = useTemporaryFolders();

test('migration 5 adds an ordered STRICT edit_history that survives reopening, keeping earlier rows', () => {
  const path = join(temporaryFolder(), 'project.doppel');
  const db = openRawDatabase(path);
  migrateDatabase(db, projectMigrations, 4);
  insertCoreRows(db);
  insertEffectRows(db);
  insertIdentityRows(db);
  insertRenderRows(db);

  migrateDatabase(db, projectMigrations, 5);

  expect(readUserVersion(db)).toBe(5);
  expect(countRows(db, 'renders')).toBe(1);
  expect(countRows(db, 'clips')).toBe(2);
  expect(strictTableNames(db)).toContain('edit_history');
  const insert = db.prepare(
    "INSERT INTO edit_history (created_at, label, forward_json, inverse_json) VALUES ('2025-01-01', ?, '[]', '[]')",
  );
  insert.run('Move clip');
  insert.run('Add track');
  expect(() =>
    db.exec(
      "INSERT INTO edit_history (created_at, label, forward_json, inverse_json) VALUES ('x', 'y', '{', '[]')",
    ),
  ).toThrow(/CHECK/);
  db.close();

  const reopened = openRawDatabase(path);
  expect(reopened.prepare('SELECT id, label FROM edit_history ORDER BY id').all()).toEqual([
    { id: 1, label: 'Move clip' },
    { id: 2, label: 'Add track' },
  ]);
  reopened.close();
});
