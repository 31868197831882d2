// Electron preload (sandboxed, CommonJS): exposes `window.studio`, built from the contract. The page
// gets functions only, never ipcRenderer itself (DESIGN.md §1).
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { toDisposable } from '../shared/disposable';
import { withCodeSuffix } from '../shared/errors';
import { createStudioClient, type StudioTransport } from '../shared/ipc/createStudioClient';
import { mediaPath, type StudioWindowApi } from '../shared/ipc/studioWindowApi';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL, type EventMessage } from '../shared/ipc/wire';
import type { SerializedError } from '../shared/errors';

const transport: StudioTransport = {
  async call(service, method, arg) {
    const result = (await ipcRenderer.invoke(IPC_CALL_CHANNEL, { service, method, arg })) as
      { ok: true; value: unknown } | { ok: false; error: SerializedError };
    if (result.ok) return result.value;
    // contextBridge drops custom Error properties: carry the code in the message (readStudioError).
    throw withCodeSuffix(result.error);
  },
  onEvent(listener) {
    const handler = (_event: Electron.IpcRendererEvent, message: EventMessage) =>
      listener(message.service, message.event, message.payload);
    ipcRenderer.on(IPC_EVENT_CHANNEL, handler);
    return toDisposable(() => ipcRenderer.removeListener(IPC_EVENT_CHANNEL, handler));
  },
};

const api: StudioWindowApi = {
  ...createStudioClient(transport),
  platform: {
    mode: 'electron',
    mediaUrl: (assetId, resource) => `doppel-media://asset/${mediaPath(assetId, resource)}`,
    async pathsForDroppedFiles(files) {
      return files.map((file) => webUtils.getPathForFile(file as File));
    },
  },
};

contextBridge.exposeInMainWorld('studio', api);
