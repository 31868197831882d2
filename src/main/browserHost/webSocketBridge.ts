// The browser-mode transport: JSON messages over one WebSocket per page. Every inbound message is
// validated (src/shared/ipc/wire.ts) and handed to the same ServiceHost as Electron IPC.
import type { WebSocket } from 'ws';
import { callMessageSchema, type EventMessage, type ResultMessage } from '../../shared/ipc/wire';
import type { ServiceHost } from '../ipc/serviceHost';

export function attachWebSocket(socket: WebSocket, host: ServiceHost): void {
  const send = (message: ResultMessage | EventMessage) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
  };
  const subscription = host.subscribe((service, event, payload) =>
    send({ type: 'event', service, event, payload }),
  );
  socket.on('close', () => subscription.dispose());
  socket.on('message', (data, isBinary) => {
    if (isBinary) return socket.close(1003, 'text messages only');
    let parsed: unknown;
    try {
      parsed = JSON.parse(data.toString());
    } catch {
      return socket.close(1007, 'invalid JSON');
    }
    const message = callMessageSchema.safeParse(parsed);
    if (!message.success) return socket.close(1008, 'invalid message');
    const { id, service, method, arg } = message.data;
    void host.invoke(service, method, arg).then((result) => {
      send(
        result.ok
          ? { type: 'result', id, ok: true, value: result.value }
          : { type: 'result', id, ok: false, error: result.error },
      );
    });
  });
}
