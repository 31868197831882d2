// The messages that cross a transport (Electron IPC or the browser-mode WebSocket). The host
// validates every inbound message against these schemas before looking at it.
import { z } from 'zod';
import { errorCodes } from '../errors';

export const callMessageSchema = z.object({
  type: z.literal('call'),
  id: z.number().int().nonnegative(),
  service: z.string().max(64),
  method: z.string().max(64),
  arg: z.unknown(),
});
export type CallMessage = z.infer<typeof callMessageSchema>;

export const serializedErrorSchema = z.object({ code: z.enum(errorCodes), message: z.string() });

export const resultMessageSchema = z.union([
  z.object({ type: z.literal('result'), id: z.number().int(), ok: z.literal(true), value: z.unknown() }),
  z.object({
    type: z.literal('result'),
    id: z.number().int(),
    ok: z.literal(false),
    error: serializedErrorSchema,
  }),
]);
export type ResultMessage = z.infer<typeof resultMessageSchema>;

export const eventMessageSchema = z.object({
  type: z.literal('event'),
  service: z.string(),
  event: z.string(),
  payload: z.unknown(),
});
export type EventMessage = z.infer<typeof eventMessageSchema>;

export const serverMessageSchema = z.union([resultMessageSchema, eventMessageSchema]);

/** Electron IPC channel names. */
export const IPC_CALL_CHANNEL = 'studio:call';
export const IPC_EVENT_CHANNEL = 'studio:event';
