// Where a render writes: `<output>.partial-<renderId><ext>` in the output's own folder, renamed to
// the output only when complete (same folder, so the rename is atomic: a player or a sync client
// never sees half a file under the real name). Failed, cancelled and interrupted renders leave no
// files behind; a render killed outright leaves its partial file, removed on the studio's next start.
import { accessSync, constants, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { StudioError } from '../../../shared/errors';

export function partialOutputPath(outputPath: string, renderId: string, extension: string): string {
  return `${outputPath}.partial-${renderId}${extension}`;
}

function errnoCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

/** Checks the output can be written before any work starts; returns the absolute path. */
export function checkOutputPath(
  outputPath: string,
  forbidden: readonly { path: string; what: string }[],
): string {
  const absolute = resolve(outputPath);
  const folder = dirname(absolute);
  for (const entry of forbidden) {
    if (resolve(entry.path) === absolute) {
      throw new StudioError('INVALID_ARGUMENT', `"${absolute}" is ${entry.what}: render to another file.`);
    }
  }
  let folderInfo;
  try {
    folderInfo = statSync(folder);
  } catch {
    throw new StudioError('FILE_NOT_FOUND', `The folder "${folder}" for the render does not exist.`);
  }
  if (!folderInfo.isDirectory()) throw new StudioError('INVALID_ARGUMENT', `"${folder}" is not a folder.`);
  try {
    accessSync(folder, constants.W_OK);
  } catch {
    throw new StudioError('PERMISSION_DENIED', `The folder "${folder}" cannot be written to.`);
  }
  try {
    if (statSync(absolute).isDirectory()) {
      throw new StudioError(
        'INVALID_ARGUMENT',
        `"${absolute}" is a folder; give a file name for the render.`,
      );
    }
  } catch (error) {
    if (error instanceof StudioError) throw error;
  }
  return absolute;
}

/** Gives the finished file its real name (replacing an older file of that name). */
export function commitPartialOutput(partialPath: string, outputPath: string): void {
  try {
    renameSync(partialPath, outputPath);
  } catch (error) {
    throw new StudioError(
      errnoCode(error) === 'EACCES' || errnoCode(error) === 'EPERM' ? 'PERMISSION_DENIED' : 'INTERNAL',
      `The finished render could not be named "${outputPath}": ${(error as Error).message}`,
      { cause: error },
    );
  }
}

/**
 * Removes every temporary file of render `renderId` for `outputPath`; returns the paths removed.
 * Never throws: cleaning up must not hide the error that made it necessary.
 */
export function removeRenderTemporaryFiles(outputPath: string, renderId: string): string[] {
  const folder = dirname(outputPath);
  const prefix = `${basename(outputPath)}.partial-${renderId}`;
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const path = join(folder, name);
    try {
      rmSync(path, { force: true, recursive: true });
      removed.push(path);
    } catch {
      // Left for the next sweep.
    }
  }
  return removed;
}

/** A full disk, said about the folder the user chose (that is where space must be made). */
export function diskFullError(outputPath: string, cause: unknown): StudioError {
  const folder = dirname(outputPath);
  const detail = cause instanceof Error ? cause.message : String(cause);
  const reason = /file size limit/i.test(detail) ? 'the file size limit was reached' : 'the disk is full';
  return new StudioError(
    'DISK_FULL',
    `No room for the render in "${folder}" (${reason}): the render of "${basename(outputPath)}" was stopped and its temporary file removed. Free some space or choose another folder.`,
    { cause },
  );
}
