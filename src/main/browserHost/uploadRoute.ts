// PUT /upload?name=<file name>: browser mode's answer to "files dropped from the OS". A browser
// never reveals a dropped file's path, so the page sends the bytes and the host keeps a copy in
// `<project>.doppel-media/` beside the project, then the page imports that path as usual.
import { randomUUID } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { basename, extname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { ProjectSession } from '../services/projectSession';

export const UPLOAD_ROUTE = '/upload';

/** A plain file name: no folders, no control characters, nothing hidden. */
export function safeUploadName(name: string | null): string | null {
  if (!name) return null;
  const plain = basename(name.replace(/\\/g, '/'))
    // eslint-disable-next-line no-control-regex -- control characters are exactly what must go
    .replace(/[\u0000-\u001f<>:"|?*]/g, '_')
    .trim();
  if (plain === '' || plain === '.' || plain === '..' || plain.startsWith('.')) return null;
  return plain.slice(0, 200);
}

/** `Film.doppel` keeps its uploaded media in `Film.doppel-media/`, as its caches in `Film.doppel-cache/`. */
export function uploadFolderFor(projectPath: string): string {
  return `${projectPath}-media`;
}

function freeName(folder: string, name: string): string {
  const extension = extname(name);
  const stem = name.slice(0, name.length - extension.length);
  let candidate = join(folder, name);
  for (let n = 2; existsSync(candidate); n += 1) candidate = join(folder, `${stem} (${n})${extension}`);
  return candidate;
}

export async function handleUpload(
  session: ProjectSession,
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
): Promise<void> {
  const reply = (status: number, body: unknown): void => {
    response.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
  };
  if (request.method !== 'PUT') return reply(405, { code: 'INVALID_ARGUMENT', message: 'Use PUT.' });
  const store = session.store;
  if (!store)
    return reply(409, { code: 'NO_PROJECT_OPEN', message: 'Open a project before importing files.' });
  const name = safeUploadName(url.searchParams.get('name'));
  if (!name) return reply(400, { code: 'INVALID_ARGUMENT', message: 'The upload needs a plain file name.' });
  const folder = uploadFolderFor(store.path);
  mkdirSync(folder, { recursive: true });
  const temporary = join(folder, `.upload-${randomUUID()}`);
  try {
    await pipeline(request, createWriteStream(temporary));
    const target = freeName(folder, name);
    renameSync(temporary, target);
    reply(200, { path: target });
  } catch (error) {
    rmSync(temporary, { force: true });
    const full = (error as NodeJS.ErrnoException).code === 'ENOSPC';
    reply(full ? 507 : 500, {
      code: full ? 'DISK_FULL' : 'INTERNAL',
      message: full
        ? `The disk is full: could not store ${name} in ${folder}.`
        : `Could not store ${name}: ${String(error)}`,
    });
  }
}
