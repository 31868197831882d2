import { join } from 'node:path';
import { expect, test } from 'vitest';
import { openRawDatabase, strictTableNames, tableNames, useTemporaryFolders } from '../storeTestSupport';
import { readApplicationId, readUserVersion } from '../sqliteConnection';
import { DOPPEL_APPLICATION_ID } from './migration001CoreTables';
import { migrateDatabase } from './migrationRunner';
import { countRows, insertCoreRows } from './migrationTestSupport';
import { projectMigrations } from './projectMigrations';

const temporaryFolder = useTemporaryFolders();

test('migration 1 creates STRICT meta, assets, tracks and clips with their constraints and marks the file as ours', () => {
  const db = openRawDatabase(join(temporaryFolder(), 'project.doppel'));
  expect(readUserVersion(db)).toBe(0);

  migrateDatabase(db, projectMigrations, 1);

  expect(readUserVersion(db)).toBe(1);
  expect(readApplicationId(db)).toBe(DOPPEL_APPLICATION_ID);
  expect(tableNames(db)).toEqual(['assets', 'clips', 'meta', 'tracks']);
  expect(strictTableNames(db)).toEqual(['assets', 'clips', 'meta', 'tracks']);

  insertCoreRows(db);
  expect(countRows(db, 'clips')).toBe(2);
  // STRICT: no silent type coercion.
  expect(() => db.exec("UPDATE clips SET start_us = 'soon' WHERE id = 'clip-1'")).toThrow(
    /cannot store TEXT/,
  );
  // CHECK: a clip has a positive length; kinds and statuses are closed sets.
  expect(() => db.exec("UPDATE clips SET out_us = 0 WHERE id = 'clip-1'")).toThrow(/CHECK/);
  expect(() => db.exec("UPDATE assets SET status = 'gone'")).toThrow(/CHECK/);
  expect(() => db.exec("UPDATE assets SET probe_json = '{not json'")).toThrow(/CHECK/);
  expect(() => db.exec('UPDATE assets SET fps_den = NULL')).toThrow(/CHECK/);
  // Foreign keys: clips need a real track and asset; an asset in use cannot be deleted.
  expect(() =>
    db.exec(
      "INSERT INTO clips (id, track_id, asset_id, start_us, in_us, out_us) VALUES ('x', 'nope', 'asset-1', 0, 0, 1)",
    ),
  ).toThrow(/FOREIGN KEY/);
  expect(() => db.exec("DELETE FROM assets WHERE id = 'asset-1'")).toThrow(/FOREIGN KEY/);
  // Deleting a track takes its clips with it.
  db.exec("DELETE FROM tracks WHERE id = 'track-a1'");
  expect(countRows(db, 'clips')).toBe(1);
  db.close();
});
