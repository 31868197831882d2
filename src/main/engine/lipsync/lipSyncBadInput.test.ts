// Lip sync on awkward input, through the real job (real ffmpeg, real face models, real workers):
// - speech shorter than the video: the output keeps the video's length, the sound is silent after
//   the speech and the mouth closes (rule: longer speech is trimmed - see the acceptance test -
//   shorter speech is followed by silence);
// - silence: the mouth stays closed although the man in the video is talking;
// - a face that leaves the picture for ten frames: those frames pass through unchanged;
// - a Wav2Lip look-alike with the wrong signature, a video that is not one, speech with no sound,
//   an output that is an input: refused before anything is written, naming the file.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeAudioFile } from '../../media/audioPcmStream';
import { FACE_TEST_DATA_DIR, loadTestAnalyzer, type TestAnalyzer } from '../face/testSupport/faceTestSupport';
import { createContentSafetyGate, type ContentSafetyGate } from '../safety/contentSafetyGate';
import { sharedClassifierDataDir } from '../safety/testSupport/safetyTestMedia';
import { lipSyncFile, type LipSyncFileRequest } from './lipSyncFileJob';
import {
  decodeFrames,
  missingLipSyncMedia,
  mouthOpeningSeries,
  sharedMedia,
} from './testSupport/lipSyncMeasures';
import {
  gridClip,
  jfkSpeech,
  silence,
  soundlessVideo,
  writeWrongSignatureWav2Lip,
} from './testSupport/lipSyncTestMedia';

const skipReason = missingLipSyncMedia(['videos/grid_bbaf2n.mpg', 'speech/jfk_inaugural_16k.wav']);
if (skipReason !== undefined) console.warn(`[lipSyncBadInput] skipping: ${skipReason}`);

function meanOf(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0) / values.length;
}

function meanAbsoluteDifference(a: Uint8Array, b: Uint8Array): number {
  let sum = 0;
  for (let index = 0; index < a.length; index++) sum += Math.abs(a[index]! - b[index]!);
  return sum / a.length;
}

describe.skipIf(skipReason !== undefined)('lip sync on awkward input', () => {
  let folder: string;
  let analyzer: TestAnalyzer;
  let gate: ContentSafetyGate;
  let clip: string;
  let originalOpening: number[];

  const run = (request: Partial<LipSyncFileRequest> & { audioPath: string; outputPath: string }) =>
    lipSyncFile(
      { videoPath: clip, engine: 'classical', ...request },
      { dataDir: FACE_TEST_DATA_DIR, signingDataDir: folder, gate, pool: analyzer.pool },
    );

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'doppel-lipsync-bad-input-'));
    analyzer = await loadTestAnalyzer(['detector', 'landmarks']);
    gate = await createContentSafetyGate({ dataDir: sharedClassifierDataDir(), pool: analyzer.pool });
    clip = await gridClip(folder, 'head.mp4', 1.2); // 30 frames; he starts talking at frame ~10
    originalOpening = mouthOpeningSeries(await analyzer.analyzer.analyseVideo(clip));
  });

  afterAll(async () => {
    gate?.dispose();
    analyzer?.dispose();
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it('keeps the video length and closes the mouth after speech that is shorter', async () => {
    const speech = await jfkSpeech(folder, 'short.wav', 0.3, 0.5); // "And so", loud throughout
    const outputPath = join(folder, 'short.mp4');
    const result = await run({ audioPath: speech, outputPath });
    expect(result.frames).toBe(30);
    expect(result.speech.rule).toBe('silence after the speech');
    const sound = await decodeAudioFile(outputPath, { sampleRate: 16_000 });
    expect(sound.length / 16_000).toBeCloseTo(1.2, 1);
    const rms = (from: number, to: number) =>
      Math.sqrt(
        sound.subarray(from * 16_000, to * 16_000).reduce((sum, value) => sum + value * value, 0) /
          ((to - from) * 16_000),
      );
    expect(rms(0.05, 0.45)).toBeGreaterThan(0.02);
    expect(rms(0.6, 1.15)).toBeLessThan(0.001);
    const opening = mouthOpeningSeries(await analyzer.analyzer.analyseVideo(outputPath));
    expect(Math.max(...opening.slice(2, 12))).toBeGreaterThan(0.08);
    expect(Math.max(...opening.slice(20, 30))).toBeLessThan(0.03);
  });

  it('keeps the mouth closed on silence while the man in the video talks', async () => {
    const outputPath = join(folder, 'silence.mp4');
    const result = await run({ audioPath: await silence(folder, 'silence.wav', 1.2), outputPath });
    expect(result.frames).toBe(30);
    const opening = mouthOpeningSeries(await analyzer.analyzer.analyseVideo(outputPath));
    expect(Math.max(...originalOpening.slice(10, 30))).toBeGreaterThan(0.04);
    expect(Math.max(...opening)).toBeLessThan(0.03);
  });

  it('passes through the frames where the face has left the picture (only the watermark is added)', async () => {
    const covered = await gridClip(folder, 'covered.mp4', 1.2, [10, 19]);
    const outputPath = join(folder, 'covered-out.mp4');
    const result = await run({
      videoPath: covered,
      audioPath: await jfkSpeech(folder, 'long.wav', 0, 2),
      outputPath,
    });
    expect(result.frames).toBe(30);
    expect(result.framesWithFace).toBe(20);
    expect(result.framesPassedThrough).toBe(10);
    const input = await decodeFrames(covered);
    const output = await decodeFrames(outputPath);
    // Every render is watermarked (and re-encoded): the floor is the change at the top of the
    // picture, which the lip sync never touches (the face and the warp are below it).
    const floor = meanOf(
      output.map((frame, index) =>
        meanAbsoluteDifference(
          frame.data.subarray(0, frame.width * 3 * 50),
          input[index]!.data.subarray(0, frame.width * 3 * 50),
        ),
      ),
    );
    const passed = [10, 11, 12, 13, 14, 15, 16, 17, 18, 19].map((index) =>
      meanAbsoluteDifference(output[index]!.data, input[index]!.data),
    );
    // The frames with the face were animated (JFK is speaking there): measured around the mouth.
    const mouth = (await analyzer.analyzer.analyseVideo(covered)).frames[5]!.faces[0]!.landmarks;
    const [mouthX, mouthY] = [Math.round(mouth[13 * 3]!), Math.round(mouth[13 * 3 + 1]!)];
    const animated = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29].map((index) => {
      const frame = output[index]!;
      let sum = 0;
      let count = 0;
      for (let y = mouthY - 15; y < mouthY + 15; y++) {
        for (let x = mouthX - 25; x < mouthX + 25; x++) {
          const at = (y * frame.width + x) * 3;
          for (let channel = 0; channel < 3; channel++) {
            sum += Math.abs(frame.data[at + channel]! - input[index]!.data[at + channel]!);
            count += 1;
          }
        }
      }
      return sum / count;
    });
    console.info(
      `[lipSyncBadInput] mean |output - input|: passed-through frames ${Math.max(...passed).toFixed(2)} (max), ` +
        `untouched top of the picture ${floor.toFixed(2)}, around the animated mouth ${Math.max(...animated).toFixed(2)} (max)`,
    );
    for (const difference of passed) expect(difference).toBeLessThan(1.5 * floor);
    expect(Math.max(...animated)).toBeGreaterThan(4 * floor);
  });

  it('refuses a Wav2Lip model with the wrong signature, naming the file, before writing anything', async () => {
    const model = join(folder, 'not-wav2lip.onnx');
    await writeWrongSignatureWav2Lip(model);
    const outputPath = join(folder, 'never.mp4');
    await expect(
      run({
        audioPath: sharedMedia('speech/jfk_inaugural_16k.wav'),
        outputPath,
        engine: 'wav2lip',
        wav2lipModelPath: model,
      }),
    ).rejects.toMatchObject({
      code: 'MODEL_SIGNATURE_MISMATCH',
      message: expect.stringContaining('not-wav2lip.onnx'),
    });
    expect(existsSync(outputPath)).toBe(false);
  });

  it('refuses inputs that are not what they should be, naming them', async () => {
    const speech = sharedMedia('speech/jfk_inaugural_16k.wav');
    await expect(
      run({ videoPath: speech, audioPath: speech, outputPath: join(folder, 'x.mp4') }),
    ).rejects.toMatchObject({
      code: 'UNSUPPORTED_FORMAT',
      message: expect.stringContaining('jfk_inaugural_16k.wav'),
    });
    const mute = await soundlessVideo(folder, 'mute.mp4');
    await expect(run({ audioPath: mute, outputPath: join(folder, 'y.mp4') })).rejects.toMatchObject({
      code: 'UNSUPPORTED_FORMAT',
      message: expect.stringContaining('mute.mp4'),
    });
    await expect(run({ audioPath: speech, outputPath: clip })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    await expect(
      run({ audioPath: speech, outputPath: join(folder, 'z.mp4'), engine: 'wav2lip' }),
    ).rejects.toMatchObject({
      code: 'MODEL_NOT_INSTALLED',
    });
  });
});
