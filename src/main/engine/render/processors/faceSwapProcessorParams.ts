// The "faceSwap" processor's params: what the user sets (src/shared/model/faceSwapParams.ts) plus
// `resolved`, which the render fills in on the project side before frames reach the workers
// (faceSwapRenderSources.ts), since worker threads see no project: the clip's face analysis, the
// source face's picture and mesh, and which face tracks to replace.
import { z } from 'zod';
import { StudioError } from '../../../../shared/errors';
import { faceSwapUserParamsShape } from '../../../../shared/model/faceSwapParams';

const filePath = z.string().min(1).max(4096);

export const MESH_VALUES = 468 * 3;

export const resolvedFaceSwapSchema = z
  .object({
    /** The face analysis (faces-v1.json) of the clip's video: the target meshes, per frame. */
    facesPath: filePath,
    source: z
      .object({
        /** A photo, or the video a face track was taken from. */
        path: filePath,
        /** The video frame the face is taken from; null for a photo. */
        frameIndex: z.number().int().nonnegative().nullable(),
        /** 468 x (x, y, z) in the picture's pixels as shown. */
        landmarks: z.array(z.number()).length(MESH_VALUES),
      })
      .strict(),
    /** Face tracks of the clip's analysis to replace; null = every face. */
    targetTrackIds: z.array(z.number().int().nonnegative()).nullable(),
    /** The user data folder (installed model packs, for the inswapper engine). */
    dataDir: filePath,
  })
  .strict();
export type ResolvedFaceSwap = z.infer<typeof resolvedFaceSwapSchema>;

export const faceSwapParamsSchema = z
  .object({ ...faceSwapUserParamsShape, resolved: resolvedFaceSwapSchema.optional() })
  .strict();
export type FaceSwapParams = z.infer<typeof faceSwapParamsSchema>;

export function parseFaceSwapParams(raw: unknown): FaceSwapParams {
  const parsed = faceSwapParamsSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || '(settings)'}: ${issue.message}`,
    );
    throw new StudioError('INVALID_ARGUMENT', `Face swap settings are invalid: ${problems.join('; ')}`);
  }
  return parsed.data;
}
