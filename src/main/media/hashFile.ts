// Streaming sha256 of a file. Media files are GBs: read in 1 MiB chunks and never hold the whole
// file, so memory stays flat whatever the size. The hash keys the asset cache (DESIGN.md §2) and
// recognises a file already in the project or a relinked file with the same content.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { fileSystemError, throwIfAborted } from './fileErrors';

const CHUNK_BYTES = 1024 * 1024;

export interface HashOptions {
  signal?: AbortSignal;
  /** Called with the number of bytes hashed so far, once per chunk. */
  onProgress?(bytesHashed: number): void;
}

/** Lower-case hex sha256 of the file's bytes. Throws FILE_NOT_FOUND, PERMISSION_DENIED or CANCELLED. */
export async function hashFile(filePath: string, options: HashOptions = {}): Promise<string> {
  throwIfAborted(options.signal, `Hashing "${filePath}"`);
  const hash = createHash('sha256');
  let bytesHashed = 0;
  try {
    const stream = createReadStream(filePath, { highWaterMark: CHUNK_BYTES, signal: options.signal });
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      hash.update(chunk);
      bytesHashed += chunk.length;
      options.onProgress?.(bytesHashed);
    }
  } catch (error) {
    throw fileSystemError(error, filePath);
  }
  return hash.digest('hex');
}
