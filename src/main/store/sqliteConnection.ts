// The one place that constructs better-sqlite3 connections, so the Electron build can point every
// connection at a binary rebuilt for Electron's ABI (DESIGN.md §6) without touching callers.
import Database from 'better-sqlite3';
import type { Database as SqliteDatabase } from 'better-sqlite3';

export type { SqliteDatabase };

let nativeBindingPath: string | undefined;

/**
 * Under Electron the composition root calls this with the path of a better_sqlite3.node rebuilt
 * for Electron; plain Node (tests, CLI, browser mode) leaves it unset and uses the default build.
 */
export function setSqliteNativeBinding(path: string | undefined): void {
  nativeBindingPath = path;
}

export function openSqliteDatabase(path: string, options: { fileMustExist: boolean }): SqliteDatabase {
  return new Database(path, {
    fileMustExist: options.fileMustExist,
    // Another process (a CLI render, a second window) may hold a write lock briefly.
    timeout: 5000,
    ...(nativeBindingPath ? { nativeBinding: nativeBindingPath } : {}),
  });
}

/** Settings every project connection uses once the file is known to be a current project. */
export function applyProjectConnectionSettings(db: SqliteDatabase): void {
  // WAL: readers (thumbnail workers, render jobs) never block the editor's writes.
  db.pragma('journal_mode = WAL');
  // NORMAL is durable against crashes in WAL mode; only a power cut can lose the last commit.
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
}

export function readUserVersion(db: SqliteDatabase): number {
  return Number(db.pragma('user_version', { simple: true }));
}

export function readApplicationId(db: SqliteDatabase): number {
  return Number(db.pragma('application_id', { simple: true }));
}

/** The code of a better-sqlite3 SqliteError (e.g. SQLITE_CONSTRAINT_FOREIGNKEY), or undefined. */
export function sqliteErrorCode(error: unknown): string | undefined {
  if (error instanceof Database.SqliteError) return error.code;
  return undefined;
}

export function isSqliteConstraintError(error: unknown): boolean {
  return sqliteErrorCode(error)?.startsWith('SQLITE_CONSTRAINT') ?? false;
}

/** Integers go in as BigInt so ANY columns store INTEGER, not REAL (better-sqlite3 binds numbers as REAL). */
export function toSqliteValue(value: string | number): string | number | bigint {
  return typeof value === 'number' && Number.isSafeInteger(value) ? BigInt(value) : value;
}
