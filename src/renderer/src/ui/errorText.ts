// Errors from the studio arrive as Error objects carrying a stable `.code` and a human `.message`
// (src/shared/errors.ts). These helpers turn anything thrown into what the UI shows.

export function errorMessage(error: unknown): string {
  if (error instanceof Error && error.message) return error.message;
  if (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { message?: unknown }).message === 'string'
  ) {
    return (error as { message: string }).message;
  }
  return String(error);
}

export function errorCode(error: unknown): string | null {
  if (typeof error === 'object' && error !== null) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return null;
}

export interface ShownError {
  message: string;
  code: string | null;
}

export function toShownError(error: unknown): ShownError {
  return { message: errorMessage(error), code: errorCode(error) };
}
