// The inswapper engine end to end through the real render pipeline: a GRID talking-head clip, the
// fixture inswapper/ArcFace models imported into the real faceswap-inswapper pack, real ffmpeg
// decode/encode (lossless H.264, so untouched pixels survive exactly), real worker threads running
// the face stack and the engine. The output keeps every frame and changes only inside the pasted
// face region; a different source face gives a different result.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Box } from '../../face/faceGeometry';
import { applyAffine } from '../../face/faceGeometry';
import { FramePyramid } from '../../face/rgbFrame';
import {
  FACE_TEST_DATA_DIR,
  loadTestAnalyzer,
  missingFaceMedia,
  sharedFacePath,
  type TestAnalyzer,
} from '../../face/testSupport/faceTestSupport';
import { decodeAllFramesRgb, probeRenderedFile } from '../../../media/renderTestFixtures';
import { renderSourceFromStore } from '../../../services/renderRecords';
import { PackCatalogue } from '../../models/modelPackCatalogue';
import { ModelPackManager } from '../../models/modelPackManager';
import { writeArcfaceFixture, writeInswapperFixture } from '../../models/testSupport/packFixtureModels';
import { createBuiltInFrameProcessorRegistry } from '../../render/builtInFrameProcessors';
import { COLOR_BALANCE_PROCESSOR_ID } from '../../render/processors/colorBalanceProcessor';
import { prepareRender, runRender } from '../../render/renderJob';
import { RenderTestProject } from '../../render/testSupport/renderTestProject';
import { alignFace, ARCFACE_128 } from './faceAlignment';
import {
  createInswapperTestProcessor,
  INSWAPPER_TEST_PROCESSOR_ID,
} from './testSupport/inswapperTestProcessor';

const WIDTH = 360;
const HEIGHT = 288;
const FRAMES = 12;
const workerPath = fileURLToPath(new URL('./testSupport/inswapperTestWorker.ts', import.meta.url));
const skipReason = missingFaceMedia([
  'videos/grid_bbaf2n.mpg',
  'faces/grid_lbbc2a.jpg',
  'faces/grid_swiz3n.jpg',
]);

describe.skipIf(skipReason !== undefined)('the inswapper engine through the render pipeline', () => {
  let folder: string;
  let models: ModelPackManager;
  let project: RenderTestProject;
  let clipId: string;
  let analyzer: TestAnalyzer;
  const effectId = randomUUID();

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'doppel-inswapper-render-'));
    models = new ModelPackManager({
      dataDir: join(folder, 'home'),
      catalogue: await PackCatalogue.load({ extraDirectory: '' }),
      mirror: undefined,
    });
    project = RenderTestProject.create(folder, { width: WIDTH, height: HEIGHT, fps: { num: 25, den: 1 } });
    const [asset] = await project.importFiles(sharedFacePath('videos/grid_bbaf2n.mpg'));
    clipId = project.addClip(asset!, project.track('video').id, { startUs: 0, outUs: FRAMES * 40_000 }).id;
    project.store.effects.insert({
      id: effectId,
      clipId,
      kind: COLOR_BALANCE_PROCESSOR_ID,
      params: {},
      order: 0,
      enabled: true,
    });
    analyzer = await loadTestAnalyzer(['detector', 'landmarks']);
  });

  afterAll(async () => {
    analyzer?.dispose();
    models?.dispose();
    project?.close();
    await rm(folder, { recursive: true, force: true });
  });

  function swapParams(sourceStill: string) {
    return {
      sourceImagePath: sharedFacePath(`faces/${sourceStill}`),
      dataDir: join(folder, 'home'),
      faceModelsDataDir: FACE_TEST_DATA_DIR,
    };
  }

  async function render(kind: string, params: unknown, name: string): Promise<Uint8Array[]> {
    project.store.effects.update(effectId, { kind, params });
    const registry = createBuiltInFrameProcessorRegistry().register(createInswapperTestProcessor);
    const outputPath = join(folder, name);
    const prepared = await prepareRender(
      { outputPath, preset: 'source', codec: { crf: 0, encoderSpeed: 'ultrafast' }, range: null },
      renderSourceFromStore(project.store),
      registry,
      (modelId) => models.isModelInstalled(modelId),
    );
    const outcome = await runRender({
      renderId: randomUUID(),
      prepared,
      registry,
      encodeStage: [],
      workerCount: 1,
      workerEntry: { kind: 'typescript', path: workerPath },
    });
    expect(outcome.frames).toBe(FRAMES);
    const probe = await probeRenderedFile(outputPath);
    expect(probe.streams.find((stream) => stream.codec_type === 'video')?.nb_read_frames).toBe(
      String(FRAMES),
    );
    return decodeAllFramesRgb(outputPath, WIDTH, HEIGHT);
  }

  /** Where the engine may paste: the arcface_128 crop's footprint around the face, plus a margin. */
  async function pasteRegion(frame: Uint8Array): Promise<Box> {
    const [mesh] = await analyzer.analyzer.meshesInPicture(
      new FramePyramid({ width: WIDTH, height: HEIGHT, data: frame }),
    );
    expect(mesh).toBeDefined();
    const { cropToFrame } = alignFace(mesh!.points, ARCFACE_128);
    const corners = [
      [0, 0],
      [127, 0],
      [0, 127],
      [127, 127],
    ].map(([u, v]) => applyAffine(cropToFrame, u!, v!));
    const margin = 6; // tracking smoothing and chroma subsampling at the edge
    const x = Math.min(...corners.map((corner) => corner.x)) - margin;
    const y = Math.min(...corners.map((corner) => corner.y)) - margin;
    return {
      x,
      y,
      width: Math.max(...corners.map((corner) => corner.x)) + margin - x,
      height: Math.max(...corners.map((corner) => corner.y)) + margin - y,
    };
  }

  it('refuses to start before the pack is installed, naming the missing models', async () => {
    project.store.effects.update(effectId, {
      kind: INSWAPPER_TEST_PROCESSOR_ID,
      params: swapParams('grid_lbbc2a.jpg'),
    });
    await expect(
      prepareRender(
        { outputPath: join(folder, 'never.mp4'), preset: 'source', codec: {}, range: null },
        renderSourceFromStore(project.store),
        createBuiltInFrameProcessorRegistry().register(createInswapperTestProcessor),
        (modelId) => models.isModelInstalled(modelId),
      ),
    ).rejects.toMatchObject({
      code: 'MODEL_NOT_INSTALLED',
      message: expect.stringMatching(/inswapper-128 .*arcface-w600k-r50/),
    });
  });

  it('swaps the face inside the pasted region only, keeping every frame', async () => {
    await writeInswapperFixture(join(folder, 'inswapper_128.onnx'));
    await writeArcfaceFixture(join(folder, 'w600k_r50.onnx'));
    for (const [fileId, file] of [
      ['inswapper-128', 'inswapper_128.onnx'],
      ['arcface-w600k-r50', 'w600k_r50.onnx'],
    ] as const) {
      await models.importFile({
        packId: 'faceswap-inswapper',
        fileId,
        path: join(folder, file),
        acceptLicences: true,
      });
    }

    const reference = await render(COLOR_BALANCE_PROCESSOR_ID, {}, 'reference.mp4');
    const swapped = await render(INSWAPPER_TEST_PROCESSOR_ID, swapParams('grid_lbbc2a.jpg'), 'swapped.mp4');
    const otherSource = await render(
      INSWAPPER_TEST_PROCESSOR_ID,
      swapParams('grid_swiz3n.jpg'),
      'other-source.mp4',
    );

    for (const index of [0, Math.floor(FRAMES / 2), FRAMES - 1]) {
      const before = reference[index]!;
      const after = swapped[index]!;
      const region = await pasteRegion(before);
      let outsideChanged = 0;
      let insideDifference = 0;
      let insideCount = 0;
      let sourceDifference = 0;
      for (let y = 0; y < HEIGHT; y++) {
        for (let x = 0; x < WIDTH; x++) {
          const offset = (y * WIDTH + x) * 3;
          let difference = 0;
          let versusOther = 0;
          for (let channel = 0; channel < 3; channel++) {
            difference = Math.max(difference, Math.abs(before[offset + channel]! - after[offset + channel]!));
            versusOther = Math.max(
              versusOther,
              Math.abs(after[offset + channel]! - otherSource[index]![offset + channel]!),
            );
          }
          const inside =
            x >= region.x && x < region.x + region.width && y >= region.y && y < region.y + region.height;
          if (!inside && difference > 2) outsideChanged += 1;
          if (inside) {
            insideDifference += difference;
            sourceDifference += versusOther;
            insideCount += 1;
          }
        }
      }
      expect(outsideChanged, `frame ${index}: pixels changed outside the face region`).toBe(0);
      expect(
        insideDifference / insideCount,
        `frame ${index}: mean change inside the face region`,
      ).toBeGreaterThan(10);
      expect(
        sourceDifference / insideCount,
        `frame ${index}: a different source face changes the result`,
      ).toBeGreaterThan(2);
    }
  });
});
