// GET /media/<assetId>/<resource>: bytes of the open project's assets, with Range support so
// <video> can seek. Only ids are accepted, never paths.
import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseRangeHeader } from '../mediaAccess/httpRange';
import { resolveMediaResource } from '../mediaAccess/resolveMediaResource';
import type { ProjectSession } from '../services/projectSession';

export const MEDIA_ROUTE_PREFIX = '/media/';

export function handleMediaRequest(
  session: ProjectSession,
  request: IncomingMessage,
  response: ServerResponse,
  pathname: string,
): void {
  const parts = pathname.slice(MEDIA_ROUTE_PREFIX.length).split('/');
  const file =
    parts.length === 2 ? resolveMediaResource(session, decodeURIComponent(parts[0]!), parts[1]!) : null;
  if (!file) {
    response.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
    return;
  }
  const range = parseRangeHeader(request.headers.range, file.size);
  const common = { 'Content-Type': file.contentType, 'Accept-Ranges': 'bytes', 'Cache-Control': 'no-cache' };
  if (range.kind === 'unsatisfiable') {
    response.writeHead(416, { ...common, 'Content-Range': `bytes */${file.size}` }).end();
    return;
  }
  if (range.kind === 'partial') {
    response.writeHead(206, {
      ...common,
      'Content-Range': `bytes ${range.start}-${range.end}/${file.size}`,
      'Content-Length': range.end - range.start + 1,
    });
    if (request.method === 'HEAD') return void response.end();
    createReadStream(file.path, { start: range.start, end: range.end }).pipe(response);
    return;
  }
  response.writeHead(200, { ...common, 'Content-Length': file.size });
  if (request.method === 'HEAD') return void response.end();
  createReadStream(file.path).pipe(response);
}
