// Turns SQLite constraint failures (bad reference, CHECK, duplicate id) into errors the caller can
// show, instead of raw SqliteErrors crossing the IPC boundary as INTERNAL.
import { StudioError } from '../../../shared/errors';
import { isSqliteConstraintError } from '../sqliteConnection';

export function withConstraintsAsInvalidArgument<T>(description: string, write: () => T): T {
  try {
    return write();
  } catch (error) {
    if (!isSqliteConstraintError(error)) throw error;
    throw new StudioError('INVALID_ARGUMENT', `${description}: ${(error as Error).message}.`, {
      cause: error,
    });
  }
}

export function notFound(what: string, id: string): StudioError {
  return new StudioError('NOT_FOUND', `There is no ${what} with id ${id}.`);
}
