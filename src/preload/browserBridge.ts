// Browser mode's stand-in for the Electron preload: creates `window.studio` over a same-origin
// WebSocket to src/main/serve.ts. The page authenticated with the token cookie set when it loaded.
import { createStudioClient, type StudioTransport } from '../shared/ipc/createStudioClient';
import { mediaPath, type DroppedFile, type StudioWindowApi } from '../shared/ipc/studioWindowApi';
import { serverMessageSchema, type CallMessage } from '../shared/ipc/wire';
import { deserializeError, StudioError } from '../shared/errors';
import { toDisposable } from '../shared/disposable';

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

function createWebSocketTransport(url: string): StudioTransport {
  const pending = new Map<number, Pending>();
  const eventListeners = new Set<(service: string, event: string, payload: unknown) => void>();
  const queue: string[] = [];
  let nextId = 1;
  let socket: WebSocket;
  let retryDelay = 250;

  const connect = () => {
    socket = new WebSocket(url);
    socket.addEventListener('open', () => {
      retryDelay = 250;
      for (const message of queue.splice(0)) socket.send(message);
    });
    socket.addEventListener('message', (event) => {
      const parsed = serverMessageSchema.safeParse(JSON.parse(String(event.data)));
      if (!parsed.success) return;
      const message = parsed.data;
      if (message.type === 'event') {
        for (const listener of eventListeners) listener(message.service, message.event, message.payload);
        return;
      }
      const call = pending.get(message.id);
      if (!call) return;
      pending.delete(message.id);
      if (message.ok) call.resolve(message.value);
      else call.reject(deserializeError(message.error));
    });
    socket.addEventListener('close', () => {
      // Calls in flight cannot be answered by a new connection: fail them clearly, then reconnect.
      for (const [id, call] of pending) {
        call.reject(
          new StudioError(
            'INTERNAL',
            'The connection to the studio host was lost. Is `npm start` still running?',
          ),
        );
        pending.delete(id);
      }
      setTimeout(connect, retryDelay);
      retryDelay = Math.min(retryDelay * 2, 5000);
    });
  };
  connect();

  return {
    call(service, method, arg) {
      const id = nextId++;
      const message: CallMessage = { type: 'call', id, service, method, arg };
      const text = JSON.stringify(message);
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        if (socket.readyState === WebSocket.OPEN) socket.send(text);
        else queue.push(text);
      });
    },
    onEvent(listener) {
      eventListeners.add(listener);
      return toDisposable(() => eventListeners.delete(listener));
    },
  };
}

async function uploadDroppedFile(file: DroppedFile): Promise<string> {
  const response = await fetch(`/upload?name=${encodeURIComponent(file.name)}`, {
    method: 'PUT',
    body: file as unknown as Blob,
    credentials: 'same-origin',
  });
  const body = (await response.json()) as { path?: string; code?: string; message?: string };
  if (!response.ok || !body.path) {
    throw new StudioError(
      'INTERNAL',
      body.message ?? `Uploading ${file.name} failed (HTTP ${response.status}).`,
    );
  }
  return body.path;
}

const protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
const api: StudioWindowApi = {
  ...createStudioClient(createWebSocketTransport(`${protocol}//${location.host}/ws`)),
  platform: {
    mode: 'browser',
    mediaUrl: (assetId, resource) => `/media/${mediaPath(assetId, resource)}`,
    async pathsForDroppedFiles(files) {
      const paths: string[] = [];
      for (const file of files) paths.push(await uploadDroppedFile(file));
      return paths;
    },
  },
};
(window as unknown as { studio: StudioWindowApi }).studio = api;
