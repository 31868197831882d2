// "passThrough": hands every frame back untouched. It exists to exercise (and measure) the JS path
// of the render pipeline - decoder, this process, worker threads, back to the encoder - with no
// work of its own; tests and `npm run bench -- render` use it. Not offered to users as an effect.
import { z } from 'zod';
import { StudioError } from '../../../../shared/errors';
import type { FrameProcessor } from '../frameProcessor';

const paramsSchema = z
  .object({
    /** Test hook: fail on this output frame, to prove worker errors stop the render cleanly. */
    failAtFrame: z.number().int().nonnegative().optional(),
    /** Test hook: hold every frame this long, so a test can act while a render is surely running. */
    delayMs: z.number().int().nonnegative().max(1000).optional(),
    /** Test hook: identities the effect claims to use, so consent checks can be exercised end to end. */
    identityIds: z.array(z.string().min(1).max(64)).max(16).optional(),
  })
  .strict();

type PassThroughParams = z.infer<typeof paramsSchema>;

export const PASS_THROUGH_PROCESSOR_ID = 'passThrough';

export function createPassThroughProcessor(): FrameProcessor<PassThroughParams> {
  return {
    id: PASS_THROUGH_PROCESSOR_ID,
    displayName: 'Pass-through (test)',
    requiredModels: [],
    needsFramesInOrder: false,
    // Any format will do; YUV needs no conversion at all.
    pixelFormats: ['yuv420p', 'rgb24'],
    identityIdsOf: (params) => params.identityIds ?? [],
    parseParams(raw) {
      const parsed = paramsSchema.safeParse(raw ?? {});
      if (!parsed.success) {
        throw new StudioError('INVALID_ARGUMENT', `passThrough params are invalid: ${parsed.error.message}`);
      }
      return parsed.data;
    },
    async preCheck() {},
    async prepare(params) {
      return {
        async processFrame(_frame, info) {
          if (params.failAtFrame === info.outputFrame) {
            throw new StudioError('INTERNAL', `passThrough was told to fail at frame ${info.outputFrame}.`);
          }
          if (params.delayMs) await new Promise((resolve) => setTimeout(resolve, params.delayMs));
        },
        dispose() {},
      };
    },
  };
}
