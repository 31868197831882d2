import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { openRawDatabase, tableNames, useTemporaryFolders } from '../storeTestSupport';
import { readUserVersion } from '../sqliteConnection';
import { migrateDatabase, type Migration } from './migrationRunner';
import { LATEST_SCHEMA_VERSION, projectMigrations } from './projectMigrations';

const temporaryFolder = useTemporaryFolders();

describe('migrateDatabase', () => {
  test('runs every migration up to the latest and leaves foreign keys as they were', () => {
    const db = openRawDatabase(join(temporaryFolder(), 'project.doppel'));
    migrateDatabase(db, projectMigrations);
    expect(readUserVersion(db)).toBe(LATEST_SCHEMA_VERSION);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });

  test('rolls back every step (tables and user_version) when a later step fails', () => {
    const db = openRawDatabase(join(temporaryFolder(), 'project.doppel'));
    const failing: Migration[] = [
      ...projectMigrations.slice(0, 2),
      {
        version: 3,
        name: 'fails halfway',
        up(connection) {
          connection.exec('CREATE TABLE half_done (id TEXT) STRICT');
          throw new Error('boom');
        },
      },
    ];
    migrateDatabase(db, failing, 1);
    expect(() => migrateDatabase(db, failing)).toThrow('boom');
    expect(readUserVersion(db)).toBe(1);
    expect(tableNames(db)).not.toContain('effects');
    expect(tableNames(db)).not.toContain('half_done');
    db.close();
  });

  test('refuses migrations that are not numbered 1, 2, 3, ... and downgrades', () => {
    const db = openRawDatabase(join(temporaryFolder(), 'project.doppel'));
    const misnumbered = [projectMigrations[1]!];
    expect(() => migrateDatabase(db, misnumbered)).toThrow(/expected 1/);
    migrateDatabase(db, projectMigrations, 2);
    expect(() => migrateDatabase(db, projectMigrations, 1)).toThrow(/down/);
    db.close();
  });
});
