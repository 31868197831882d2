import { readdir, readFile, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFixtureFolder, type FixtureFolder } from './mediaTestFixtures';
import { decodeAudioFile } from './audioPcmStream';
import { probeMedia } from './probeMedia';
import { encodeWavSamples, WavFileWriter, wavHeader } from './wavFileWriter';

let folder: FixtureFolder;
beforeAll(async () => {
  folder = await createFixtureFolder('doppel-wav-test-');
});
afterAll(async () => {
  await folder.cleanup();
});

describe('wavHeader', () => {
  it('writes the canonical 44-byte PCM header', () => {
    const header = wavHeader({ sampleRate: 22050, channels: 1, sampleFormat: 'pcm16' }, 1000);
    expect(header.toString('ascii', 0, 4)).toBe('RIFF');
    expect(header.readUInt32LE(4)).toBe(1036);
    expect(header.toString('ascii', 8, 16)).toBe('WAVEfmt ');
    expect([header.readUInt16LE(20), header.readUInt16LE(22), header.readUInt32LE(24)]).toEqual([
      1, 1, 22050,
    ]);
    expect([header.readUInt32LE(28), header.readUInt16LE(32), header.readUInt16LE(34)]).toEqual([
      44100, 2, 16,
    ]);
    expect(header.toString('ascii', 36, 40)).toBe('data');
    expect(header.readUInt32LE(40)).toBe(1000);
  });

  it('rounds and clamps 16-bit samples', () => {
    const bytes = encodeWavSamples(Float32Array.from([0, 0.5, -0.5, 1.5, -1.5]), 'pcm16');
    expect([0, 1, 2, 3, 4].map((index) => bytes.readInt16LE(index * 2))).toEqual([
      0, 16384, -16384, 32767, -32768,
    ]);
  });
});

describe('WavFileWriter', () => {
  it('streams samples into a WAV that ffmpeg reads back exactly', async () => {
    const path = `${folder.dir}/out.wav`;
    const writer = await WavFileWriter.create(path, {
      sampleRate: 22050,
      channels: 1,
      sampleFormat: 'pcm16',
    });
    const tone = Float32Array.from({ length: 22050 }, (_, index) => 0.25 * Math.sin(index / 5));
    for (let offset = 0; offset < tone.length; offset += 1000)
      await writer.write(tone.subarray(offset, offset + 1000));
    await writer.close();
    const probe = await probeMedia(path);
    expect(probe).toMatchObject({
      kind: 'audio',
      audioCodec: 'pcm_s16le',
      audioSampleRate: 22050,
      audioChannels: 1,
    });
    expect(probe.durationUs).toBe(1_000_000);
    const back = await decodeAudioFile(path, { sampleRate: 22050 });
    for (let index = 0; index < tone.length; index += 997) expect(back[index]).toBeCloseTo(tone[index]!, 4);
    expect((await readdir(folder.dir)).filter((name) => name.includes('.tmp'))).toEqual([]);
  });

  it('leaves nothing behind, and an existing file untouched, when aborted', async () => {
    const path = `${folder.dir}/keep.wav`;
    await writeFile(path, 'the user’s original');
    const writer = await WavFileWriter.create(path, {
      sampleRate: 8000,
      channels: 1,
      sampleFormat: 'float32',
    });
    await writer.write(new Float32Array(100));
    await writer.abort();
    expect(await readFile(path, 'utf8')).toBe('the user’s original');
    expect((await readdir(folder.dir)).filter((name) => name.startsWith('keep.wav.'))).toEqual([]);
    await expect(
      WavFileWriter.create(`${folder.dir}/no/such/folder/x.wav`, {
        sampleRate: 8000,
        channels: 1,
        sampleFormat: 'pcm16',
      }),
    ).rejects.toMatchObject({
      code: 'FILE_NOT_FOUND',
    });
  });
});
