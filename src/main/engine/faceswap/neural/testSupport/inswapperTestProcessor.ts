// Test support: a frame processor that drives the inswapper engine the way the face-swap effect
// does — track the target faces with the face stack (detector + 468-point mesh, One-Euro smoothed),
// then hand each face's mesh to the engine's swapper built from a source still. It exists so the
// engine can be rendered end to end through the real render pipeline and its worker threads
// before (and independently of) the faceSwap effect; it is registered only by the test worker
// (inswapperTestWorker.ts), never in the studio.
import { z } from 'zod';
import { StudioError } from '../../../../../shared/errors';
import { FaceAnalyzer } from '../../../face/faceAnalyzer';
import { FaceTracker } from '../../../face/faceTracker';
import { FramePyramid } from '../../../face/rgbFrame';
import { loadStillImage } from '../../../face/stillImageLoading';
import { InferenceSessionPool } from '../../../inference/sessionPool';
import type { FrameProcessor } from '../../../render/frameProcessor';
import { inswapperFaceSwapEngine, inswapperRequiredModels } from '../inswapperEngine';

export const INSWAPPER_TEST_PROCESSOR_ID = 'inswapperTestFaceSwap';

const paramsSchema = z
  .object({
    sourceImagePath: z.string().min(1),
    /** The model store's data folder (installed packs). */
    dataDir: z.string().min(1),
    /** Where the embedded face models are converted and cached. */
    faceModelsDataDir: z.string().min(1),
    enhance: z.boolean().default(false),
  })
  .strict();

type Params = z.infer<typeof paramsSchema>;

export function createInswapperTestProcessor(): FrameProcessor<Params> {
  return {
    id: INSWAPPER_TEST_PROCESSOR_ID,
    displayName: 'Neural face swap (inswapper, test harness)',
    // The real models are per-settings (enhance adds GFPGAN); pre-check asks for them below.
    requiredModels: [],
    needsFramesInOrder: true,
    pixelFormats: ['rgb24'],
    parseParams(raw) {
      const parsed = paramsSchema.safeParse(raw);
      if (!parsed.success)
        throw new StudioError('INVALID_ARGUMENT', `inswapper test params: ${parsed.error.message}`);
      return parsed.data;
    },
    async preCheck(params, context) {
      const missing = [];
      for (const model of inswapperRequiredModels(params)) {
        if (!(await context.isModelInstalled(model.id))) missing.push(`${model.id} (${model.purpose})`);
      }
      if (missing.length > 0) {
        throw new StudioError(
          'MODEL_NOT_INSTALLED',
          `The neural face swap needs models that are not installed: ${missing.join(', ')}.`,
        );
      }
    },
    async prepare(params) {
      const pool = new InferenceSessionPool({ defaultProvider: 'cpu' });
      const analyzer = await FaceAnalyzer.load({
        pool,
        dataDir: params.faceModelsDataDir,
        roles: ['detector', 'landmarks'],
      });
      const still = await loadStillImage(params.sourceImagePath);
      const [sourceMesh] = await analyzer.meshesInPicture(new FramePyramid(still.frame));
      if (sourceMesh === undefined)
        throw new StudioError('INVALID_ARGUMENT', `No face in ${params.sourceImagePath}.`);
      const swapper = await inswapperFaceSwapEngine.createSwapper(
        { picture: still.frame, landmarks: sourceMesh.points },
        { enhance: params.enhance, enhanceBlend: 0.8 },
        { dataDir: params.dataDir, pool },
      );
      const tracker = new FaceTracker(analyzer.detector, analyzer.landmarker, undefined);
      return {
        async processFrame(frame, info) {
          const picture = { width: frame.width, height: frame.height, data: frame.data };
          const faces = await tracker.processFrame(new FramePyramid(picture), info.timelineUs / 1_000_000);
          for (const face of faces) await swapper.swapFace(picture, face.smoothedPoints);
        },
        dispose() {
          swapper.dispose();
          analyzer.dispose();
          pool.dispose();
        },
      };
    },
  };
}
