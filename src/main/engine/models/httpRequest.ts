// One HTTP(S) GET with what model downloads need and fetch() does not give plainly in Node 20:
// redirects followed by hand (so each hop is checked: http/https only, at most a few hops), a
// timeout on silence (no bytes for N seconds, not a cap on the whole transfer of a 500 MB file),
// cancellation through an AbortSignal, and the response left as a stream for the caller.
import type { ClientRequest, IncomingMessage } from 'node:http';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { StudioError } from '../../../shared/errors';
import { APP_VERSION } from '../../appVersion';

export const DEFAULT_IDLE_TIMEOUT_MS = 60_000;
const MAX_REDIRECTS = 5;

export interface HttpGetOptions {
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Fails when the server sends nothing for this long (connecting included). */
  idleTimeoutMs?: number;
  /** What is being fetched, for messages ("inswapper_128.onnx"). */
  label: string;
}

export interface HttpResponse {
  status: number;
  headers: IncomingMessage['headers'];
  /** The URL that answered, after redirects. */
  url: string;
  body: IncomingMessage;
  /** Destroys the connection (used on cancel and on errors while reading). */
  abort(reason?: Error): void;
}

/** A transfer problem worth retrying (connection reset, silence, 5xx), as opposed to a 404. */
export class TransientTransferError extends Error {}

export function cancelledError(label: string): StudioError {
  return new StudioError('CANCELLED', `The download of ${label} was cancelled.`);
}

function oneRequest(
  url: URL,
  options: HttpGetOptions,
): Promise<{ request: ClientRequest; response: IncomingMessage }> {
  return new Promise((resolve, reject) => {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const request = send(url, {
      method: 'GET',
      headers: {
        'user-agent': `DoppelStudio/${APP_VERSION}`,
        'accept-encoding': 'identity',
        ...options.headers,
      },
    });
    const timeoutMs = options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
    let received: IncomingMessage | undefined;
    // Destroying the response too makes a body read in progress fail with this reason, not "aborted".
    const stop = (reason: Error) => {
      received?.destroy(reason);
      request.destroy(reason);
    };
    request.setTimeout(timeoutMs, () => {
      stop(new TransientTransferError(`${url.host} sent nothing for ${timeoutMs / 1000} s`));
    });
    const onAbort = () => stop(cancelledError(options.label));
    options.signal?.addEventListener('abort', onAbort, { once: true });
    request.on('response', (response) => {
      received = response;
      // Keep cancelling the body read too, until the caller is done with it.
      response.once('close', () => options.signal?.removeEventListener('abort', onAbort));
      resolve({ request, response });
    });
    request.on('error', (error) => {
      options.signal?.removeEventListener('abort', onAbort);
      reject(error);
    });
    request.end();
  });
}

function describeNetworkError(error: unknown, url: URL, label: string): Error {
  if (error instanceof StudioError || error instanceof TransientTransferError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  const reason = (error as Error).message;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new StudioError(
      'NOT_FOUND',
      `Cannot download ${label}: the host ${url.host} cannot be found (${reason}). Check the network, or set DOPPEL_MODEL_MIRROR to a mirror you can reach.`,
      { cause: error },
    );
  }
  if (code === 'ECONNREFUSED') {
    return new StudioError('NOT_FOUND', `Cannot download ${label}: ${url.host} refused the connection.`, {
      cause: error,
    });
  }
  return new TransientTransferError(`${url.host}: ${reason}`);
}

/** GETs `url`, following redirects; resolves once the final response's headers arrived. */
export async function httpGet(url: string, options: HttpGetOptions): Promise<HttpResponse> {
  let current: URL;
  try {
    current = new URL(url);
  } catch {
    throw new StudioError('INVALID_ARGUMENT', `"${url}" is not a valid URL (for ${options.label}).`);
  }
  for (let hop = 0; ; hop++) {
    if (current.protocol !== 'http:' && current.protocol !== 'https:') {
      throw new StudioError(
        'INVALID_ARGUMENT',
        `Cannot download ${options.label} from ${current.href}: only http and https are supported.`,
      );
    }
    if (options.signal?.aborted) throw cancelledError(options.label);
    let exchange: { request: ClientRequest; response: IncomingMessage };
    try {
      exchange = await oneRequest(current, options);
    } catch (error) {
      throw describeNetworkError(error, current, options.label);
    }
    const { request, response } = exchange;
    const status = response.statusCode ?? 0;
    const location = response.headers.location;
    if (status >= 300 && status < 400 && status !== 304 && location !== undefined) {
      response.resume();
      request.destroy();
      if (hop >= MAX_REDIRECTS) {
        throw new StudioError(
          'NOT_FOUND',
          `Cannot download ${options.label}: more than ${MAX_REDIRECTS} redirects from ${url}.`,
        );
      }
      current = new URL(location, current);
      continue;
    }
    return {
      status,
      headers: response.headers,
      url: current.href,
      body: response,
      abort: (reason) => request.destroy(reason),
    };
  }
}

/** A small text resource (a CRC32 .hash sidecar); undefined when the server answers 404/410. */
export async function httpGetSmallText(
  url: string,
  options: HttpGetOptions & { maxBytes?: number },
): Promise<string | undefined> {
  const response = await httpGet(url, options);
  if (response.status === 404 || response.status === 410) {
    response.body.resume();
    return undefined;
  }
  if (response.status !== 200) {
    response.body.resume();
    throw new TransientTransferError(`${response.url} answered HTTP ${response.status}`);
  }
  const limit = options.maxBytes ?? 4096;
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of response.body as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > limit) {
        response.abort();
        throw new StudioError('MODEL_CORRUPT', `${url} is larger than ${limit} bytes: not a hash file.`);
      }
      chunks.push(chunk);
    }
  } catch (error) {
    throw describeNetworkError(error, new URL(response.url), options.label);
  }
  return Buffer.concat(chunks).toString('utf8');
}
