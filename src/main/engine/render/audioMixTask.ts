// The audio half of a render: one ffmpeg mixes every audible clip into interleaved stereo float32
// PCM, which is handed (through the encode stage's audio transforms, if any) to the encoder's audio
// pipe. Audio is ~384 KB per second, so passing it through JS costs next to nothing.
import type { Writable } from 'node:stream';
import { StudioError } from '../../../shared/errors';
import { audioMixArguments, MIX_CHANNELS } from '../../media/renderArguments';
import { BackpressureWriter } from '../../media/rawVideoStreams';
import { spawnProcess } from '../../media/runProcess';
import type { ComposedEncodeStage } from './encodeStage';
import type { RenderPlan } from './renderPlan';

const BYTES_PER_SAMPLE_FRAME = 4 * MIX_CHANNELS;

export interface AudioMixTaskOptions {
  ffmpegPath: string;
  audio: RenderPlan['audio'];
  signal: AbortSignal;
  /** The encoder's audio input pipe. */
  target: Writable;
  transforms: ComposedEncodeStage['audioTransforms'];
}

async function transformed(
  bytes: Buffer,
  firstSampleFrame: number,
  transforms: AudioMixTaskOptions['transforms'],
): Promise<Uint8Array> {
  if (transforms.length === 0) return bytes;
  // Float32Array needs 4-byte alignment, which a slice of a stream chunk does not promise: copy.
  let samples: Float32Array = new Float32Array(bytes.length / 4);
  new Uint8Array(samples.buffer).set(bytes);
  for (const { name, transform } of transforms) {
    const result = await transform(samples, firstSampleFrame);
    if (result.length !== samples.length) {
      throw new StudioError(
        'INTERNAL',
        `The ${name} audio transform returned ${result.length} samples for ${samples.length}: the audio would drift.`,
      );
    }
    samples = result;
  }
  return new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength);
}

/** Resolves with the number of sample frames delivered (always `audio.totalSamples` on success). */
export async function runAudioMixTask(options: AudioMixTaskOptions): Promise<number> {
  const { audio } = options;
  const mixer = spawnProcess(
    options.ffmpegPath,
    audioMixArguments({
      placements: audio.placements,
      sampleRate: audio.sampleRate,
      totalSamples: audio.totalSamples,
    }),
    { signal: options.signal, label: 'ffmpeg mixing the audio' },
  );
  const writer = new BackpressureWriter(options.target, 'The encoder (audio input)');
  let leftover: Buffer | null = null;
  let delivered = 0;
  for await (const chunk of mixer.stdout as AsyncIterable<Buffer>) {
    const data: Buffer = leftover ? Buffer.concat([leftover, chunk]) : chunk;
    const usable = data.length - (data.length % BYTES_PER_SAMPLE_FRAME);
    leftover = usable < data.length ? Buffer.from(data.subarray(usable)) : null;
    if (usable === 0) continue;
    const out = await transformed(data.subarray(0, usable), delivered, options.transforms);
    delivered += usable / BYTES_PER_SAMPLE_FRAME;
    await writer.write(out);
  }
  await mixer.exited;
  await writer.end();
  if (leftover || delivered !== audio.totalSamples) {
    throw new StudioError(
      'FFMPEG_FAILED',
      `The audio mix produced ${delivered} samples instead of ${audio.totalSamples}.`,
    );
  }
  return delivered;
}
