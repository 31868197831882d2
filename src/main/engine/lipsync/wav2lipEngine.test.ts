// The Wav2Lip path: the face tensor is laid out as Wav2Lip reads it (BGR planes, lower half of the
// first three blacked out, reference whole), the paste touches only the lower face, and end to end
// with the model packs' Wav2Lip fixture (same tensors as wav2lip_gan_96; its output is the reference
// face shifted by a quarter of the mel window's mean, so louder speech = brighter) the rendered
// mouth region follows each frame's mel window while the rest of the picture is left alone (up to
// the watermark and the codec, which every render has).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeAudioFile } from '../../media/audioPcmStream';
import { FACE_TEST_DATA_DIR, loadTestAnalyzer, type TestAnalyzer } from '../face/testSupport/faceTestSupport';
import { writeWav2LipFixture } from '../models/testSupport/packFixtureModels';
import { createContentSafetyGate, type ContentSafetyGate } from '../safety/contentSafetyGate';
import { sharedClassifierDataDir } from '../safety/testSupport/safetyTestMedia';
import { lipSyncFile } from './lipSyncFileJob';
import { decodeFrames, frameRmsEnvelope, missingLipSyncMedia, pearson } from './testSupport/lipSyncMeasures';
import { gridClip, jfkSpeech } from './testSupport/lipSyncTestMedia';
import {
  melWindowAt,
  pasteWav2LipFace,
  wav2LipFaceBox,
  wav2LipFaceTensor,
  wav2LipPasteMask,
} from './wav2lipEngine';
import { wav2lipMelSpectrogram } from './wav2lipMel';

describe('Wav2Lip face tensor and paste', () => {
  it('stacks the masked face and the reference as BGR planes of 96x96', () => {
    // Red above, green below.
    const frame = { width: 200, height: 200, data: new Uint8Array(200 * 200 * 3) };
    for (let y = 0; y < 200; y++) {
      for (let x = 0; x < 200; x++) frame.data[(y * 200 + x) * 3 + (y < 100 ? 0 : 1)] = 255;
    }
    const tensor = wav2LipFaceTensor(frame, { x0: 0, y0: 0, x1: 200, y1: 200 });
    const at = (channel: number, row: number, column: number) =>
      tensor[channel * 96 * 96 + row * 96 + column]!;
    expect(tensor).toHaveLength(6 * 96 * 96);
    // Upper half: B=0, G=0, R=1 in both the masked face and the reference.
    expect([at(0, 10, 40), at(1, 10, 40), at(2, 10, 40)]).toEqual([0, 0, 1]);
    expect([at(3, 10, 40), at(4, 10, 40), at(5, 10, 40)]).toEqual([0, 0, 1]);
    // Lower half: blacked out in the first three planes, green in the reference.
    for (const row of [48, 70, 95])
      expect([at(0, row, 40), at(1, row, 40), at(2, row, 40)]).toEqual([0, 0, 0]);
    expect([at(3, 70, 40), at(4, 70, 40), at(5, 70, 40)]).toEqual([0, 1, 0]);
  });

  it('pastes only the lower face, softly', () => {
    expect(wav2LipPasteMask(0.5, 0.2)).toBe(0);
    expect(wav2LipPasteMask(0.5, 0.75)).toBe(1);
    expect(wav2LipPasteMask(0.01, 0.75)).toBe(0);
    expect(wav2LipPasteMask(0.5, 0.49)).toBeGreaterThan(0);
    expect(wav2LipPasteMask(0.5, 0.49)).toBeLessThan(1);
    const frame = { width: 100, height: 100, data: new Uint8Array(100 * 100 * 3) };
    pasteWav2LipFace(frame, { x0: 0, y0: 0, x1: 100, y1: 100 }, new Float32Array(3 * 96 * 96).fill(1), 1);
    const pixel = (x: number, y: number) => frame.data[(y * 100 + x) * 3 + 1];
    expect(pixel(50, 75)).toBe(255);
    expect(pixel(50, 20)).toBe(0);
    expect(pixel(1, 75)).toBe(0);
  });

  it('boxes the face from the eyebrows to below the chin, inside the frame', () => {
    const mesh = new Float32Array(468 * 3);
    for (let index = 0; index < 468; index++) {
      mesh[index * 3] = 100 + (index % 50);
      mesh[index * 3 + 1] = 100 + (index % 50);
    }
    mesh[152 * 3 + 1] = 158; // the chin, near the frame's bottom edge
    const box = wav2LipFaceBox(mesh, 160, 160);
    expect(box.x0).toBeGreaterThanOrEqual(100);
    expect(box.x1).toBeLessThanOrEqual(150);
    // From 5 % of the face height above the highest eyebrow point (y 100)…
    expect(box.y0).toBeCloseTo(100 - 0.05 * 58, 5);
    expect(box.y1).toBe(160); // …to 8 % below the chin, clipped to the frame
  });
});

const skipReason = missingLipSyncMedia(['videos/grid_bbaf2n.mpg', 'speech/jfk_inaugural_16k.wav']);
if (skipReason !== undefined) console.warn(`[wav2lipEngine] skipping: ${skipReason}`);

describe.skipIf(skipReason !== undefined)('Wav2Lip end to end (fixture model)', () => {
  let folder: string;
  let analyzer: TestAnalyzer;
  let gate: ContentSafetyGate;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'doppel-wav2lip-'));
    analyzer = await loadTestAnalyzer(['detector', 'landmarks']);
    gate = await createContentSafetyGate({ dataDir: sharedClassifierDataDir(), pool: analyzer.pool });
  });

  afterAll(async () => {
    gate?.dispose();
    analyzer?.dispose();
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it('drives the lower face by the mel window of each frame and leaves the rest alone', async () => {
    const model = join(folder, 'wav2lip_gan_96.onnx');
    await writeWav2LipFixture(model);
    const video = await gridClip(folder, 'head.mp4', 1.6);
    const speech = await jfkSpeech(folder, 'speech.wav', 0.2, 1.6); // "And so, my fellow": loud and quiet parts
    const outputPath = join(folder, 'wav2lip.mp4');
    const result = await lipSyncFile(
      { videoPath: video, audioPath: speech, outputPath, engine: 'wav2lip', wav2lipModelPath: model },
      { dataDir: FACE_TEST_DATA_DIR, signingDataDir: folder, gate, pool: analyzer.pool },
    );
    expect(result).toMatchObject({ engine: 'wav2lip', frames: 40, framesWithFace: 40 });
    const analysis = await analyzer.analyzer.analyseVideo(video);
    const input = await decodeFrames(video);
    const output = await decodeFrames(outputPath);
    const brightness: number[] = [];
    const aboveDifferences: number[] = [];
    const pastedDifferences: number[] = [];
    input.forEach((frame, index) => {
      const mesh = analysis.frames[index]!.faces[0]!.landmarks;
      const box = wav2LipFaceBox(mesh, frame.width, frame.height);
      // Inside the fully pasted part: rows 60-85 %, columns 25-75 % of the box.
      let sum = 0;
      let absolute = 0;
      let count = 0;
      for (let y = Math.round(box.y0 + 0.6 * (box.y1 - box.y0)); y < box.y0 + 0.85 * (box.y1 - box.y0); y++) {
        for (
          let x = Math.round(box.x0 + 0.25 * (box.x1 - box.x0));
          x < box.x0 + 0.75 * (box.x1 - box.x0);
          x++
        ) {
          const at = (y * frame.width + x) * 3;
          sum += output[index]!.data[at + 1]! - frame.data[at + 1]!;
          absolute += Math.abs(output[index]!.data[at + 1]! - frame.data[at + 1]!);
          count += 1;
        }
      }
      brightness.push(sum / count);
      pastedDifferences.push(absolute / count);
      // Above the box's middle the picture is the input's (up to the codec).
      let difference = 0;
      const top = Math.floor(box.y0 + 0.3 * (box.y1 - box.y0)) * frame.width * 3;
      for (let at = 0; at < top; at++) difference += Math.abs(output[index]!.data[at]! - frame.data[at]!);
      aboveDifferences.push(difference / top);
    });
    const mean = (values: number[]) => values.reduce((total, value) => total + value, 0) / values.length;
    console.info(
      `[wav2lipEngine] mean |output - input| above the paste ${mean(aboveDifferences).toFixed(2)}, in the pasted mouth ${mean(pastedDifferences).toFixed(2)}`,
    );
    // The fixture shifts the face by a quarter of the mean of the mel window it is given: the pasted
    // brightness must follow the mean of each frame's own window (frame i: from i/25 s, 0.2 s long).
    const samples = await decodeAudioFile(speech, { sampleRate: 16_000 });
    const mel = wav2lipMelSpectrogram(samples);
    const window = new Float32Array(80 * 16);
    const windowMeans = input.map((_, index) => {
      const values = melWindowAt(mel, index / 25, window);
      return values.reduce((total, value) => total + value, 0) / values.length;
    });
    const followsWindow = pearson(brightness, windowMeans);
    const followsLoudness = pearson(brightness, frameRmsEnvelope(samples, 40, 25));
    console.info(
      `[wav2lipEngine] pasted brightness vs each frame's mel-window mean: r = ${followsWindow.toFixed(3)}; vs the frame's loudness: r = ${followsLoudness.toFixed(3)}`,
    );
    expect(followsWindow).toBeGreaterThan(0.9);
    // Outside the paste only the watermark and the codec touch the picture: far less than inside.
    expect(mean(aboveDifferences)).toBeLessThan(0.1 * mean(pastedDifferences));
  });
});
