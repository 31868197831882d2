// Bad input to the face pipeline gives a StudioError that names the file (or model) and the
// problem, never a crash: damaged, mismatched or wrong model files, files without pictures, and
// files that are not images at all. (No faces, grey and huge photos: faceStills.test.ts.)
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StudioError } from '../../../shared/errors';
import { locateFfmpeg } from '../../media/ffmpegLocator';
import { runProcess } from '../../media/runProcess';
import { openAnalysisFrames } from '../../media/videoFrameReader';
import { prepareEmbeddedModel } from '../inference/embeddedModels';
import { sha256OfBytes } from '../inference/fileHashing';
import { findEmbeddedManifestDirectory, loadEmbeddedModelManifest } from '../inference/modelManifest';
import { InferenceSessionPool } from '../inference/sessionPool';
import { FaceAnalyzer } from './faceAnalyzer';
import { loadFaceModels } from './faceModels';
import { FACE_TEST_DATA_DIR } from './testSupport/faceTestSupport';

async function caught(promise: Promise<unknown>): Promise<StudioError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(StudioError);
  return error as StudioError;
}

describe('face pipeline: bad input', () => {
  let folder: string;
  let pool: InferenceSessionPool;
  let facemesh: { path: string; sha256: string };
  let detector: { path: string; sha256: string };

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'doppel-face-bad-'));
    pool = new InferenceSessionPool({ defaultProvider: 'cpu' });
    const manifests = findEmbeddedManifestDirectory()!;
    const prepare = async (id: string) => {
      const prepared = await prepareEmbeddedModel({
        dataDir: FACE_TEST_DATA_DIR,
        manifest: await loadEmbeddedModelManifest(join(manifests, `${id}.json`)),
      });
      return { path: prepared.onnxPath, sha256: prepared.onnxSha256 };
    };
    facemesh = await prepare('facemesh');
    detector = await prepare('blazeface-back');
  });

  afterAll(() => {
    pool?.dispose();
    rmSync(folder, { recursive: true, force: true });
  });

  it('a corrupt model file: names the model and the file', async () => {
    const bytes = Buffer.from('this is not an ONNX model, just text where protobuf should be');
    const path = join(folder, 'corrupt.onnx');
    writeFileSync(path, bytes);
    const error = await caught(
      loadFaceModels({
        pool,
        dataDir: FACE_TEST_DATA_DIR,
        roles: ['detector'],
        modelFiles: { detector: { path, sha256: sha256OfBytes(bytes) } },
      }),
    );
    expect(error.code).toBe('MODEL_CORRUPT');
    expect(error.message).toContain('Model "blazeface-back"');
    expect(error.message).toContain(path);
  });

  it('a model whose sha256 is not the expected one: names the model and both hashes', async () => {
    const error = await caught(
      loadFaceModels({
        pool,
        dataDir: FACE_TEST_DATA_DIR,
        roles: ['detector'],
        modelFiles: { detector: { path: detector.path, sha256: 'a'.repeat(64) } },
      }),
    );
    expect(error.code).toBe('MODEL_HASH_MISMATCH');
    expect(error.message).toContain('Model "blazeface-back"');
    expect(error.message).toContain(detector.sha256);
    expect(error.message).toContain('a'.repeat(64));
  });

  it('a model with the wrong signature (the mesh model as the detector): says what differs', async () => {
    const error = await caught(
      loadFaceModels({
        pool,
        dataDir: FACE_TEST_DATA_DIR,
        roles: ['detector'],
        modelFiles: { detector: facemesh },
      }),
    );
    expect(error.code).toBe('MODEL_SIGNATURE_MISMATCH');
    expect(error.message).toMatch(
      /Model "blazeface-back" does not match its manifest: input "input" is missing \(the model has "input_1"\)/,
    );
    expect(error.message).toContain('output "Identity_3" is missing');
  });

  describe('media', () => {
    let analyzer: FaceAnalyzer;

    beforeAll(async () => {
      analyzer = await FaceAnalyzer.load({
        pool,
        dataDir: FACE_TEST_DATA_DIR,
        roles: ['detector', 'landmarks'],
      });
    });

    afterAll(() => analyzer?.dispose());

    it('a video file with no video stream: names the file', async () => {
      const path = join(folder, 'voice only.m4a');
      const args = [
        '-hide_banner',
        '-v',
        'error',
        '-f',
        'lavfi',
        '-i',
        'sine=frequency=220:duration=1',
        '-c:a',
        'aac',
        path,
      ];
      await runProcess(await locateFfmpeg(), args);
      const error = await caught(analyzer.analyseFile(path));
      expect(error.code).toBe('UNSUPPORTED_FORMAT');
      expect(error.message).toBe(
        `"${path}" has no video stream: face analysis needs a photo or a video, and it holds only audio.`,
      );
      const direct = await caught(openAnalysisFrames(path));
      expect(direct.code).toBe('UNSUPPORTED_FORMAT');
      expect(direct.message).toContain(path);
    });

    it('a text file named like a photo: names the file', async () => {
      const path = join(folder, 'holiday.jpg');
      writeFileSync(path, 'Notes from the holiday, not a picture.\n');
      const viaProbe = await caught(analyzer.analyseFile(path));
      expect(viaProbe.code).toBe('MEDIA_UNREADABLE');
      expect(viaProbe.message).toContain(path);
      const direct = await caught(analyzer.analyseStill(path));
      expect(direct.code).toBe('MEDIA_UNREADABLE');
      expect(direct.message).toMatch(/holiday\.jpg" cannot be read as an image/);
    });

    it('a file that does not exist: names the file', async () => {
      const path = join(folder, 'gone.mp4');
      const error = await caught(analyzer.analyseFile(path));
      expect(error.code).toBe('FILE_NOT_FOUND');
      expect(error.message).toContain(path);
    });
  });
});
