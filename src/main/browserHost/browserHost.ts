// The browser-mode host: HTTP + WebSocket on 127.0.0.1 serving the built renderer and the same
// services as Electron. Used by `npm start` where no Electron runtime exists, by e2e tests and by
// headless GPU boxes.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { Disposable } from '../../shared/disposable';
import { ServiceHost } from '../ipc/serviceHost';
import type { Studio } from '../services/createStudio';
import { checkToken, createToken, hostAllowed, originAllowed, tokenCookie } from './auth';
import { MEDIA_ROUTE_PREFIX, handleMediaRequest } from './mediaRoute';
import { BROWSER_BRIDGE_FILE, indexHtmlWithBridge, resolveStaticPath, sendStaticFile } from './staticFiles';
import { UPLOAD_ROUTE, handleUpload } from './uploadRoute';
import { attachWebSocket } from './webSocketBridge';

export const WEBSOCKET_PATH = '/ws';

export interface BrowserHostOptions {
  studio: Studio;
  /** The built renderer (out/renderer) including browser-bridge.js. */
  rendererDir: string;
  /** 0 picks a free port. */
  port: number;
  token?: string;
}

export interface BrowserHost extends Disposable {
  readonly url: string;
  readonly port: number;
  readonly token: string;
  close(): Promise<void>;
}

/** Security headers for every answer; the CSP matches the renderer's own meta tag. */
const securityHeaders = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

function refuse(response: ServerResponse, status: number, message: string): void {
  response
    .writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...securityHeaders })
    .end(message);
}

export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const token = options.token ?? createToken();
  const serviceHost = new ServiceHost(options.studio.services);
  let port = 0;

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    for (const [name, value] of Object.entries(securityHeaders)) response.setHeader(name, value);
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (!hostAllowed(request, port)) return refuse(response, 403, 'Forbidden: unexpected Host header.');
    if (!originAllowed(request, port)) return refuse(response, 403, 'Forbidden: cross-origin request.');
    const credentials = checkToken(request, url, token);
    if (!credentials.valid) {
      return refuse(
        response,
        401,
        'Unauthorized: open the URL printed by `npm start` (it carries the access token).',
      );
    }
    const extra: Record<string, string> = credentials.fromQuery ? { 'Set-Cookie': tokenCookie(token) } : {};
    if (url.pathname.startsWith(MEDIA_ROUTE_PREFIX))
      return handleMediaRequest(options.studio.session, request, response, url.pathname);
    if (url.pathname === UPLOAD_ROUTE) return handleUpload(options.studio.session, request, response, url);
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return refuse(response, 405, 'Method not allowed.');
    if (url.pathname === '/' || url.pathname === '/index.html') {
      const html = indexHtmlWithBridge(options.rendererDir);
      response.writeHead(200, {
        'Content-Type': 'text/html; charset=utf-8',
        'Cache-Control': 'no-store',
        ...extra,
      });
      return void response.end(html);
    }
    const file = resolveStaticPath(options.rendererDir, url.pathname);
    if (!file) return refuse(response, 404, 'Not found.');
    sendStaticFile(response, file, extra);
  };

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) refuse(response, 500, `Internal error: ${String(error)}`);
      else response.destroy();
    });
  });

  const sockets = new WebSocketServer({ noServer: true, maxPayload: 16 * 1024 * 1024 });
  server.on('upgrade', (request, socket, head) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const reject = (status: string) => {
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\n\r\n`);
    };
    if (url.pathname !== WEBSOCKET_PATH) return reject('404 Not Found');
    if (!hostAllowed(request, port)) return reject('403 Forbidden');
    // Browsers always send Origin on WebSocket handshakes; a missing one is not a page of ours.
    if (request.headers.origin === undefined || !originAllowed(request, port)) return reject('403 Forbidden');
    if (!checkToken(request, url, token).valid) return reject('401 Unauthorized');
    sockets.handleUpgrade(request, socket, head, (webSocket) => attachWebSocket(webSocket, serviceHost));
  });

  await new Promise<void>((resolvePromise, rejectPromise) => {
    server.once('error', rejectPromise);
    server.listen(options.port, '127.0.0.1', () => resolvePromise());
  });
  port = (server.address() as AddressInfo).port;

  const close = async () => {
    for (const client of sockets.clients) client.terminate();
    sockets.close();
    serviceHost.dispose();
    server.closeAllConnections();
    await new Promise<void>((resolvePromise) => server.close(() => resolvePromise()));
  };
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close,
    dispose: () => void close(),
  };
}

export { BROWSER_BRIDGE_FILE };
