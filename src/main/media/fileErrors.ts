// Turns Node's fs errors (ENOENT, EACCES, ENOSPC …) into StudioErrors that name the file, so the
// media bin can tell the user "clip.mp4 no longer exists" instead of "ENOENT: stat".
import { stat } from 'node:fs/promises';
import { StudioError } from '../../shared/errors';

export function errnoCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

export function isAbortError(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    ((error as { name?: unknown }).name === 'AbortError' || errnoCode(error) === 'ABORT_ERR')
  );
}

export function cancelledError(what: string): StudioError {
  return new StudioError('CANCELLED', `${what} was cancelled.`);
}

/** Throws CANCELLED before starting a step when the user already cancelled. */
export function throwIfAborted(signal: AbortSignal | undefined, what: string): void {
  if (signal?.aborted) throw cancelledError(what);
}

/**
 * Maps an error from an fs call on `path` to a StudioError. StudioErrors pass through untouched so
 * a helper can wrap a whole step without re-labelling errors that were already clear.
 */
export function fileSystemError(error: unknown, path: string): StudioError {
  if (error instanceof StudioError) return error;
  if (isAbortError(error)) return cancelledError(`Reading "${path}"`);
  const code = errnoCode(error);
  const detail = error instanceof Error ? error.message : String(error);
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return new StudioError('FILE_NOT_FOUND', `"${path}" no longer exists (moved, renamed or deleted?).`, {
        cause: error,
      });
    case 'EACCES':
    case 'EPERM':
      return new StudioError('PERMISSION_DENIED', `"${path}" cannot be read: permission denied.`, {
        cause: error,
      });
    case 'ENOSPC':
    case 'EDQUOT':
      return new StudioError('DISK_FULL', `The disk is full while writing "${path}".`, { cause: error });
    case 'EISDIR':
      return new StudioError('INVALID_ARGUMENT', `"${path}" is a folder, not a media file.`, {
        cause: error,
      });
    default:
      return new StudioError('INTERNAL', `"${path}": ${detail}`, { cause: error });
  }
}

/**
 * Checks that `path` is a non-empty regular file before any tool looks at it, so the user gets
 * "no longer exists" or "is empty" instead of an ffprobe message. Returns the size in bytes.
 */
export async function statMediaFile(path: string): Promise<number> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    throw fileSystemError(error, path);
  }
  if (info.isDirectory())
    throw new StudioError('INVALID_ARGUMENT', `"${path}" is a folder, not a media file.`);
  if (!info.isFile()) throw new StudioError('UNSUPPORTED_FORMAT', `"${path}" is not a regular file.`);
  if (info.size === 0) {
    throw new StudioError(
      'FILE_EMPTY',
      `"${path}" is empty (0 bytes); it may still be downloading or copying.`,
    );
  }
  return info.size;
}
