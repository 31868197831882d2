// Whatever the input's format (8-bit, stereo, 8 kHz, 96 kHz/24-bit, AAC in a video), the voice
// match decodes it through ffmpeg, converts it, and writes a 22 050 Hz mono WAV of the same length.
// Fixtures are generated speech-like signals, so no shared media is needed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeMedia } from '../../media/probeMedia';
import { fileSpeechSource } from './audioFileSources';
import { profileSpeech } from './dspVoiceConversion';
import type { SpeechProfile } from './speechProfile';
import { convertSpeechToWav } from './voiceMatchJobs';
import {
  decodeSpeech,
  ffmpegFixture,
  profileOf,
  speechLikeLavfi,
  temporaryFolder,
  type TemporaryFolder,
} from './testSupport/voiceTestMedia';

let folder: TemporaryFolder;
let target: SpeechProfile;

beforeAll(async () => {
  folder = await temporaryFolder();
  const reference = folder.file('reference.wav');
  await ffmpegFixture(['-f', 'lavfi', '-i', speechLikeLavfi(6, 22050, 210), '-c:a', 'pcm_s16le', reference]);
  target = await profileSpeech((await fileSpeechSource(reference)).open);
});
afterAll(async () => {
  await folder.cleanup();
});

describe('voice match input formats', () => {
  it.each([
    ['8-bit mono', 'u8.wav', ['-ar', '16000', '-c:a', 'pcm_u8']],
    ['stereo', 'stereo.wav', ['-ar', '44100', '-ac', '2', '-c:a', 'pcm_s16le']],
    ['8 kHz', 'narrow.wav', ['-ar', '8000', '-c:a', 'pcm_s16le']],
    ['96 kHz 24-bit', 'hires.wav', ['-ar', '96000', '-c:a', 'pcm_s24le']],
    ['AAC in an MP4 with video', 'clip.mp4', ['-ar', '48000', '-c:a', 'aac']],
  ])('converts %s speech to a WAV of the same length', async (_name, file, codec) => {
    const input = folder.file(file);
    const video = file.endsWith('.mp4')
      ? ['-f', 'lavfi', '-i', 'testsrc=size=64x48:rate=25', '-shortest', '-c:v', 'mpeg4']
      : [];
    await ffmpegFixture(['-f', 'lavfi', '-i', speechLikeLavfi(3, 48000, 120), ...video, ...codec, input]);
    const source = await fileSpeechSource(input);
    const output = folder.file(`${file}.converted.wav`);
    const result = await convertSpeechToWav(source.open, target, output, {
      totalSeconds: source.durationSeconds ?? undefined,
    });
    const probe = await probeMedia(output);
    expect(probe).toMatchObject({ audioCodec: 'pcm_s16le', audioSampleRate: 22050, audioChannels: 1 });
    expect(Math.abs(probe.durationUs! / 1e6 / source.durationSeconds! - 1)).toBeLessThan(0.01);
    expect(result.sampleCount).toBe((await decodeSpeech(input)).length);
    const converted = await profileOf(await decodeSpeech(output));
    expect(Math.abs(converted.f0!.medianHz / target.f0!.medianHz - 1)).toBeLessThan(0.1);
  });
});
