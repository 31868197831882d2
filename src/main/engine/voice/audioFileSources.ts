// Speech sources backed by media files: the glue between the voice DSP (which only sees mono
// float32 at VOICE_SAMPLE_RATE) and src/main/media (which probes and decodes with ffmpeg). A source
// is re-openable: every pass of the conversion starts a fresh decode, so nothing is held in memory.
import { StudioError } from '../../../shared/errors';
import type { Microseconds } from '../../../shared/time';
import { basename } from 'node:path';
import { openAudioPcmStream } from '../../media/audioPcmStream';
import { probeMedia, type MediaProbe } from '../../media/probeMedia';
import type { PcmChunkSource } from './dspVoiceConversion';
import { VOICE_SAMPLE_RATE } from './voiceFrameGeometry';

export interface FileSpeechSource {
  label: string;
  open: PcmChunkSource;
  /** The same speech at another sample rate (RVC's ContentVec wants 16 kHz). */
  openAtRate: (sampleRate: number) => PcmChunkSource;
  /** Length of the (span of the) audio stream, from the probe; null when the container does not say. */
  durationSeconds: number | null;
  probe: MediaProbe;
}

export interface FileSpanOptions {
  startUs?: Microseconds;
  endUs?: Microseconds;
  signal?: AbortSignal;
  /** Overrides the label used in messages (defaults to the file name). */
  label?: string;
}

function formatTime(us: number): string {
  const seconds = us / 1_000_000;
  return `${Math.floor(seconds / 60)}:${(seconds % 60).toFixed(1).padStart(4, '0')}`;
}

/** Probes `path` (which must have an audio stream) and returns a re-openable source of its speech. */
export async function fileSpeechSource(
  path: string,
  options: FileSpanOptions = {},
): Promise<FileSpeechSource> {
  const probe = await probeMedia(path, { signal: options.signal });
  if (!probe.hasAudio || probe.audioStreamIndex === null) {
    throw new StudioError(
      'UNSUPPORTED_FORMAT',
      `"${path}" has no audio stream (it is ${probe.kind === 'image' ? 'an image' : `a ${probe.kind} file without sound`}).`,
    );
  }
  const { startUs, endUs } = options;
  if (startUs !== undefined && endUs !== undefined && endUs <= startUs) {
    throw new StudioError(
      'INVALID_ARGUMENT',
      `The span of "${path}" ends (${endUs} µs) before it starts (${startUs} µs).`,
    );
  }
  const durationUs = endUs !== undefined ? endUs - (startUs ?? 0) : undefined;
  const span =
    startUs !== undefined || endUs !== undefined
      ? ` (${formatTime(startUs ?? 0)}–${endUs === undefined ? 'end' : formatTime(endUs)})`
      : '';
  const label = options.label ?? `${basename(path)}${span}`;
  const streamDurationUs = probe.durationUs === null ? null : probe.durationUs - (startUs ?? 0);
  const known = durationUs ?? streamDurationUs;
  const openAtRate =
    (sampleRate: number): PcmChunkSource =>
    () => ({
      async *[Symbol.asyncIterator]() {
        const stream = await openAudioPcmStream(path, {
          sampleRate,
          startUs,
          durationUs,
          signal: options.signal,
          probe,
        });
        yield* stream.chunks;
      },
    });
  return {
    label,
    probe,
    durationSeconds: known === null ? null : Math.max(0, known) / 1_000_000,
    open: openAtRate(VOICE_SAMPLE_RATE),
    openAtRate,
  };
}

/** A source over samples already in memory (text-to-speech output, tests). */
export function memorySpeechSource(samples: Float32Array, chunkSize = 16_384): PcmChunkSource {
  return () => ({
    async *[Symbol.asyncIterator]() {
      for (let offset = 0; offset < samples.length; offset += chunkSize) {
        yield samples.subarray(offset, Math.min(samples.length, offset + chunkSize));
      }
    },
  });
}
