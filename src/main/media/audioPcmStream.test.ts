import { writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  audioSpanDecodeArguments,
  decodeAudioFile,
  Float32ChunkAssembler,
  openAudioPcmStream,
} from './audioPcmStream';
import { locateFfmpeg } from './ffmpegLocator';
import { createFixtureFolder, type FixtureFolder } from './mediaTestFixtures';
import { runProcess } from './runProcess';

let fixtures: FixtureFolder;
beforeAll(async () => {
  fixtures = await createFixtureFolder('doppel-pcm-test-');
});
afterAll(async () => {
  await fixtures.cleanup();
});

async function ffmpeg(args: string[]): Promise<void> {
  await runProcess(await locateFfmpeg(), ['-hide_banner', '-nostdin', '-v', 'error', '-y', ...args]);
}

describe('audioSpanDecodeArguments', () => {
  it('decodes one stream, optionally a span, to mono f32le on stdout', () => {
    expect(audioSpanDecodeArguments({ inputPath: '/m/a b.mp4', streamIndex: 1, sampleRate: 22050 })).toEqual([
      ...['-hide_banner', '-nostdin', '-v', 'error', '-protocol_whitelist', 'file', '-i', 'file:/m/a b.mp4'],
      ...['-map', '0:1', '-ac', '1', '-ar', '22050', '-c:a', 'pcm_f32le', '-f', 'f32le', 'pipe:1'],
    ]);
    expect(
      audioSpanDecodeArguments({
        inputPath: '/m/x.wav',
        streamIndex: 0,
        sampleRate: 16000,
        startUs: 1_500_000,
        durationUs: 250_000,
      }),
    ).toEqual([
      ...[
        '-hide_banner',
        '-nostdin',
        '-v',
        'error',
        '-ss',
        '1.500000',
        '-protocol_whitelist',
        'file',
        '-i',
        'file:/m/x.wav',
      ],
      ...[
        '-t',
        '0.250000',
        '-map',
        '0:0',
        '-ac',
        '1',
        '-ar',
        '16000',
        '-c:a',
        'pcm_f32le',
        '-f',
        'f32le',
        'pipe:1',
      ],
    ]);
    expect(() => audioSpanDecodeArguments({ inputPath: 'x', streamIndex: 0, sampleRate: 0 })).toThrow(
      /sampleRate/,
    );
  });
});

describe('Float32ChunkAssembler', () => {
  it('reassembles samples split anywhere', () => {
    const bytes = Buffer.alloc(5 * 4);
    [0.5, -0.25, 1, 0.125, -1].forEach((value, index) => bytes.writeFloatLE(value, index * 4));
    for (const cut of [1, 3, 4, 7, 19]) {
      const assembler = new Float32ChunkAssembler();
      const values = [...assembler.push(bytes.subarray(0, cut)), ...assembler.push(bytes.subarray(cut))];
      expect(values).toEqual([0.5, -0.25, 1, 0.125, -1]);
    }
  });
});

describe('openAudioPcmStream', () => {
  it.each([
    ['8-bit unsigned', ['-ar', '11025', '-c:a', 'pcm_u8'], 'u8.wav'],
    ['stereo 44.1 kHz', ['-ar', '44100', '-ac', '2', '-c:a', 'pcm_s16le'], 'stereo.wav'],
    ['8 kHz', ['-ar', '8000', '-c:a', 'pcm_s16le'], '8k.wav'],
    ['96 kHz 24-bit', ['-ar', '96000', '-c:a', 'pcm_s24le'], '96k.wav'],
  ])('turns %s audio into mono float at the asked rate', async (_name, codec, name) => {
    const file = `${fixtures.dir}/${name}`;
    await ffmpeg(['-f', 'lavfi', '-i', 'sine=frequency=300:sample_rate=48000:duration=2', ...codec, file]);
    const samples = await decodeAudioFile(file, { sampleRate: 22050 });
    expect(Math.abs(samples.length - 2 * 22050)).toBeLessThanOrEqual(32);
    let peak = 0;
    for (const sample of samples) peak = Math.max(peak, Math.abs(sample));
    // lavfi's sine has amplitude 1/8; 8-bit keeps it within a quantisation step.
    expect(peak).toBeGreaterThan(0.1);
    expect(peak).toBeLessThan(0.14);
  });

  it('decodes a span and refuses a file without sound', async () => {
    const tone = await fixtures.fixture('tone.wav');
    const span = await decodeAudioFile(tone, { sampleRate: 8000, startUs: 250_000, durationUs: 500_000 });
    expect(span.length).toBe(4000);
    await expect(
      openAudioPcmStream(await fixtures.fixture('video-no-audio.mp4'), { sampleRate: 8000 }),
    ).rejects.toMatchObject({
      code: 'UNSUPPORTED_FORMAT',
      message: /video-no-audio\.mp4" has no audio stream/,
    });
    const notMedia = `${fixtures.dir}/notes.wav`;
    await writeFile(notMedia, 'not audio at all\n');
    await expect(decodeAudioFile(notMedia, { sampleRate: 8000 })).rejects.toMatchObject({
      code: 'MEDIA_UNREADABLE',
    });
  });

  it('stops ffmpeg when the consumer stops early', async () => {
    const long = `${fixtures.dir}/long.wav`;
    await ffmpeg(['-f', 'lavfi', '-i', 'sine=frequency=200:duration=60', '-c:a', 'pcm_s16le', long]);
    const stream = await openAudioPcmStream(long, { sampleRate: 22050 });
    let read = 0;
    for await (const chunk of stream.chunks) {
      read += chunk.length;
      if (read > 22050) break;
    }
    expect(read).toBeLessThan(60 * 22050);
    await expect(decodeAudioFile(long, { sampleRate: 22050, maxSeconds: 10 })).rejects.toMatchObject({
      message: /longer than 10 s/,
    });
  });
});
