// A service contract is data: method names with zod schemas for the one argument object and the
// result, and event names with payload schemas. The same object drives validation on the host
// (src/main/ipc) and the generated client (src/shared/ipc/createStudioClient.ts), so the two sides
// cannot drift apart.
import type { z } from 'zod';
import type { Disposable } from '../disposable';

export interface MethodSpec {
  input: z.ZodType;
  output: z.ZodType;
}

export interface ServiceSpec {
  methods: Record<string, MethodSpec>;
  /** Event names without the `on` prefix, e.g. `didChangeAssets` becomes `onDidChangeAssets`. */
  events: Record<string, z.ZodType>;
}

export function defineService<
  const M extends Record<string, MethodSpec>,
  const E extends Record<string, z.ZodType>,
>(spec: { methods: M; events: E }): { methods: M; events: E } {
  return spec;
}

export type EventListenerName<K extends string> = `on${Capitalize<K>}`;

export function eventListenerName<K extends string>(event: K): EventListenerName<K> {
  return `on${event.charAt(0).toUpperCase()}${event.slice(1)}` as EventListenerName<K>;
}

/** What a caller sees: methods returning promises, and `onDidX(listener)` subscriptions. */
export type ServiceClient<S extends ServiceSpec> = {
  [K in keyof S['methods']]: (
    arg: z.input<S['methods'][K]['input']>,
  ) => Promise<z.output<S['methods'][K]['output']>>;
} & {
  [K in keyof S['events'] & string as EventListenerName<K>]: (
    listener: (payload: z.output<S['events'][K]>) => void,
  ) => Disposable;
};

/** What the main side implements: the same shape, receiving already-validated arguments. */
export type ServiceImplementation<S extends ServiceSpec> = {
  [K in keyof S['methods']]: (
    arg: z.output<S['methods'][K]['input']>,
  ) => Promise<z.input<S['methods'][K]['output']>>;
} & {
  [K in keyof S['events'] & string as EventListenerName<K>]: (
    listener: (payload: z.input<S['events'][K]>) => void,
  ) => Disposable;
};
