// Streams mono (or interleaved multi-channel) float samples into a WAV file: the header is written
// first with placeholder sizes and patched on close, so nothing is held in memory. The file is
// written under a temporary name and renamed into place only when complete: a cancel, a crash or a
// full disk never leaves a half-written WAV under the name the user asked for, and never replaces
// an existing file with a broken one.
import { open, type FileHandle } from 'node:fs/promises';
import { StudioError } from '../../shared/errors';
import { commitTemporaryFile, discardTemporaryFile, temporaryPathFor } from './assetCache';
import { fileSystemError } from './fileErrors';

export type WavSampleFormat = 'pcm16' | 'float32';

export interface WavFormat {
  sampleRate: number;
  channels: number;
  sampleFormat: WavSampleFormat;
}

const HEADER_BYTES = 44;
/** RIFF sizes are 32-bit; beyond this a WAV cannot describe its own length. */
const MAX_DATA_BYTES = 0xffff_ffff - HEADER_BYTES;

/** The 44-byte canonical header (PCM format 1 or IEEE float format 3). Pure: tested by bytes. */
export function wavHeader(format: WavFormat, dataBytes: number): Buffer {
  const bytesPerSample = format.sampleFormat === 'pcm16' ? 2 : 4;
  const header = Buffer.alloc(HEADER_BYTES);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(Math.min(0xffff_ffff, 36 + dataBytes), 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(format.sampleFormat === 'pcm16' ? 1 : 3, 20);
  header.writeUInt16LE(format.channels, 22);
  header.writeUInt32LE(format.sampleRate, 24);
  header.writeUInt32LE(format.sampleRate * format.channels * bytesPerSample, 28);
  header.writeUInt16LE(format.channels * bytesPerSample, 32);
  header.writeUInt16LE(bytesPerSample * 8, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(Math.min(0xffff_ffff, dataBytes), 40);
  return header;
}

/** Float samples to little-endian bytes; pcm16 scales by 32768 (symmetric), rounds, clamps to [-32768, 32767]. */
export function encodeWavSamples(samples: Float32Array, sampleFormat: WavSampleFormat): Buffer {
  if (sampleFormat === 'float32') {
    const bytes = Buffer.alloc(samples.length * 4);
    for (let index = 0; index < samples.length; index++) bytes.writeFloatLE(samples[index]!, index * 4);
    return bytes;
  }
  const bytes = Buffer.alloc(samples.length * 2);
  for (let index = 0; index < samples.length; index++) {
    const scaled = Math.round(samples[index]! * 32768);
    bytes.writeInt16LE(scaled > 32767 ? 32767 : scaled < -32768 ? -32768 : scaled, index * 2);
  }
  return bytes;
}

export class WavFileWriter {
  private dataBytes = 0;
  private closed = false;

  private constructor(
    readonly path: string,
    readonly format: WavFormat,
    private readonly temporaryPath: string,
    private readonly handle: FileHandle,
  ) {}

  /** Starts writing; nothing appears at `path` until close() succeeds. */
  static async create(path: string, format: WavFormat): Promise<WavFileWriter> {
    if (!Number.isInteger(format.sampleRate) || format.sampleRate <= 0 || format.channels < 1) {
      throw new StudioError('INVALID_ARGUMENT', `Cannot write "${path}": invalid WAV format.`);
    }
    const temporaryPath = temporaryPathFor(path);
    let handle: FileHandle;
    try {
      handle = await open(temporaryPath, 'w');
      await handle.write(wavHeader(format, 0), 0, HEADER_BYTES, 0);
    } catch (error) {
      await discardTemporaryFile(temporaryPath);
      throw fileSystemError(error, path);
    }
    return new WavFileWriter(path, format, temporaryPath, handle);
  }

  get samplesWritten(): number {
    const bytesPerSample = this.format.sampleFormat === 'pcm16' ? 2 : 4;
    return this.dataBytes / bytesPerSample / this.format.channels;
  }

  async write(samples: Float32Array): Promise<void> {
    if (this.closed) throw new StudioError('INTERNAL', `"${this.path}" is already closed.`);
    if (samples.length === 0) return;
    const bytes = encodeWavSamples(samples, this.format.sampleFormat);
    if (this.dataBytes + bytes.length > MAX_DATA_BYTES) {
      await this.abort();
      throw new StudioError(
        'INVALID_ARGUMENT',
        `"${this.path}" would exceed the 4 GiB limit of the WAV format; write a shorter piece.`,
      );
    }
    try {
      await this.handle.write(bytes, 0, bytes.length, HEADER_BYTES + this.dataBytes);
    } catch (error) {
      await this.abort();
      throw fileSystemError(error, this.path);
    }
    this.dataBytes += bytes.length;
  }

  /** Patches the header sizes and renames the file into place. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.handle.write(wavHeader(this.format, this.dataBytes), 0, HEADER_BYTES, 0);
      await this.handle.close();
    } catch (error) {
      await this.handle.close().catch(() => undefined);
      await discardTemporaryFile(this.temporaryPath);
      throw fileSystemError(error, this.path);
    }
    await commitTemporaryFile(this.temporaryPath, this.path);
  }

  /** Throws the partial file away; `path` is left as it was. */
  async abort(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.handle.close().catch(() => undefined);
    await discardTemporaryFile(this.temporaryPath);
  }
}
