// The RVC v2 path end to end with ONNX models the project generates at test time (same signatures
// as the real ContentVec / RVC v2 / RMVPE exports), run by the real onnxruntime through the shared
// session pool. The fixture voice model sings the pitch it is given, so the output's F0 shows that
// pitch went through tracking, mapping, coarse/fine tensors and the model.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeMedia } from '../../../media/probeMedia';
import { memorySpeechSource } from '../audioFileSources';
import { profileSpeech } from '../dspVoiceConversion';
import type { SpeechProfile } from '../speechProfile';
import {
  writeContentVecFixture,
  writeRmvpeFixture,
  writeRvcVoiceFixture,
} from '../testSupport/rvcFixtureModels';
import {
  clippedSampleCount,
  decodeSpeech,
  ffmpegFixture,
  profileOf,
  speechLikeLavfi,
  temporaryFolder,
  type TemporaryFolder,
} from '../testSupport/voiceTestMedia';
import { decodeAudioFile } from '../../../media/audioPcmStream';
import { convertWithRvcToWav } from './rvcJobs';

let folder: TemporaryFolder;
let target: SpeechProfile;
let speech: string;
const models = { modelPath: '', contentVecPath: '', transposeSemitones: 0 };

beforeAll(async () => {
  folder = await temporaryFolder('doppel-rvc-test-');
  models.modelPath = folder.file('voice.onnx');
  models.contentVecPath = folder.file('contentvec.onnx');
  await writeRvcVoiceFixture(models.modelPath);
  await writeContentVecFixture(models.contentVecPath);
  speech = folder.file('speech.wav');
  await ffmpegFixture(['-f', 'lavfi', '-i', speechLikeLavfi(12.5, 22050, 120), '-c:a', 'pcm_s16le', speech]);
  const reference = folder.file('reference.wav');
  await ffmpegFixture(['-f', 'lavfi', '-i', speechLikeLavfi(6, 22050, 210), '-c:a', 'pcm_s16le', reference]);
  target = await profileSpeech(memorySpeechSource(await decodeSpeech(reference)));
});
afterAll(async () => {
  await folder.cleanup();
});

describe('RVC v2 voice conversion (generated fixture models)', () => {
  it('converts speech across block joins at the model rate, with the pitch moved to the reference', async () => {
    const output = folder.file('converted.wav');
    const result = await convertWithRvcToWav({ inputPath: speech, models, target, outputPath: output });
    expect(result.sampleRate).toBe(40_000);
    const probe = await probeMedia(output);
    expect(probe).toMatchObject({ audioSampleRate: 40_000, audioChannels: 1, audioCodec: 'pcm_s16le' });
    // 12.5 s crosses a 10 s block join; the length is the input's.
    expect(Math.abs(result.sampleCount / 40_000 - 12.5)).toBeLessThan(0.01);
    const samples = await decodeAudioFile(output, { sampleRate: 22050 });
    expect(clippedSampleCount(samples)).toBe(0);
    const sung = await profileOf(samples);
    expect(Math.abs(sung.f0!.medianHz / target.f0!.medianHz - 1)).toBeLessThan(0.1);
    // No click at the 10 s join: the largest sample step around it is like the signal's own.
    const join = 10 * 22050;
    let around = 0;
    for (let index = join - 400; index < join + 400; index++)
      around = Math.max(around, Math.abs(samples[index]! - samples[index - 1]!));
    let typical = 0;
    for (let index = join - 20_000; index < join - 400; index++)
      typical = Math.max(typical, Math.abs(samples[index]! - samples[index - 1]!));
    expect(around).toBeLessThanOrEqual(typical * 1.5);
  });

  it('uses an installed RMVPE model for pitch, and speaks typed text', async () => {
    const rmvpePath = folder.file('rmvpe.onnx');
    await writeRmvpeFixture(rmvpePath, 150);
    const output = folder.file('rmvpe.wav');
    await convertWithRvcToWav({
      inputPath: speech,
      models: { ...models, rmvpePath, transposeSemitones: 12 },
      target: null,
      outputPath: output,
    });
    const sung = await profileOf(await decodeAudioFile(output, { sampleRate: 22050 }));
    expect(Math.abs(sung.f0!.medianHz / 300 - 1)).toBeLessThan(0.05);

    const spoken = folder.file('spoken.wav');
    const result = await convertWithRvcToWav({
      text: 'Hello from a typed line.',
      models,
      target,
      outputPath: spoken,
    });
    expect(result.sampleCount / result.sampleRate).toBeGreaterThan(1);
  });

  it('refuses a voice model with the wrong signature, naming the file, and writes nothing', async () => {
    const v1 = folder.file('old v1 voice.onnx');
    await writeRvcVoiceFixture(v1, { phoneFeatures: 256 });
    const output = folder.file('never.wav');
    await expect(
      convertWithRvcToWav({
        inputPath: speech,
        models: { ...models, modelPath: v1 },
        target,
        outputPath: output,
      }),
    ).rejects.toMatchObject({
      code: 'MODEL_SIGNATURE_MISMATCH',
      message: expect.stringMatching(
        /"old v1 voice\.onnx" is not an RVC v2 voice model .*input "phone" has shape \[1,T,256\]/,
      ),
    });
    const wrongFeatures = folder.file('hubert256.onnx');
    await writeContentVecFixture(wrongFeatures, 256);
    await expect(
      convertWithRvcToWav({
        inputPath: speech,
        models: { ...models, contentVecPath: wrongFeatures },
        target,
        outputPath: output,
      }),
    ).rejects.toMatchObject({
      code: 'MODEL_SIGNATURE_MISMATCH',
      message: /"hubert256\.onnx" is not a ContentVec 768 model/,
    });
    await expect(
      convertWithRvcToWav({
        inputPath: speech,
        models: { ...models, modelPath: speech },
        target,
        outputPath: output,
      }),
    ).rejects.toMatchObject({ code: 'MODEL_CORRUPT', message: /"speech\.wav" is not an ONNX model/ });
    await expect(probeMedia(output)).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
  });
});
