// How every CLI command reports: JSON on stdout with --json (machine-readable, one document),
// readable text otherwise; errors as {error: {code, message}} and a non-zero exit.
import { serializeError, type SerializedError } from '../../shared/errors';

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

export class UsageError extends Error {}

export interface CliContext {
  json: boolean;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stderr is a terminal (progress bars only then). */
  interactive: boolean;
}

export function printResult(context: CliContext, value: unknown, text: string): void {
  context.stdout(context.json ? JSON.stringify(value, null, 2) : text);
}

export function printError(context: CliContext, error: unknown): SerializedError {
  const serialized = serializeError(error);
  if (context.json) context.stdout(JSON.stringify({ error: serialized }, null, 2));
  else context.stderr(`doppel: ${serialized.message} (${serialized.code})`);
  return serialized;
}
