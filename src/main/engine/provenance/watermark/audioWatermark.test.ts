// The audio watermark, embedded in JS on the PCM the render streams to its encoder, read back
// from real AAC files written by ffmpeg.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeAudioFile } from '../../../media/audioPcmStream';
import {
  ffmpeg,
  SHARED_MEDIA,
  SHARED_MEDIA_MISSING,
  sharedMediaPresent,
  temporaryFolder,
} from '../testSupport/provenanceTestMedia';
import { AudioWatermarkEmbedder } from './audioWatermarkEmbedder';
import { detectAudioWatermark } from './audioWatermarkDetector';
import { samplesPerSymbol } from './audioWatermarkLayout';
import { encodeWatermarkCodeword } from './watermarkPayload';

const watermarkId = '5d6e7f80-9a1b-4c2d';
const RATE = 48_000;

async function stereoPcm(file: string): Promise<Float32Array> {
  const mono = await decodeAudioFile(file, { sampleRate: RATE });
  const stereo = new Float32Array(mono.length * 2);
  mono.forEach((value, index) => {
    stereo[2 * index] = value;
    stereo[2 * index + 1] = value * 0.8;
  });
  return stereo;
}

/** Feeds the embedder in uneven chunks, as a pipe would. */
function embed(samples: Float32Array, chunkFrames: number[]): Float32Array {
  const embedder = new AudioWatermarkEmbedder({
    codeword: encodeWatermarkCodeword(watermarkId),
    sampleRate: RATE,
    channels: 2,
  });
  let frame = 0;
  let turn = 0;
  while (frame * 2 < samples.length) {
    const count = Math.min(chunkFrames[turn++ % chunkFrames.length] as number, samples.length / 2 - frame);
    const chunk = samples.subarray(frame * 2, (frame + count) * 2);
    expect(embedder.process(chunk, frame)).toBe(chunk);
    frame += count;
  }
  return samples;
}

async function encodeAac(
  samples: Float32Array,
  output: string,
  bitrate: string,
  leadingSilenceMs = 0,
): Promise<void> {
  const raw = `${output}.f32`;
  await writeFile(raw, Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength));
  const delay = leadingSilenceMs > 0 ? ['-af', `adelay=${leadingSilenceMs}:all=1`] : [];
  await ffmpeg([
    '-f',
    'f32le',
    '-ar',
    String(RATE),
    '-ac',
    '2',
    '-i',
    raw,
    ...delay,
    '-c:a',
    'aac',
    '-b:a',
    bitrate,
    output,
  ]);
}

function snrDb(original: Float32Array, marked: Float32Array): number {
  let signal = 0;
  let noise = 0;
  for (let index = 0; index < original.length; index++) {
    signal += (original[index] as number) ** 2;
    noise += ((marked[index] as number) - (original[index] as number)) ** 2;
  }
  return 10 * Math.log10(signal / noise);
}

describe.skipIf(!sharedMediaPresent)(
  `audio watermark through AAC${sharedMediaPresent ? '' : ` (${SHARED_MEDIA_MISSING})`}`,
  () => {
    let work: Awaited<ReturnType<typeof temporaryFolder>>;
    beforeAll(async () => {
      work = await temporaryFolder('doppel-audio-watermark-');
    });
    afterAll(async () => {
      await work?.cleanup();
    });

    for (const clip of [
      'speech/jfk_inaugural_16k.wav',
      'speech/grid_lbbc2a_female_16k.wav',
      'videos/grid_bbaf2n.mpg',
    ]) {
      it(`${clip}: read back from AAC at 128k and 64k, 20 dB or more below the signal`, async () => {
        const original = await stereoPcm(path.join(SHARED_MEDIA, clip));
        const marked = embed(original.slice(), [8192, 1777, 4096, 333]);
        const snr = snrDb(original, marked);
        expect(snr).toBeGreaterThan(20);
        const base = path.join(work.dir, path.parse(clip).name);
        const results: string[] = [];
        for (const bitrate of ['128k', '64k']) {
          await encodeAac(marked, `${base}-${bitrate}.m4a`, bitrate);
          const detection = await detectAudioWatermark(`${base}-${bitrate}.m4a`);
          expect(detection.found).toBe(true);
          expect(detection.renderId).toBe(watermarkId);
          expect(detection.bitAccuracy).toBeGreaterThanOrEqual(0.99);
          results.push(
            `${bitrate} acc ${detection.bitAccuracy?.toFixed(3)} score ${detection.score.toFixed(2)}`,
          );
        }
        const clean = await detectAudioWatermark(path.join(SHARED_MEDIA, clip));
        expect(clean.found).toBe(false);
        console.log(
          `[audio watermark] ${clip}: SNR ${snr.toFixed(1)} dB; ${results.join('; ')}; clean score ${clean.score.toFixed(2)}`,
        );
      }, 60_000);
    }

    it('finds the alignment when the audio arrives 25 ms late', async () => {
      const marked = embed(
        await stereoPcm(path.join(SHARED_MEDIA, 'speech/ljspeech_LJ001-0001.wav')),
        [48_000],
      );
      const file = path.join(work.dir, 'late.m4a');
      await encodeAac(marked, file, '128k', 25);
      const detection = await detectAudioWatermark(file);
      expect(detection.found).toBe(true);
      expect(detection.renderId).toBe(watermarkId);
      expect(Math.abs(detection.offsetMs - 25)).toBeLessThan(0.5);
    }, 60_000);

    it('finds nothing in clean speech, tones, noise or silence', async () => {
      const files = [
        path.join(SHARED_MEDIA, 'speech/jfk_inaugural_44k_stereo.flac'),
        path.join(SHARED_MEDIA, 'speech/ljspeech_LJ001-0005.wav'),
        path.join(SHARED_MEDIA, 'speech/grid_bbaf2n_male_16k.wav'),
        path.join(SHARED_MEDIA, 'videos/synth_astronaut_kenburns_jfk.mp4'),
      ];
      for (const [name, source] of [
        ['tone.m4a', 'sine=frequency=2000:duration=4'],
        ['noise.m4a', 'anoisesrc=duration=4:color=pink:amplitude=0.3'],
        ['silence.m4a', 'anullsrc=r=48000:cl=stereo:d=4'],
      ] as const) {
        const file = path.join(work.dir, name);
        await ffmpeg(['-f', 'lavfi', '-i', source, '-t', '4', '-c:a', 'aac', '-b:a', '128k', file]);
        files.push(file);
      }
      for (const file of files) {
        const detection = await detectAudioWatermark(file);
        expect(detection.found, file).toBe(false);
        expect(detection.renderId).toBeNull();
      }
    }, 60_000);
  },
);

describe('audio watermark input checks', () => {
  it('refuses sample rates that do not divide into 40 ms symbols, and odd channel layouts', () => {
    expect(samplesPerSymbol(44_100)).toBe(1764);
    expect(() => samplesPerSymbol(44_101)).toThrow(/multiple of 25 Hz/);
    const codeword = encodeWatermarkCodeword(watermarkId);
    expect(() => new AudioWatermarkEmbedder({ codeword, sampleRate: RATE, channels: 0 })).toThrow(/channels/);
    const embedder = new AudioWatermarkEmbedder({ codeword, sampleRate: RATE, channels: 2 });
    expect(() => embedder.process(new Float32Array(3), 0)).toThrow(/whole frames/);
  });

  it('keeps digital silence silent', () => {
    const embedder = new AudioWatermarkEmbedder({
      codeword: encodeWatermarkCodeword(watermarkId),
      sampleRate: RATE,
      channels: 1,
    });
    const silence = new Float32Array(RATE);
    embedder.process(silence, 0);
    expect(silence.every((value) => value === 0)).toBe(true);
  });
});
