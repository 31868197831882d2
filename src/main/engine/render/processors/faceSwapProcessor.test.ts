// The "faceSwap" frame processor on its own, with the real classical engine and real face models
// (for the analysis it reads): a frame whose analysis has a chosen face is changed, a frame where
// the target has no face passes through byte for byte, and the pre-checks refuse what cannot render.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StudioError } from '../../../../shared/errors';
import type { FaceAnalysis } from '../../face/faceAnalysisResult';
import { loadStillImage } from '../../face/stillImageLoading';
import { loadTestAnalyzer, missingFaceMedia, sharedFacePath } from '../../face/testSupport/faceTestSupport';
import type { FrameInfo, ProcessorPreCheckContext } from '../frameProcessor';
import { createFaceSwapProcessor } from './faceSwapProcessor';

const SOURCE = 'faces/astronaut.png';
const TARGET = 'faces/grid_bbaf2n.jpg';
const skipReason = missingFaceMedia([SOURCE, TARGET]);
if (skipReason !== undefined) console.warn(`[faceSwapProcessor] skipping: ${skipReason}`);

const info = (sourceUs: number | null): FrameInfo => ({
  outputFrame: 0,
  timelineUs: sourceUs ?? 0,
  sourceUs,
  clipId: 'clip',
  assetId: 'asset',
});

const preCheckContext = (installed: boolean): ProcessorPreCheckContext => ({
  effectId: 'effect',
  clipId: 'clip',
  isModelInstalled: async () => installed,
});

describe.skipIf(skipReason !== undefined)('faceSwap processor (classical engine, real face analysis)', () => {
  const folder = mkdtempSync(join(tmpdir(), 'doppel-faceswap-processor-'));
  let params: ReturnType<ReturnType<typeof createFaceSwapProcessor>['parseParams']>;
  let target: Awaited<ReturnType<typeof loadStillImage>>;

  beforeAll(async () => {
    const models = await loadTestAnalyzer(['detector', 'landmarks']);
    try {
      const source = await models.analyzer.analyseStill(sharedFacePath(SOURCE));
      const still = await models.analyzer.analyseStill(sharedFacePath(TARGET));
      target = await loadStillImage(sharedFacePath(TARGET));
      // The still as a two-frame "video": the face in frame 0, gone from frame 1.
      const face = still.frames[0]!.faces[0]!;
      const analysis: FaceAnalysis = {
        ...still,
        kind: 'video',
        fps: { num: 25, den: 1 },
        frames: [
          { index: 0, timeUs: 0, faces: [face] },
          { index: 1, timeUs: 40_000, faces: [] },
        ],
      };
      const facesPath = join(folder, 'faces-v1.json');
      writeFileSync(facesPath, JSON.stringify(analysis));
      params = createFaceSwapProcessor().parseParams({
        sourceIdentityId: 'identity',
        resolved: {
          facesPath,
          source: {
            path: sharedFacePath(SOURCE),
            frameIndex: null,
            landmarks: source.frames[0]!.faces[0]!.landmarks,
          },
          targetTrackIds: null,
          dataDir: folder,
        },
      });
    } finally {
      models.dispose();
    }
  }, 300_000);

  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('changes the face where the analysis has one and passes other frames through unchanged', async () => {
    const processor = createFaceSwapProcessor();
    await processor.preCheck(params, preCheckContext(false));
    const { width, height } = target.frame;
    const prepared = await processor.prepare(params, { width, height, pixelFormat: 'rgb24', workerIndex: 0 });
    try {
      const withFace = Uint8Array.from(target.frame.data);
      await prepared.processFrame({ width, height, pixelFormat: 'rgb24', data: withFace }, info(0));
      let changed = 0;
      for (let index = 0; index < withFace.length; index += 1)
        if (withFace[index] !== target.frame.data[index]) changed += 1;
      // A face of ~100 px across: thousands of bytes change, and far from all of the picture.
      expect(changed).toBeGreaterThan(3000);
      expect(changed).toBeLessThan(withFace.length / 4);

      const withoutFace = Uint8Array.from(target.frame.data);
      await prepared.processFrame({ width, height, pixelFormat: 'rgb24', data: withoutFace }, info(40_000));
      expect(Buffer.compare(Buffer.from(withoutFace), Buffer.from(target.frame.data))).toBe(0);
      // A frame with no source time (a gap) is not touched either.
      const gap = Uint8Array.from(target.frame.data);
      await prepared.processFrame({ width, height, pixelFormat: 'rgb24', data: gap }, info(null));
      expect(Buffer.compare(Buffer.from(gap), Buffer.from(target.frame.data))).toBe(0);
    } finally {
      await prepared.dispose();
    }
  }, 120_000);

  it('refuses an effect without a source, an unprepared one, and the neural engine without its pack', async () => {
    const processor = createFaceSwapProcessor();
    const codeOf = async (promise: Promise<unknown>): Promise<string> => {
      try {
        await promise;
        return 'no error';
      } catch (error) {
        return error instanceof StudioError ? `${error.code}: ${error.message}` : String(error);
      }
    };
    expect(await codeOf(processor.preCheck(processor.parseParams({}), preCheckContext(true)))).toMatch(
      /^INVALID_ARGUMENT: .*no source face/,
    );
    expect(
      await codeOf(
        processor.preCheck(processor.parseParams({ sourceIdentityId: 'identity' }), preCheckContext(true)),
      ),
    ).toMatch(/^INVALID_ARGUMENT: .*not prepared/);
    expect(
      await codeOf(processor.preCheck({ ...params, engine: 'inswapper' }, preCheckContext(false))),
    ).toMatch(/^MODEL_NOT_INSTALLED: .*faceswap-inswapper/);
    expect(() => processor.parseParams({ blend: 2 })).toThrow(/blend/);
  });
});
