// Serves the built renderer (out/renderer). Paths are resolved inside the root and refused when
// they would leave it.
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';

const staticTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

export const BROWSER_BRIDGE_FILE = 'browser-bridge.js';

/** Absolute path of a file under `root`, or null when the request escapes it or names nothing. */
export function resolveStaticPath(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const absoluteRoot = resolve(root);
  const candidate = resolve(join(absoluteRoot, decoded === '/' ? 'index.html' : decoded));
  if (candidate !== absoluteRoot && !candidate.startsWith(absoluteRoot + sep)) return null;
  if (!existsSync(candidate) || !statSync(candidate).isFile()) return null;
  return candidate;
}

/**
 * index.html with the browser bridge (which creates window.studio over the WebSocket) loaded
 * before the app's own module script. Electron never sees this: there the preload does that job.
 */
export function indexHtmlWithBridge(root: string): string {
  const html = readFileSync(join(root, 'index.html'), 'utf8');
  const tag = `<script type="module" src="/${BROWSER_BRIDGE_FILE}"></script>`;
  // Right after <head>: module scripts run in document order, so the bridge runs before the app.
  return html.replace(/<head>/i, `<head>\n    ${tag}`);
}

export function sendStaticFile(
  response: ServerResponse,
  path: string,
  extraHeaders: Record<string, string>,
): void {
  response.writeHead(200, {
    'Content-Type': staticTypes[extname(path)] ?? 'application/octet-stream',
    'Content-Length': statSync(path).size,
    'Cache-Control': 'no-cache',
    ...extraHeaders,
  });
  createReadStream(path).pipe(response);
}
