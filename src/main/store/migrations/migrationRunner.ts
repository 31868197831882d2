// Numbered migrations tracked in PRAGMA user_version (Signal-Desktop style). A migration never
// changes once released: new schema work is a new numbered file with its own test.
import { StudioError } from '../../../shared/errors';
import { readUserVersion, type SqliteDatabase } from '../sqliteConnection';

export interface Migration {
  /** 1, 2, 3, ...: the user_version the file has after this migration ran. */
  readonly version: number;
  readonly name: string;
  up(db: SqliteDatabase): void;
}

function assertMigrationsAreNumberedInOrder(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new StudioError(
        'INTERNAL',
        `Migration "${migration.name}" has version ${migration.version}; expected ${index + 1}.`,
      );
    }
  });
}

/**
 * Brings the database from its current user_version to `targetVersion` in ONE transaction: either
 * every step lands (with the new user_version) or the file is left exactly as it was.
 * Called inside an outer transaction it becomes a savepoint of that transaction.
 */
export function migrateDatabase(
  db: SqliteDatabase,
  migrations: readonly Migration[],
  targetVersion: number = migrations.length,
): void {
  assertMigrationsAreNumberedInOrder(migrations);
  if (targetVersion > migrations.length) {
    throw new StudioError('INTERNAL', `There is no migration to schema ${targetVersion}.`);
  }
  const startVersion = readUserVersion(db);
  if (startVersion > targetVersion) {
    throw new StudioError('INTERNAL', `Cannot migrate schema ${startVersion} down to ${targetVersion}.`);
  }
  if (startVersion === targetVersion) return;

  // Later migrations may rebuild tables (the 12-step ALTER recipe on sqlite.org), which needs
  // foreign key enforcement off; the pragma is a no-op inside a transaction, so set it before.
  const switchForeignKeysOff = !db.inTransaction && Number(db.pragma('foreign_keys', { simple: true })) === 1;
  if (switchForeignKeysOff) db.pragma('foreign_keys = OFF');
  try {
    db.transaction(() => {
      for (const migration of migrations) {
        if (migration.version <= startVersion || migration.version > targetVersion) continue;
        migration.up(db);
        db.pragma(`user_version = ${migration.version}`);
      }
      // With enforcement off, check by hand that the new schema holds every reference.
      const violations = db.pragma('foreign_key_check') as unknown[];
      if (violations.length > 0) {
        throw new StudioError(
          'PROJECT_CORRUPT',
          `Migrating to schema ${targetVersion} left ${violations.length} broken reference(s).`,
        );
      }
    }).immediate();
  } finally {
    if (switchForeignKeysOff) db.pragma('foreign_keys = ON');
  }
}
