// Loads @contentauth/c2pa-wasm (c2pa-rs compiled to WebAssembly) in plain Node, with the
// workarounds of DESIGN.md §5:
// - The wasm reads a Blob with the browser-only, synchronous FileReaderSync. Node has neither the
//   class nor a synchronous Blob read, so our Blobs keep their bytes in JS (BytesBlob) or read
//   them from disk on demand (FileBackedBlob: c2pa asks for slices, so a large file is never
//   loaded whole just to read its manifest), and a FileReaderSync polyfill hands those bytes over.
// - The module is initialised synchronously from the .wasm file next to it (no fetch).
// Calls into the wasm are queued one at a time: a signing call awaits our signer callback in the
// middle, and the bindings do not promise that two builders can interleave.
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import type * as C2paBindings from '@contentauth/c2pa-wasm';
import { StudioError } from '../../../../shared/errors';

type C2paModule = typeof C2paBindings;

/** A Blob whose bytes stay reachable from JS, so FileReaderSync can return them synchronously. */
export class BytesBlob extends Blob {
  constructor(readonly data: Uint8Array) {
    super([data as Uint8Array<ArrayBuffer>]);
  }

  override slice(start?: number, end?: number): Blob {
    const length = this.data.length;
    const from = clampIndex(start ?? 0, length);
    const to = clampIndex(end ?? length, length);
    return new BytesBlob(this.data.subarray(from, Math.max(from, to)));
  }
}

function clampIndex(index: number, length: number): number {
  const absolute = index < 0 ? length + index : index;
  return Math.min(length, Math.max(0, absolute));
}

/**
 * Stands for a file on disk where the wasm expects a Blob (it only uses `size` and `slice`, and
 * reads through FileReaderSync): slices are read with readSync when c2pa asks for them. Not a
 * real Blob subclass, because a Blob's size cannot be overridden.
 */
export class FileBackedBlob {
  constructor(
    readonly path: string,
    readonly size: number,
    private readonly offset = 0,
  ) {}

  slice(start?: number, end?: number): BytesBlob | FileBackedBlob {
    const from = clampIndex(start ?? 0, this.size);
    const to = Math.max(from, clampIndex(end ?? this.size, this.size));
    // Small slices (headers, boxes) are read now; big ones stay lazy.
    if (to - from <= 16 * 1024 * 1024)
      return new BytesBlob(readRange(this.path, this.offset + from, to - from));
    return new FileBackedBlob(this.path, to - from, this.offset + from);
  }

  readAll(): Uint8Array {
    return readRange(this.path, this.offset, this.size);
  }

  /** Typed as the Blob the bindings declare; at run time they only call size and slice. */
  asBlob(): Blob {
    return this as unknown as Blob;
  }
}

function readRange(path: string, position: number, length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  const descriptor = openSync(path, 'r');
  try {
    let done = 0;
    while (done < length) {
      const read = readSync(descriptor, bytes, done, length - done, position + done);
      if (read === 0)
        throw new StudioError('MEDIA_UNREADABLE', `"${path}" ended while its C2PA data was being read.`);
      done += read;
    }
  } finally {
    closeSync(descriptor);
  }
  return bytes;
}

class FileReaderSyncPolyfill {
  readAsArrayBuffer(blob: unknown): ArrayBuffer {
    const bytes =
      blob instanceof BytesBlob ? blob.data : blob instanceof FileBackedBlob ? blob.readAll() : null;
    if (!bytes)
      throw new Error("FileReaderSync polyfill: only the studio's own Blobs can be read synchronously");
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  }
}

let loaded: C2paModule | null = null;

/** The initialised wasm module (loaded on first use, about 9 MB, ~100 ms). */
export async function loadC2pa(): Promise<C2paModule> {
  if (loaded) return loaded;
  const globals = globalThis as { FileReaderSync?: unknown };
  globals.FileReaderSync ??= FileReaderSyncPolyfill;
  const module = await import('@contentauth/c2pa-wasm');
  const wasmPath = createRequire(import.meta.url).resolve('@contentauth/c2pa-wasm/c2pa.wasm');
  try {
    module.initSync({ module: readFileSync(wasmPath) });
  } catch (error) {
    throw new StudioError(
      'INTERNAL',
      `The C2PA library could not start (${wasmPath}): ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  loaded = module;
  return module;
}

let queue: Promise<unknown> = Promise.resolve();

/** Runs `task` after every earlier C2PA call has finished. */
export function withC2pa<T>(task: (c2pa: C2paModule) => Promise<T>): Promise<T> {
  const run = queue.then(async () => task(await loadC2pa()));
  queue = run.catch(() => undefined);
  return run;
}
