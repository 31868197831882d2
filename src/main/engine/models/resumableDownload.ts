// Downloads a URL into a `.part` file, resuming what is already there with an HTTP Range request,
// retrying interrupted transfers (each retry resumes again), and hashing everything (sha256 and
// CRC32) so the caller can verify before renaming the file into place. A cancelled or failed
// download leaves the `.part` file for the next attempt; it is never named as the model.
import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, stat, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { crc32 } from 'node:zlib';
import { StudioError } from '../../../shared/errors';
import { fileSystemError } from './modelStore';
import { cancelledError, httpGet, TransientTransferError, type HttpResponse } from './httpRequest';

export interface DownloadProgress {
  receivedBytes: number;
  /** Size of the whole file when the server said it; null otherwise. */
  totalBytes: number | null;
}

export interface DownloadOptions {
  url: string;
  partialPath: string;
  /** For messages: the file's name. */
  label: string;
  signal?: AbortSignal;
  onProgress?: (progress: DownloadProgress) => void;
  idleTimeoutMs?: number;
  /** Further attempts after an interrupted transfer (default 3), each resuming from the .part. */
  retries?: number;
  retryDelayMs?: number;
}

export interface DownloadResult {
  bytes: number;
  sha256: string;
  /** CRC32 of the whole file, 8 lower-case hex digits (FaceFusion's .hash format). */
  crc32: string;
  /** The URL that served the last attempt (after redirects). */
  finalUrl: string;
  /** Bytes that were already in the .part file when this call started. */
  resumedFromBytes: number;
  attempts: number;
}

interface Digest {
  sha256: Hash;
  crc32: number;
  bytes: number;
}

/** Hashes what the .part file already holds, so a resumed download still hashes the whole file. */
async function digestExisting(path: string, label: string): Promise<Digest> {
  const digest: Digest = { sha256: createHash('sha256'), crc32: 0, bytes: 0 };
  try {
    await stat(path);
  } catch {
    return digest;
  }
  try {
    for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
      digest.sha256.update(chunk);
      digest.crc32 = crc32(chunk, digest.crc32);
      digest.bytes += chunk.length;
    }
  } catch (error) {
    throw fileSystemError(error, `Cannot read the partial download of ${label} (${path})`);
  }
  return digest;
}

function parseContentRange(header: string | undefined): { start: number; total: number | null } | undefined {
  const match = /^bytes (\d+)-\d+\/(\d+|\*)$/.exec(header?.trim() ?? '');
  if (!match) return undefined;
  return { start: Number(match[1]), total: match[2] === '*' ? null : Number(match[2]) };
}

function unsatisfiedRangeTotal(header: string | undefined): number | null {
  const match = /^bytes \*\/(\d+)$/.exec(header?.trim() ?? '');
  return match ? Number(match[1]) : null;
}

const delay = (ms: number, signal: AbortSignal | undefined) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });

type AttemptOutcome = { done: true; finalUrl: string } | { done: false; reason: string };

async function attempt(options: DownloadOptions, digest: Digest): Promise<AttemptOutcome> {
  const headers: Record<string, string> = digest.bytes > 0 ? { range: `bytes=${digest.bytes}-` } : {};
  const response: HttpResponse = await httpGet(options.url, {
    headers,
    label: options.label,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.idleTimeoutMs === undefined ? {} : { idleTimeoutMs: options.idleTimeoutMs }),
  });
  const { status } = response;
  let total: number | null;
  let append = digest.bytes > 0;
  if (status === 416 && digest.bytes > 0) {
    response.body.resume();
    const whole = unsatisfiedRangeTotal(response.headers['content-range']);
    // The .part already holds the whole file (an earlier run stopped just before renaming it).
    if (whole === digest.bytes) return { done: true, finalUrl: response.url };
    return restartFromZero(digest, `the server has ${whole ?? 'an unknown number of'} bytes`);
  }
  if (status === 404 || status === 410) {
    response.body.resume();
    throw new StudioError(
      'NOT_FOUND',
      `Cannot download ${options.label}: ${response.url} answered HTTP ${status} (not found).`,
    );
  }
  if (status >= 500 || status === 408 || status === 429) {
    response.body.resume();
    return { done: false, reason: `${response.url} answered HTTP ${status}` };
  }
  if (status === 206) {
    const range = parseContentRange(response.headers['content-range']);
    if (range === undefined || range.start !== digest.bytes) {
      response.abort();
      return restartFromZero(digest, `the server resumed at an unexpected offset`);
    }
    total = range.total;
  } else if (status === 200) {
    // The server ignored the Range header: start the file over.
    if (append) Object.assign(digest, { sha256: createHash('sha256'), crc32: 0, bytes: 0 });
    append = false;
    const length = Number(response.headers['content-length']);
    total = Number.isFinite(length) && length >= 0 ? length : null;
  } else {
    response.body.resume();
    throw new StudioError(
      'NOT_FOUND',
      `Cannot download ${options.label}: ${response.url} answered HTTP ${status}.`,
    );
  }

  let handle: FileHandle;
  try {
    await mkdir(dirname(options.partialPath), { recursive: true });
    handle = await open(options.partialPath, append ? 'a' : 'w');
  } catch (error) {
    response.abort();
    throw fileSystemError(error, `Cannot write ${options.partialPath}`);
  }
  try {
    options.onProgress?.({ receivedBytes: digest.bytes, totalBytes: total });
    for await (const chunk of response.body as AsyncIterable<Buffer>) {
      try {
        await handle.write(chunk);
      } catch (error) {
        response.abort();
        throw fileSystemError(error, `Cannot write ${options.partialPath}`);
      }
      digest.sha256.update(chunk);
      digest.crc32 = crc32(chunk, digest.crc32);
      digest.bytes += chunk.length;
      options.onProgress?.({ receivedBytes: digest.bytes, totalBytes: total });
    }
  } catch (error) {
    if (options.signal?.aborted) throw cancelledError(options.label);
    if (error instanceof StudioError) throw error;
    return {
      done: false,
      reason: `the transfer broke off after ${digest.bytes} bytes (${(error as Error).message})`,
    };
  } finally {
    await handle.close().catch(() => undefined);
  }
  if (options.signal?.aborted) throw cancelledError(options.label);
  if (total !== null && digest.bytes < total) {
    return { done: false, reason: `the transfer ended after ${digest.bytes} of ${total} bytes` };
  }
  return { done: true, finalUrl: response.url };
}

function restartFromZero(digest: Digest, reason: string): AttemptOutcome {
  Object.assign(digest, { sha256: createHash('sha256'), crc32: 0, bytes: 0 });
  // The next attempt sends no Range and opens the .part with 'w', truncating it.
  return { done: false, reason: `${reason}; starting over` };
}

/** Downloads (or finishes downloading) `url` into `partialPath`. */
export async function downloadToPartialFile(options: DownloadOptions): Promise<DownloadResult> {
  const retries = options.retries ?? 3;
  let digest = await digestExisting(options.partialPath, options.label);
  const resumedFromBytes = digest.bytes;
  const reasons: string[] = [];
  for (let attemptNumber = 1; ; attemptNumber++) {
    if (options.signal?.aborted) throw cancelledError(options.label);
    let outcome: AttemptOutcome;
    try {
      outcome = await attempt(options, digest);
    } catch (error) {
      if (!(error instanceof TransientTransferError)) throw error;
      outcome = { done: false, reason: error.message };
      // Bytes written before the failure are in the file but maybe not all in `digest`: re-read.
      digest = await digestExisting(options.partialPath, options.label);
    }
    if (outcome.done) {
      return {
        bytes: digest.bytes,
        sha256: digest.sha256.digest('hex'),
        crc32: (digest.crc32 >>> 0).toString(16).padStart(8, '0'),
        finalUrl: outcome.finalUrl,
        resumedFromBytes,
        attempts: attemptNumber,
      };
    }
    reasons.push(outcome.reason);
    if (attemptNumber > retries) {
      throw new StudioError(
        'NOT_FOUND',
        `Cannot download ${options.label} from ${options.url} after ${attemptNumber} attempts: ${reasons.join('; ')}. ` +
          'What arrived is kept and the next install resumes it.',
      );
    }
    await delay((options.retryDelayMs ?? 1000) * attemptNumber, options.signal);
  }
}
