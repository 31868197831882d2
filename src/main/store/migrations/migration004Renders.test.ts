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

test('migration 4 adds the STRICT renders table and keeps identities and consents', () => {
  const db = openRawDatabase(join(temporaryFolder(), 'project.doppel'));
  migrateDatabase(db, projectMigrations, 3);
  insertCoreRows(db);
  insertEffectRows(db);
  insertIdentityRows(db);

  migrateDatabase(db, projectMigrations, 4);

  expect(readUserVersion(db)).toBe(4);
  expect(countRows(db, 'consents')).toBe(1);
  expect(countRows(db, 'identities')).toBe(1);
  expect(countRows(db, 'identity_sources')).toBe(1);
  expect(strictTableNames(db)).toContain('renders');

  insertRenderRows(db);
  expect(() => db.exec("UPDATE renders SET status = 'paused'")).toThrow(/CHECK/);
  expect(() => db.exec('UPDATE renders SET progress = 1.5')).toThrow(/CHECK/);
  expect(() => db.exec("UPDATE renders SET manifest_json = 'not json'")).toThrow(/CHECK/);
  db.exec(`UPDATE renders SET manifest_json = '{"claim":"c2pa"}', progress = 0.5`);
  expect(db.prepare('SELECT progress, manifest_json FROM renders').get()).toEqual({
    progress: 0.5,
    manifest_json: '{"claim":"c2pa"}',
  });
  db.close();
});
