// Test support: a real HTTP server on 127.0.0.1 serving model files the way a model host does
// (Content-Length, Range requests answered with 206 + Content-Range, 416 past the end, redirects),
// with faults a test can switch on per path: break the connection after N bytes, stall after N
// bytes (for timeouts and cancel), ignore Range, or answer with a status. Used by the unit tests
// and by the e2e test (as the DOPPEL_MODEL_MIRROR of a browser-mode host).
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface ServedFileFaults {
  /** Break the connection after this many body bytes, for the first `times` requests (default 1). */
  breakAfterBytes?: { bytes: number; times?: number };
  /** Send this many bytes, then nothing more until the client gives up. */
  stallAfterBytes?: number;
  /** Answer 200 with the whole file even when a Range is asked for. */
  ignoreRange?: boolean;
  /** Answer with this status and no file (e.g. 404, 503). */
  status?: number;
  /** Answer 302 to this path instead. */
  redirectTo?: string;
}

export interface ServedRequest {
  path: string;
  range: string | undefined;
  status: number;
}

export class LoopbackModelServer {
  readonly requests: ServedRequest[] = [];
  private readonly files = new Map<string, Uint8Array>();
  private readonly faults = new Map<string, ServedFileFaults>();
  private readonly breaksDone = new Map<string, number>();
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<LoopbackModelServer> {
    // The handler needs the instance, which needs the server's port: hold it in a box.
    const holder: { instance?: LoopbackModelServer } = {};
    const server = createServer((request, response) => holder.instance?.handle(request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const instance = new LoopbackModelServer(server, `http://127.0.0.1:${port}`);
    holder.instance = instance;
    server.on('connection', (socket) => {
      instance.sockets.add(socket);
      socket.on('close', () => instance.sockets.delete(socket));
    });
    return instance;
  }

  /** Serves `bytes` at `path` (e.g. "/faceswap-inswapper/inswapper_128.onnx"). */
  serve(path: string, bytes: Uint8Array, faults: ServedFileFaults = {}): void {
    this.files.set(path, bytes);
    this.setFaults(path, faults);
  }

  setFaults(path: string, faults: ServedFileFaults): void {
    this.faults.set(path, faults);
    this.breaksDone.delete(path);
  }

  requestsFor(path: string): ServedRequest[] {
    return this.requests.filter((request) => request.path === path);
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    const path = decodeURIComponent(new URL(request.url ?? '/', this.url).pathname);
    const range = request.headers.range;
    const faults = this.faults.get(path) ?? {};
    const bytes = this.files.get(path);
    const answer = (status: number) => this.requests.push({ path, range, status });
    if (faults.redirectTo !== undefined) {
      answer(302);
      response.writeHead(302, { location: faults.redirectTo }).end();
      return;
    }
    if (faults.status !== undefined || bytes === undefined) {
      const status = faults.status ?? 404;
      answer(status);
      response.writeHead(status, { 'content-type': 'text/plain' }).end(`status ${status}`);
      return;
    }
    let start = 0;
    const match = /^bytes=(\d+)-$/.exec(range ?? '');
    if (match && !faults.ignoreRange) {
      start = Number(match[1]);
      if (start >= bytes.length) {
        answer(416);
        response.writeHead(416, { 'content-range': `bytes */${bytes.length}` }).end();
        return;
      }
      answer(206);
      response.writeHead(206, {
        'content-length': bytes.length - start,
        'content-range': `bytes ${start}-${bytes.length - 1}/${bytes.length}`,
        'accept-ranges': 'bytes',
      });
    } else {
      answer(200);
      response.writeHead(200, { 'content-length': bytes.length, 'accept-ranges': 'bytes' });
    }
    const body = bytes.subarray(start);
    const breakRule = faults.breakAfterBytes;
    const breaksDone = this.breaksDone.get(path) ?? 0;
    if (breakRule !== undefined && breaksDone < (breakRule.times ?? 1)) {
      this.breaksDone.set(path, breaksDone + 1);
      response.write(body.subarray(0, breakRule.bytes), () => {
        // Give the bytes time to leave, then cut the connection mid-body.
        setTimeout(() => response.socket?.destroy(), 20);
      });
      return;
    }
    if (faults.stallAfterBytes !== undefined) {
      response.write(body.subarray(0, faults.stallAfterBytes));
      return; // never ends: the client's timeout or cancel must end it
    }
    response.end(body);
  }
}
