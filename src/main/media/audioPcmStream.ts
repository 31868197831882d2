// Streams the audio of any media file (audio files and the sound of video clips) as mono float32
// PCM at one fixed sample rate, decoded by ffmpeg on stdout. Memory stays flat whatever the length:
// the consumer pulls chunks, and while it works ffmpeg waits on the full pipe (backpressure).
// Whatever the input (8-bit, 24-bit, stereo, 8 kHz, 96 kHz, AAC in an MP4) the consumer sees one
// format, so DSP code never deals with containers or channel layouts.
import { StudioError } from '../../shared/errors';
import type { Microseconds } from '../../shared/time';
import { microsecondsToSecondsText, toFfmpegFileUrl } from './ffmpegArguments';
import { locateFfmpeg } from './ffmpegLocator';
import { probeMedia, type MediaProbe } from './probeMedia';
import { spawnProcess } from './runProcess';

const BYTES_PER_SAMPLE = 4;

export interface AudioSpanDecodeRequest {
  inputPath: string;
  streamIndex: number;
  sampleRate: number;
  /** Where to start in the file's own time; omitted = from the start. */
  startUs?: Microseconds;
  /** Stop after this much audio; omitted = to the end. */
  durationUs?: Microseconds;
}

/**
 * ffmpeg arguments: one audio stream (optionally a span of it) to mono f32le on stdout. `-ss` goes
 * before `-i` (fast seek; for audio ffmpeg still decodes from the exact sample), `-t` after it.
 * Same conventions as ffmpegArguments.ts: `file:` URLs, file-only protocols, no stdin, terse log.
 */
export function audioSpanDecodeArguments(request: AudioSpanDecodeRequest): string[] {
  const { sampleRate, streamIndex, startUs, durationUs } = request;
  if (!Number.isInteger(sampleRate) || sampleRate <= 0) {
    throw new StudioError(
      'INVALID_ARGUMENT',
      `sampleRate must be a positive whole number, got ${sampleRate}.`,
    );
  }
  if (!Number.isInteger(streamIndex) || streamIndex < 0) {
    throw new StudioError('INVALID_ARGUMENT', `streamIndex must be a whole number ≥ 0, got ${streamIndex}.`);
  }
  if (durationUs !== undefined && durationUs <= 0) {
    throw new StudioError('INVALID_ARGUMENT', `durationUs must be positive, got ${durationUs}.`);
  }
  return [
    ...['-hide_banner', '-nostdin', '-v', 'error'],
    ...(startUs !== undefined && startUs > 0 ? ['-ss', microsecondsToSecondsText(startUs)] : []),
    ...['-protocol_whitelist', 'file', '-i', toFfmpegFileUrl(request.inputPath)],
    ...(durationUs !== undefined ? ['-t', microsecondsToSecondsText(durationUs)] : []),
    ...['-map', `0:${streamIndex}`, '-ac', '1', '-ar', String(sampleRate)],
    ...['-c:a', 'pcm_f32le', '-f', 'f32le', 'pipe:1'],
  ];
}

/**
 * Reassembles float32 little-endian samples from byte chunks of any size (a pipe chunk may end in
 * the middle of a sample). Pure: tested directly.
 */
export class Float32ChunkAssembler {
  private carry: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): Float32Array {
    const bytes = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : chunk;
    const usable = bytes.length - (bytes.length % BYTES_PER_SAMPLE);
    const samples = new Float32Array(usable / BYTES_PER_SAMPLE);
    for (let index = 0; index < samples.length; index++) samples[index] = bytes.readFloatLE(index * 4);
    this.carry = Buffer.from(bytes.subarray(usable));
    return samples;
  }
}

export interface AudioPcmStreamOptions {
  sampleRate: number;
  startUs?: Microseconds;
  durationUs?: Microseconds;
  signal?: AbortSignal;
  /** Reuse a probe the caller already has (saves one ffprobe run). */
  probe?: MediaProbe;
}

export interface AudioPcmStream {
  probe: MediaProbe;
  /** Mono samples at `sampleRate`, in chunks of whatever size the pipe delivers. */
  chunks: AsyncIterable<Float32Array>;
}

/**
 * Probes `inputPath` and prepares a decode of its first audio stream. Throws FILE_NOT_FOUND,
 * FILE_EMPTY, MEDIA_UNREADABLE, or UNSUPPORTED_FORMAT when the file has no audio. Iterating
 * `chunks` starts ffmpeg; breaking out of the loop kills it.
 */
export async function openAudioPcmStream(
  inputPath: string,
  options: AudioPcmStreamOptions,
): Promise<AudioPcmStream> {
  const probe = options.probe ?? (await probeMedia(inputPath, { signal: options.signal }));
  if (!probe.hasAudio || probe.audioStreamIndex === null) {
    throw new StudioError(
      'UNSUPPORTED_FORMAT',
      `"${inputPath}" has no audio stream (it is ${probe.kind === 'image' ? 'an image' : `a ${probe.kind} file without sound`}).`,
    );
  }
  const args = audioSpanDecodeArguments({
    inputPath,
    streamIndex: probe.audioStreamIndex,
    sampleRate: options.sampleRate,
    startUs: options.startUs,
    durationUs: options.durationUs,
  });
  const ffmpeg = await locateFfmpeg();
  async function* decode(): AsyncGenerator<Float32Array> {
    const decoder = spawnProcess(ffmpeg, args, {
      signal: options.signal,
      label: `ffmpeg (audio decode) on "${inputPath}"`,
    });
    const assembler = new Float32ChunkAssembler();
    let finished = false;
    try {
      for await (const chunk of decoder.stdout as AsyncIterable<Buffer>) {
        const samples = assembler.push(chunk);
        if (samples.length > 0) yield samples;
      }
      await decoder.exited;
      finished = true;
    } finally {
      // The consumer stopped early (or failed): stop ffmpeg instead of letting it fill the pipe.
      if (!finished) {
        decoder.kill();
        await decoder.exited.catch(() => undefined);
      }
    }
  }
  return { probe, chunks: { [Symbol.asyncIterator]: decode } };
}

/** Decodes a whole (short) file into memory; for references and tests, never for long inputs. */
export async function decodeAudioFile(
  inputPath: string,
  options: AudioPcmStreamOptions & { maxSeconds?: number },
): Promise<Float32Array> {
  const stream = await openAudioPcmStream(inputPath, options);
  const limit = Math.round((options.maxSeconds ?? 600) * options.sampleRate);
  const parts: Float32Array[] = [];
  let total = 0;
  for await (const chunk of stream.chunks) {
    total += chunk.length;
    if (total > limit) {
      throw new StudioError(
        'INVALID_ARGUMENT',
        `"${inputPath}" is longer than ${options.maxSeconds ?? 600} s; it must be streamed, not loaded whole.`,
      );
    }
    parts.push(chunk);
  }
  const samples = new Float32Array(total);
  let offset = 0;
  for (const part of parts) {
    samples.set(part, offset);
    offset += part.length;
  }
  return samples;
}
