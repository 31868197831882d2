// Electron's transport for the one ServiceHost: invoke on a single channel, events pushed to the
// window. Only the studio's own window (its main frame) may call.
import { ipcMain, type WebContents } from 'electron';
import type { Disposable } from '../../shared/disposable';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL } from '../../shared/ipc/wire';
import type { ServiceHost } from '../ipc/serviceHost';

export function bindIpc(host: ServiceHost, contents: WebContents): Disposable {
  ipcMain.handle(IPC_CALL_CHANNEL, async (event, request: unknown) => {
    if (event.sender !== contents || event.senderFrame !== contents.mainFrame) {
      return {
        ok: false,
        error: { code: 'FORBIDDEN', message: 'Calls are accepted only from the studio window.' },
      };
    }
    const { service, method, arg } = (request ?? {}) as {
      service?: unknown;
      method?: unknown;
      arg?: unknown;
    };
    if (typeof service !== 'string' || typeof method !== 'string') {
      return { ok: false, error: { code: 'INVALID_ARGUMENT', message: 'Malformed call.' } };
    }
    return host.invoke(service, method, arg);
  });
  const subscription = host.subscribe((service, event, payload) => {
    if (!contents.isDestroyed()) contents.send(IPC_EVENT_CHANNEL, { type: 'event', service, event, payload });
  });
  return {
    dispose() {
      ipcMain.removeHandler(IPC_CALL_CHANNEL);
      subscription.dispose();
    },
  };
}
