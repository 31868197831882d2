// Waveform peaks for drawing audio on the timeline: ffmpeg decodes the audio stream to mono float
// PCM at a low rate on stdout, and we keep the largest |sample| of every 1/peaksPerSecond slice.
// Both the decode and the peaks file are streamed (memory flat in clip length). Stored as
// `<cacheDir>/<sha256>/peaks.f32` (Float32, little-endian, one value in [0, 1] per slice) with a
// tiny `peaks.json` header written last, so a peaks file without its header is never trusted.
import { open, readFile } from 'node:fs/promises';
import { StudioError } from '../../shared/errors';
import {
  assetCachePath,
  commitTemporaryFile,
  discardTemporaryFile,
  ensureAssetCacheDirectory,
  temporaryPathFor,
  writeFileAtomically,
} from './assetCache';
import { audioPcmDecodeArguments } from './ffmpegArguments';
import { locateFfmpeg } from './ffmpegLocator';
import { fileSystemError, throwIfAborted } from './fileErrors';
import { spawnProcess, type RunningProcess } from './runProcess';

export const DEFAULT_PEAKS_PER_SECOND = 100;
export const DEFAULT_PEAKS_SAMPLE_RATE = 8000;
const BYTES_PER_SAMPLE = 4;
/** Peaks are written every this many values (8 KB), never held for the whole clip. */
const PEAKS_PER_WRITE = 2048;

export interface PeaksInfo {
  version: 1;
  peaksPerSecond: number;
  count: number;
  sampleRate: number;
}

export interface WaveformOptions {
  signal?: AbortSignal;
  peaksPerSecond?: number;
  sampleRate?: number;
}

/**
 * Max-abs over consecutive slices of `samplesPerPeak` samples, fed in arbitrary byte chunks of
 * Float32 little-endian PCM (a chunk may end in the middle of a sample). Pure: tested directly.
 */
export class PeakAccumulator {
  private carry = Buffer.alloc(0);
  private current = 0;
  private samplesInCurrent = 0;

  constructor(
    private readonly samplesPerPeak: number,
    private readonly emit: (peak: number) => void,
  ) {
    if (!Number.isInteger(samplesPerPeak) || samplesPerPeak <= 0) {
      throw new StudioError('INVALID_ARGUMENT', `samplesPerPeak must be a positive whole number.`);
    }
  }

  push(chunk: Buffer): void {
    const bytes = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : chunk;
    const usable = bytes.length - (bytes.length % BYTES_PER_SAMPLE);
    for (let offset = 0; offset < usable; offset += BYTES_PER_SAMPLE) {
      const magnitude = Math.abs(bytes.readFloatLE(offset));
      if (magnitude > this.current) this.current = magnitude;
      if (++this.samplesInCurrent === this.samplesPerPeak) this.flushPeak();
    }
    this.carry = Buffer.from(bytes.subarray(usable));
  }

  /** Emits the last, partial slice (if any). */
  finish(): void {
    if (this.samplesInCurrent > 0) this.flushPeak();
  }

  private flushPeak(): void {
    // Decoders can overshoot slightly past full scale; peaks are drawn in [0, 1].
    this.emit(Math.min(1, this.current));
    this.current = 0;
    this.samplesInCurrent = 0;
  }
}

/**
 * Decodes the asset's first audio stream and writes peaks.f32 + peaks.json. Throws CANCELLED,
 * FFMPEG_FAILED (undecodable audio) or DISK_FULL.
 */
export async function createWaveformPeaks(
  inputPath: string,
  audioStreamIndex: number,
  cacheDir: string,
  sha256: string,
  options: WaveformOptions = {},
): Promise<PeaksInfo> {
  const peaksPerSecond = options.peaksPerSecond ?? DEFAULT_PEAKS_PER_SECOND;
  const sampleRate = options.sampleRate ?? DEFAULT_PEAKS_SAMPLE_RATE;
  if (sampleRate % peaksPerSecond !== 0) {
    throw new StudioError(
      'INVALID_ARGUMENT',
      `sampleRate ${sampleRate} is not a multiple of ${peaksPerSecond}.`,
    );
  }
  throwIfAborted(options.signal, `Drawing the waveform of "${inputPath}"`);
  await ensureAssetCacheDirectory(cacheDir, sha256);
  const peaksPath = assetCachePath(cacheDir, sha256, 'peaks');
  const temporaryPath = temporaryPathFor(peaksPath);
  const ffmpeg = await locateFfmpeg();

  let handle;
  try {
    handle = await open(temporaryPath, 'w');
  } catch (error) {
    throw fileSystemError(error, temporaryPath);
  }
  // Peaks wait here between writes; one stdout chunk adds at most a few hundred.
  let pending: number[] = [];
  let count = 0;
  const accumulator = new PeakAccumulator(sampleRate / peaksPerSecond, (peak) => {
    pending.push(peak);
    count++;
  });
  const flushPending = async (): Promise<void> => {
    if (pending.length === 0) return;
    const bytes = Buffer.alloc(pending.length * BYTES_PER_SAMPLE);
    pending.forEach((peak, index) => bytes.writeFloatLE(peak, index * BYTES_PER_SAMPLE));
    pending = [];
    await handle.write(bytes);
  };

  let decoder: RunningProcess | null = null;
  try {
    decoder = spawnProcess(
      ffmpeg,
      audioPcmDecodeArguments({
        inputPath,
        streamIndex: audioStreamIndex,
        sampleRate,
        sampleFormat: 'f32le',
      }),
      { signal: options.signal, label: `ffmpeg (waveform) on "${inputPath}"` },
    );
    for await (const chunk of decoder.stdout as AsyncIterable<Buffer>) {
      accumulator.push(chunk);
      // Awaiting the write before reading on is the backpressure: ffmpeg waits while we write.
      if (pending.length >= PEAKS_PER_WRITE) await flushPending();
    }
    await decoder.exited;
    accumulator.finish();
    await flushPending();
    await handle.close();
  } catch (error) {
    // Decoder failures and cancels arrive as StudioErrors (from stdout or `exited`); anything else
    // is our own write failing (a full disk), and then the decoder must not keep running.
    decoder?.kill();
    await decoder?.exited.catch(() => undefined);
    await handle.close().catch(() => undefined);
    await discardTemporaryFile(temporaryPath);
    throw error instanceof StudioError ? error : fileSystemError(error, peaksPath);
  }
  await commitTemporaryFile(temporaryPath, peaksPath);
  const info: PeaksInfo = { version: 1, peaksPerSecond, count, sampleRate };
  await writeFileAtomically(assetCachePath(cacheDir, sha256, 'peaksInfo'), JSON.stringify(info));
  return info;
}

export interface Peaks {
  peaksPerSecond: number;
  /** One max-abs value in [0, 1] per 1/peaksPerSecond of audio. */
  peaks: Float32Array;
}

/** Reads cached peaks; null when there are none or the cache is damaged (it can be rebuilt). */
export async function readPeaksFloat32(cacheDir: string, sha256: string): Promise<Peaks | null> {
  const infoPath = assetCachePath(cacheDir, sha256, 'peaksInfo');
  let info: Partial<PeaksInfo>;
  let bytes: Buffer;
  try {
    info = JSON.parse(await readFile(infoPath, 'utf8')) as Partial<PeaksInfo>;
    bytes = await readFile(assetCachePath(cacheDir, sha256, 'peaks'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || error instanceof SyntaxError) return null;
    throw fileSystemError(error, infoPath);
  }
  const { count, peaksPerSecond } = info;
  if (info.version !== 1 || !Number.isInteger(count) || typeof peaksPerSecond !== 'number') return null;
  if (count === undefined || bytes.length !== count * BYTES_PER_SAMPLE) return null;
  const peaks = new Float32Array(count);
  for (let index = 0; index < count; index++) peaks[index] = bytes.readFloatLE(index * BYTES_PER_SAMPLE);
  return { peaksPerSecond, peaks };
}

/** Cached peaks in the contract's shape (`media.getPeaks`): plain numbers for the wire. */
export async function readPeaks(
  cacheDir: string,
  sha256: string,
): Promise<{ peaksPerSecond: number; peaks: number[] } | null> {
  const result = await readPeaksFloat32(cacheDir, sha256);
  return result ? { peaksPerSecond: result.peaksPerSecond, peaks: Array.from(result.peaks) } : null;
}
