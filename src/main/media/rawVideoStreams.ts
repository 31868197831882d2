// Raw frames over pipes, with flat memory: frames are read into buffers the caller hands out (so
// they can be recycled instead of allocated per frame), and writes wait for the pipe to drain so a
// slow encoder slows the reader down instead of growing a queue.
import type { Readable, Writable } from 'node:stream';
import { StudioError } from '../../shared/errors';

/**
 * Yields exactly-`frameBytes`-long frames from `stream`, each copied into a buffer from
 * `takeBuffer` (taken lazily, when the first byte of a frame arrives). While the consumer holds
 * a frame the stream is not read, so the producer blocks on a full pipe.
 */
export async function* readFixedSizeFrames(
  stream: Readable,
  frameBytes: number,
  takeBuffer: () => Uint8Array,
  label: string,
): AsyncGenerator<Uint8Array> {
  if (!Number.isInteger(frameBytes) || frameBytes <= 0) {
    throw new StudioError('INVALID_ARGUMENT', `${label}: frame size must be positive, got ${frameBytes}.`);
  }
  let current: Uint8Array | null = null;
  let filled = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    let offset = 0;
    while (offset < chunk.length) {
      if (!current) {
        current = takeBuffer();
        if (current.byteLength !== frameBytes) {
          throw new StudioError(
            'INTERNAL',
            `${label}: got a ${current.byteLength}-byte buffer for ${frameBytes}-byte frames.`,
          );
        }
      }
      const count = Math.min(frameBytes - filled, chunk.length - offset);
      current.set(chunk.subarray(offset, offset + count), filled);
      filled += count;
      offset += count;
      if (filled === frameBytes) {
        const frame: Uint8Array = current;
        current = null;
        filled = 0;
        yield frame;
      }
    }
  }
  if (filled > 0) {
    throw new StudioError(
      'FFMPEG_FAILED',
      `${label} stopped in the middle of a frame (${filled} of ${frameBytes} bytes).`,
    );
  }
}

/** Writes to a pipe one buffer at a time, respecting backpressure and reporting pipe failures. */
export class BackpressureWriter {
  private failure: Error | null = null;
  private closed = false;

  constructor(
    private readonly stream: Writable,
    private readonly label: string,
  ) {
    stream.on('error', (error: Error) => (this.failure ??= error));
    stream.on('close', () => (this.closed = true));
  }

  /**
   * Queues `data` and resolves once the pipe can take more. `released` runs when the bytes have
   * been handed to the OS (or dropped because the pipe failed): only then may the buffer be reused.
   */
  async write(data: Uint8Array, released?: () => void): Promise<void> {
    this.throwIfBroken();
    const ready = this.stream.write(data, () => released?.());
    if (!ready) await this.waitForDrain();
  }

  /** Ends the stream and resolves once everything has been flushed to the OS. */
  async end(): Promise<void> {
    this.throwIfBroken();
    await new Promise<void>((resolve, reject) => {
      const onError = (error: Error): void => reject(this.brokenError(error));
      this.stream.once('error', onError);
      this.stream.end(() => {
        this.stream.off('error', onError);
        resolve();
      });
    });
  }

  private waitForDrain(): Promise<void> {
    return new Promise((resolve, reject) => {
      const cleanUp = (): void => {
        this.stream.off('drain', onDrain);
        this.stream.off('error', onError);
        this.stream.off('close', onClose);
      };
      const onDrain = (): void => {
        cleanUp();
        resolve();
      };
      const onError = (error: Error): void => {
        cleanUp();
        reject(this.brokenError(error));
      };
      const onClose = (): void => {
        cleanUp();
        reject(this.brokenError(null));
      };
      this.stream.on('drain', onDrain);
      this.stream.on('error', onError);
      this.stream.on('close', onClose);
    });
  }

  private throwIfBroken(): void {
    if (this.failure || this.closed || this.stream.destroyed) throw this.brokenError(this.failure);
  }

  private brokenError(cause: Error | null): StudioError {
    const detail = cause ? `: ${cause.message}` : '';
    return new StudioError('FFMPEG_FAILED', `${this.label} stopped reading its input${detail}.`, { cause });
  }
}
