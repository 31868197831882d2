// The browser-mode host, for real: an HTTP server on 127.0.0.1, a real WebSocket client, a real
// project (SQLite) with a real imported file (ffmpeg/ffprobe).
import { request as httpRequest } from 'node:http';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStudio, type Studio } from '../services/createStudio';
import { startBrowserHost, type BrowserHost } from './browserHost';

let host: BrowserHost;
let studio: Studio;
let work: string;
let origin: string;

function rawRequest(
  path: string,
  headers: Record<string, string>,
  method = 'GET',
  body?: Buffer,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: host.port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

const cookie = () => `doppel_token=${host.token}`;

function openSocket(headers: Record<string, string>, query = ''): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://127.0.0.1:${host.port}/ws${query}`, { headers });
    socket.once('open', () => resolve(socket));
    socket.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    socket.once('error', reject);
  });
}

function call(
  socket: WebSocket,
  id: number,
  service: string,
  method: string,
  arg: unknown,
): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    const onMessage = (data: Buffer) => {
      const message = JSON.parse(data.toString()) as Record<string, unknown>;
      if (message.type === 'result' && message.id === id) {
        socket.off('message', onMessage);
        resolve(message);
      }
    };
    socket.on('message', onMessage);
    socket.send(JSON.stringify({ type: 'call', id, service, method, arg }));
  });
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'doppel-host-'));
  const rendererDir = join(work, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(
    join(rendererDir, 'index.html'),
    '<!doctype html><html><head><title>t</title></head><body></body></html>',
  );
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'export {}');
  writeFileSync(join(work, 'outside.txt'), 'secret');
  studio = createStudio({ mode: 'browser', dataDir: join(work, 'home') });
  host = await startBrowserHost({ studio, rendererDir, port: 0 });
  origin = `http://127.0.0.1:${host.port}`;
});

afterAll(async () => {
  await host.close();
  studio.dispose();
});

describe('browser host: token, Host and Origin', () => {
  it('refuses requests without the token or with a wrong one', async () => {
    expect((await rawRequest('/', {})).status).toBe(401);
    expect((await rawRequest('/?token=nope', {})).status).toBe(401);
    expect((await rawRequest('/assets/app.js', {})).status).toBe(401);
    expect((await rawRequest('/media/x/file', {})).status).toBe(401);
    expect((await rawRequest('/assets/app.js', { Cookie: 'doppel_token=wrong' })).status).toBe(401);
  });

  it('serves the page for the token, sets the cookie and injects the bridge', async () => {
    const page = await rawRequest(`/?token=${host.token}`, {});
    expect(page.status).toBe(200);
    expect(String(page.headers['set-cookie'])).toContain(`doppel_token=${host.token}`);
    expect(String(page.headers['set-cookie'])).toContain('SameSite=Strict');
    expect(page.body.toString()).toContain('/browser-bridge.js');
    expect((await rawRequest('/assets/app.js', { Cookie: cookie() })).status).toBe(200);
    expect((await rawRequest('/assets/app.js', { Authorization: `Bearer ${host.token}` })).status).toBe(200);
  });

  it('refuses another Origin and a foreign Host even with the token', async () => {
    expect(
      (await rawRequest('/assets/app.js', { Cookie: cookie(), Origin: 'https://evil.example' })).status,
    ).toBe(403);
    expect((await rawRequest('/assets/app.js', { Cookie: cookie(), Host: 'evil.example' })).status).toBe(403);
    expect((await rawRequest('/assets/app.js', { Cookie: cookie(), Origin: origin })).status).toBe(200);
  });

  it('refuses path traversal', async () => {
    for (const path of ['/../outside.txt', '/assets/..%2f..%2foutside.txt', '/%2e%2e/outside.txt']) {
      expect((await rawRequest(path, { Cookie: cookie() })).status, path).toBe(404);
    }
  });

  it('refuses WebSocket connections without the token or from another Origin', async () => {
    await expect(openSocket({ Origin: origin })).rejects.toThrow('401');
    await expect(openSocket({ Origin: 'https://evil.example', Cookie: cookie() })).rejects.toThrow('403');
    await expect(openSocket({ Cookie: cookie() })).rejects.toThrow('403');
  });

  it('answers validated calls over the WebSocket', async () => {
    const socket = await openSocket({ Origin: origin, Cookie: cookie() });
    const info = await call(socket, 1, 'app', 'getInfo', {});
    expect(info.ok).toBe(true);
    expect((info.value as { mode: string }).mode).toBe('browser');
    const bad = await call(socket, 2, 'project', 'open', { path: 42 });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    const unknown = await call(socket, 3, 'project', 'dropDatabase', {});
    expect(unknown).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const noProject = await call(socket, 4, 'media', 'list', {});
    expect(noProject).toMatchObject({ ok: true, value: [] });
    socket.close();
  });
});

describe('browser host: media and uploads of the open project', () => {
  it('serves asset bytes with Range, and nothing else', async () => {
    const wav = join(work, 'tone.wav');
    const made = spawnSync('ffmpeg', [
      '-v',
      'error',
      '-f',
      'lavfi',
      '-i',
      'sine=frequency=440:duration=0.5',
      '-y',
      wav,
    ]);
    expect(made.status).toBe(0);
    await studio.services.project.create({ path: join(work, 'Media Test.doppel') });
    const imported = await studio.services.media.import({ paths: [wav] });
    const asset = imported.imported[0]!.asset;
    const bytes = readFileSync(wav);

    const full = await rawRequest(`/media/${asset.id}/file`, { Cookie: cookie() });
    expect(full.status).toBe(200);
    expect(full.body.equals(bytes)).toBe(true);
    const part = await rawRequest(`/media/${asset.id}/file`, { Cookie: cookie(), Range: 'bytes=10-19' });
    expect(part.status).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 10-19/${bytes.length}`);
    expect(part.body.equals(bytes.subarray(10, 20))).toBe(true);
    expect(
      (await rawRequest(`/media/${asset.id}/file`, { Cookie: cookie(), Range: `bytes=${bytes.length}-` }))
        .status,
    ).toBe(416);
    expect((await rawRequest(`/media/${asset.id}/secrets`, { Cookie: cookie() })).status).toBe(404);
    expect((await rawRequest('/media/not-an-asset/file', { Cookie: cookie() })).status).toBe(404);
    expect((await rawRequest('/media/..%2F..%2Foutside.txt/file', { Cookie: cookie() })).status).toBe(404);
  });

  it('keeps uploads inside the project media folder under a plain name', async () => {
    const upload = await rawRequest(
      '/upload?name=..%2F..%2Fescape.txt',
      { Cookie: cookie() },
      'PUT',
      Buffer.from('hello'),
    );
    expect(upload.status).toBe(200);
    const { path } = JSON.parse(upload.body.toString()) as { path: string };
    expect(path).toBe(join(work, 'Media Test.doppel-media', 'escape.txt'));
    expect(readFileSync(path, 'utf8')).toBe('hello');
    expect(existsSync(join(work, 'escape.txt'))).toBe(false);
    const hidden = await rawRequest('/upload?name=.bashrc', { Cookie: cookie() }, 'PUT', Buffer.from('x'));
    expect(hidden.status).toBe(400);
  });
});
