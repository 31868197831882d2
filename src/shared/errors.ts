// Stable error codes that cross every boundary (IPC, WebSocket, CLI exit JSON) as {code, message}.
// Codes are part of the contract: never rename one; add new ones at the end of their group.

export const errorCodes = [
  // generic
  'INTERNAL',
  'INVALID_ARGUMENT',
  'NOT_FOUND',
  'CANCELLED',
  'UNAUTHORIZED',
  'FORBIDDEN',
  // projects
  'NO_PROJECT_OPEN',
  'PROJECT_EXISTS',
  'PROJECT_NOT_FOUND',
  'PROJECT_NOT_SQLITE',
  'PROJECT_TOO_NEW',
  'PROJECT_CORRUPT',
  'PROJECT_READ_ONLY',
  // media
  'FILE_NOT_FOUND',
  'FILE_EMPTY',
  'MEDIA_UNREADABLE',
  'UNSUPPORTED_FORMAT',
  'HASH_MISMATCH',
  'FFMPEG_NOT_FOUND',
  'FFMPEG_FAILED',
  // disk
  'DISK_FULL',
  'PERMISSION_DENIED',
  // models and inference
  'MODEL_CORRUPT',
  'MODEL_HASH_MISMATCH',
  'MODEL_SIGNATURE_MISMATCH',
  'UNSUPPORTED_OP',
  'MODEL_NOT_INSTALLED',
  // provenance and consent
  'CONSENT_MISSING',
  'CERTIFICATE_INVALID',
  'SIGNING_FAILED',
  // content safety (src/main/engine/safety): a source or target was flagged; nothing was synthesised
  'CONTENT_REFUSED',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export interface SerializedError {
  code: ErrorCode;
  message: string;
}

/** An error the user can act on: the message names the file and the problem in plain words. */
export class StudioError extends Error {
  readonly code: ErrorCode;
  override readonly name = 'StudioError';

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }

  toJSON(): SerializedError {
    return { code: this.code, message: this.message };
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (errorCodes as readonly string[]).includes(value);
}

/** Turns anything thrown into the wire form; unknown errors keep their message but get code INTERNAL. */
export function serializeError(error: unknown): SerializedError {
  if (error instanceof StudioError) return error.toJSON();
  if (typeof error === 'object' && error !== null) {
    const candidate = error as { code?: unknown; message?: unknown };
    if (isErrorCode(candidate.code) && typeof candidate.message === 'string') {
      return { code: candidate.code, message: candidate.message };
    }
    if (typeof candidate.message === 'string') return { code: 'INTERNAL', message: candidate.message };
  }
  return { code: 'INTERNAL', message: String(error) };
}

export function deserializeError(error: SerializedError): StudioError {
  return new StudioError(error.code, error.message);
}

/**
 * Electron's contextBridge copies only an Error's message across worlds (custom properties are
 * dropped), so the preload appends the code as " [CODE]"; this reads either form back.
 */
export const CODE_SUFFIX_PATTERN = / \[([A-Z_]+)\]$/;

export function withCodeSuffix(error: SerializedError): Error {
  return new Error(`${error.message} [${error.code}]`);
}

export function readStudioError(error: unknown): SerializedError {
  const serialized = serializeError(error);
  if (serialized.code !== 'INTERNAL') return serialized;
  const match = CODE_SUFFIX_PATTERN.exec(serialized.message);
  if (match && isErrorCode(match[1])) {
    return { code: match[1], message: serialized.message.replace(CODE_SUFFIX_PATTERN, '') };
  }
  return serialized;
}
