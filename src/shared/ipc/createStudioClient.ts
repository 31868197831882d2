// Builds the `window.studio` object from the contract, over any transport. Plain objects and
// functions only, so Electron's contextBridge can copy it into the page.
import { eventListenerName, type ServiceSpec } from '../contracts/defineService';
import { studioContract, type StudioServices } from '../contracts/studioContract';
import { toDisposable, type Disposable } from '../disposable';

export interface StudioTransport {
  /** Resolves with the method's result or rejects with a StudioError. */
  call(service: string, method: string, arg: unknown): Promise<unknown>;
  /** Subscribes to every event of every service. */
  onEvent(listener: (service: string, event: string, payload: unknown) => void): Disposable;
}

export function createStudioClient(transport: StudioTransport): StudioServices {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let subscription: Disposable | null = null;

  const subscribe = (key: string, listener: (payload: unknown) => void): Disposable => {
    subscription ??= transport.onEvent((service, event, payload) => {
      for (const registered of [...(listeners.get(`${service}.${event}`) ?? [])]) registered(payload);
    });
    let set = listeners.get(key);
    if (!set) listeners.set(key, (set = new Set()));
    set.add(listener);
    return toDisposable(() => set.delete(listener));
  };

  const client: Record<string, Record<string, unknown>> = {};
  for (const [serviceName, spec] of Object.entries(studioContract) as [string, ServiceSpec][]) {
    const service: Record<string, unknown> = {};
    for (const method of Object.keys(spec.methods)) {
      service[method] = (arg: unknown = {}) => transport.call(serviceName, method, arg);
    }
    for (const event of Object.keys(spec.events)) {
      service[eventListenerName(event)] = (listener: (payload: unknown) => void) =>
        subscribe(`${serviceName}.${event}`, listener);
    }
    client[serviceName] = service;
  }
  return client as unknown as StudioServices;
}
