import { join } from 'node:path';
import { expect, test } from 'vitest';
import { openRawDatabase, strictTableNames, useTemporaryFolders } from '../storeTestSupport';
import { readUserVersion } from '../sqliteConnection';
import { migrateDatabase } from './migrationRunner';
import { countRows, insertCoreRows, insertEffectRows, insertIdentityRows } from './migrationTestSupport';
import { projectMigrations } from './projectMigrations';

const temporaryFolder = useTemporaryFolders();

test('migration 3 adds consents, identities and identity sources with consent-preserving references', () => {
  const db = openRawDatabase(join(temporaryFolder(), 'project.doppel'));
  migrateDatabase(db, projectMigrations, 2);
  insertCoreRows(db);
  insertEffectRows(db);

  migrateDatabase(db, projectMigrations, 3);

  expect(readUserVersion(db)).toBe(3);
  expect(countRows(db, 'clips')).toBe(2);
  expect(countRows(db, 'effects')).toBe(1);
  expect(strictTableNames(db)).toEqual(
    expect.arrayContaining(['consents', 'identities', 'identity_sources']),
  );

  insertIdentityRows(db);
  expect(() => db.exec("UPDATE identities SET kind = 'body'")).toThrow(/CHECK/);
  // A time range is both ends or neither, and ends after it starts.
  expect(() => db.exec('UPDATE identity_sources SET end_us = NULL')).toThrow(/CHECK/);
  expect(() => db.exec('UPDATE identity_sources SET end_us = 0')).toThrow(/CHECK/);
  // Evidence and source media cannot be deleted from under the ledger.
  db.exec('DELETE FROM clips');
  expect(() => db.exec("DELETE FROM assets WHERE id = 'asset-1'")).toThrow(/FOREIGN KEY/);
  // Revoking (deleting) a consent leaves the identity without one, never dangling.
  db.exec("DELETE FROM consents WHERE id = 'consent-1'");
  expect(db.prepare("SELECT consent_id FROM identities WHERE id = 'identity-1'").get()).toEqual({
    consent_id: null,
  });
  db.exec("DELETE FROM identities WHERE id = 'identity-1'");
  expect(countRows(db, 'identity_sources')).toBe(0);
  db.close();
});
