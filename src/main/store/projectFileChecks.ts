// Checks made on a project file with plain fs reads BEFORE SQLite touches it, so a file that is not
// ours (or is too new) is refused with its bytes untouched: SQLite would happily treat an empty
// file as a blank database, and setting WAL mode rewrites the header.
import { accessSync, closeSync, constants, openSync, readSync } from 'node:fs';
import { dirname } from 'node:path';
import { StudioError } from '../../shared/errors';
import { DOPPEL_APPLICATION_ID } from './migrations/migration001CoreTables';

const SQLITE_HEADER_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');
const SQLITE_HEADER_SIZE = 100;
// Offsets in the 100-byte database header (sqlite.org/fileformat.html).
const USER_VERSION_OFFSET = 60;
const APPLICATION_ID_OFFSET = 68;

export interface SqliteFileHeader {
  userVersion: number;
  applicationId: number;
}

function errnoCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

export function notSqliteError(path: string, detail = ''): StudioError {
  return new StudioError(
    'PROJECT_NOT_SQLITE',
    `${path} is not a Doppel Studio project: not an SQLite database${detail ? ` (${detail})` : ''}.`,
  );
}

export function tooNewError(path: string, fileVersion: number, supportedVersion: number): StudioError {
  return new StudioError(
    'PROJECT_TOO_NEW',
    `${path} was written by a newer Doppel Studio (schema ${fileVersion}; this version reads up to ${supportedVersion}). Update the studio to open it.`,
  );
}

export function notOursError(path: string): StudioError {
  return new StudioError(
    'PROJECT_CORRUPT',
    `${path} is not a Doppel Studio project: it is an SQLite database made by another program.`,
  );
}

export function damagedError(path: string, detail: string, cause?: unknown): StudioError {
  return new StudioError('PROJECT_CORRUPT', `${path} is damaged: ${detail}.`, { cause });
}

export function readOnlyError(path: string, detail: string, cause?: unknown): StudioError {
  return new StudioError('PROJECT_READ_ONLY', `${path} cannot be written: ${detail}.`, { cause });
}

/** Reads the SQLite header with fs only: PROJECT_NOT_FOUND / PROJECT_NOT_SQLITE otherwise. */
export function readSqliteFileHeader(path: string): SqliteFileHeader {
  let descriptor: number;
  try {
    descriptor = openSync(path, 'r');
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') {
      throw new StudioError('PROJECT_NOT_FOUND', `${path} does not exist.`, { cause: error });
    }
    if (errnoCode(error) === 'EACCES' || errnoCode(error) === 'EPERM') {
      throw new StudioError('PERMISSION_DENIED', `${path} cannot be read: permission denied.`, {
        cause: error,
      });
    }
    throw error;
  }
  const header = Buffer.alloc(SQLITE_HEADER_SIZE);
  let bytesRead: number;
  try {
    bytesRead = readSync(descriptor, header, 0, SQLITE_HEADER_SIZE, 0);
  } catch (error) {
    if (errnoCode(error) === 'EISDIR') throw notSqliteError(path, 'it is a folder');
    throw error;
  } finally {
    closeSync(descriptor);
  }
  if (bytesRead === 0) throw notSqliteError(path, 'the file is empty');
  if (
    bytesRead < SQLITE_HEADER_SIZE ||
    !header.subarray(0, SQLITE_HEADER_MAGIC.length).equals(SQLITE_HEADER_MAGIC)
  ) {
    throw notSqliteError(path);
  }
  return {
    userVersion: header.readInt32BE(USER_VERSION_OFFSET),
    applicationId: header.readInt32BE(APPLICATION_ID_OFFSET),
  };
}

/**
 * Refuses files that are not ours or too new, from the header alone. Doppel files get their
 * application_id at creation in rollback-journal mode, so it is always in the main file's header.
 */
export function assertHeaderIsOpenableProject(
  path: string,
  header: SqliteFileHeader,
  supportedVersion: number,
): void {
  if (header.applicationId !== DOPPEL_APPLICATION_ID) throw notOursError(path);
  if (header.userVersion > supportedVersion) throw tooNewError(path, header.userVersion, supportedVersion);
}

function isWritable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** WAL needs to create `-wal` and `-shm` files beside the project, so the folder must be writable too. */
export function assertProjectFileWritable(path: string): void {
  if (!isWritable(path)) throw readOnlyError(path, 'the file is read-only');
  const folder = dirname(path);
  if (!isWritable(folder)) throw readOnlyError(path, `its folder ${folder} is read-only`);
}

export function assertFolderWritableForNewProject(path: string): void {
  const folder = dirname(path);
  if (!isWritable(folder)) {
    throw new StudioError(
      'PROJECT_READ_ONLY',
      `${path} cannot be created: the folder ${folder} is read-only.`,
    );
  }
}

/** `/x/Film.doppel` -> `/x/Film.doppel-cache`; a file without the extension still gets `.doppel-cache`. */
export function projectCacheDirFor(projectPath: string): string {
  return projectPath.endsWith('.doppel') ? `${projectPath}-cache` : `${projectPath}.doppel-cache`;
}
