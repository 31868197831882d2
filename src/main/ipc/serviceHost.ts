// The ONE validated binding between the contract and the service implementations. Electron IPC
// (src/main/electron/ipcBridge.ts) and the browser-mode WebSocket host (src/main/serve/) both call
// `invoke` and `subscribe`; neither validates on its own.
import type { z } from 'zod';
import { eventListenerName, type ServiceSpec } from '../../shared/contracts/defineService';
import {
  studioContract,
  type StudioImplementations,
  type ServiceName,
} from '../../shared/contracts/studioContract';
import { DisposableStore, type Disposable } from '../../shared/disposable';
import { StudioError, serializeError, type SerializedError } from '../../shared/errors';

export type InvokeResult = { ok: true; value: unknown } | { ok: false; error: SerializedError };

export type EventSink = (service: string, event: string, payload: unknown) => void;

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'argument'}: ${issue.message}`)
    .join('; ');
}

export class ServiceHost implements Disposable {
  private readonly subscriptions = new DisposableStore();

  constructor(private readonly implementations: StudioImplementations) {}

  /** Validates the argument, runs the method, validates the result. Never throws. */
  async invoke(service: string, method: string, rawArg: unknown): Promise<InvokeResult> {
    try {
      const spec = (studioContract as Record<string, ServiceSpec>)[service];
      const methodSpec = spec && Object.hasOwn(spec.methods, method) ? spec.methods[method] : undefined;
      if (!spec || !methodSpec) throw new StudioError('NOT_FOUND', `Unknown method ${service}.${method}.`);
      const parsed = methodSpec.input.safeParse(rawArg ?? {});
      if (!parsed.success) {
        throw new StudioError('INVALID_ARGUMENT', `${service}.${method}: ${describeIssues(parsed.error)}`);
      }
      const implementation = this.implementations[service as ServiceName] as unknown as Record<
        string,
        (arg: unknown) => Promise<unknown>
      >;
      const result = await implementation[method]!(parsed.data);
      const checked = methodSpec.output.safeParse(result);
      if (!checked.success) {
        // A broken promise of ours, not the caller's fault: report it loudly.
        throw new StudioError(
          'INTERNAL',
          `${service}.${method} returned an invalid result: ${describeIssues(checked.error)}`,
        );
      }
      return { ok: true, value: checked.data };
    } catch (error) {
      return { ok: false, error: serializeError(error) };
    }
  }

  /** Forwards every event of every service to `sink` until the returned disposable is disposed. */
  subscribe(sink: EventSink): Disposable {
    const store = new DisposableStore();
    for (const [serviceName, spec] of Object.entries(studioContract) as [ServiceName, ServiceSpec][]) {
      const implementation = this.implementations[serviceName] as unknown as Record<
        string,
        (listener: (payload: unknown) => void) => Disposable
      >;
      for (const event of Object.keys(spec.events)) {
        const listen = implementation[eventListenerName(event)];
        if (!listen) continue;
        store.add(listen((payload) => sink(serviceName, event, payload)));
      }
    }
    return this.subscriptions.add(store);
  }

  dispose(): void {
    this.subscriptions.dispose();
  }
}
