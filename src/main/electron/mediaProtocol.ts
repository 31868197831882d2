// doppel-media://asset/<assetId>/<resource>: the Electron twin of browser mode's /media route,
// with Range support for <video> seeking. Only ids of the open project resolve; never paths.
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { protocol } from 'electron';
import { parseRangeHeader } from '../mediaAccess/httpRange';
import { resolveMediaResource } from '../mediaAccess/resolveMediaResource';
import type { ProjectSession } from '../services/projectSession';

export const MEDIA_SCHEME = 'doppel-media';

/** Must run before app 'ready'. */
export function registerMediaScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: MEDIA_SCHEME,
      privileges: { standard: true, secure: true, stream: true, supportFetchAPI: true },
    },
  ]);
}

export function handleMediaProtocol(session: ProjectSession): void {
  protocol.handle(MEDIA_SCHEME, (request) => {
    const url = new URL(request.url);
    const parts = url.pathname.replace(/^\//, '').split('/');
    const file =
      url.host === 'asset' && parts.length === 2
        ? resolveMediaResource(session, decodeURIComponent(parts[0]!), parts[1]!)
        : null;
    if (!file) return new Response('Not found', { status: 404 });
    const range = parseRangeHeader(request.headers.get('range'), file.size);
    const headers: Record<string, string> = { 'Content-Type': file.contentType, 'Accept-Ranges': 'bytes' };
    if (range.kind === 'unsatisfiable') {
      return new Response(null, {
        status: 416,
        headers: { ...headers, 'Content-Range': `bytes */${file.size}` },
      });
    }
    if (range.kind === 'partial') {
      const body = Readable.toWeb(
        createReadStream(file.path, { start: range.start, end: range.end }),
      ) as ReadableStream;
      return new Response(body, {
        status: 206,
        headers: {
          ...headers,
          'Content-Range': `bytes ${range.start}-${range.end}/${file.size}`,
          'Content-Length': String(range.end - range.start + 1),
        },
      });
    }
    const body = Readable.toWeb(createReadStream(file.path)) as ReadableStream;
    return new Response(body, { status: 200, headers: { ...headers, 'Content-Length': String(file.size) } });
  });
}
