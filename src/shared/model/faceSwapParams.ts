// The "faceSwap" effect's parameters as the user sets them (stored on the effect, edited by the
// inspector's generic params editor). The render adds `resolved` (file paths, the source face's
// mesh, the chosen target tracks) in src/main before frames reach the worker threads; it is never
// set by hand, so it is not part of this schema.
//   sourceIdentityId      the face identity whose face is put in (its first source: a photo, or a
//                         face track of a video); it needs a consent record to render
//   targetMode            which faces of the clip are replaced: every face ("all"), the faces
//                         marked as targets in the Faces tab ("marked"), the listed face tracks
//                         ("tracks"), or the faces that look like the identity `targetReference` ("identity")
//   engine                "classical" (mesh warp, offline) or "inswapper" (neural, needs the pack)
//   blend                 0 leaves the target alone, 1 replaces the face fully
//   mask options          soft edge width and inset (in eye distances), keep the target's eyes and
//                         mouth (blinks and speech stay the target's), swap the forehead too
import { z } from 'zod';
import type { EffectParamFieldInput } from '../timeline/effectParamFields';

export const FACE_SWAP_EFFECT_KIND = 'faceSwap';

const identifier = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

export const faceSwapEngineIdSchema = z.enum(['classical', 'inswapper']);
export type FaceSwapEngineId = z.infer<typeof faceSwapEngineIdSchema>;

export const faceSwapTargetModeSchema = z.enum(['all', 'marked', 'tracks', 'identity']);
export type FaceSwapTargetMode = z.infer<typeof faceSwapTargetModeSchema>;

export const faceSwapUserParamsShape = {
  // '' (the inspector's "not chosen yet") reads as absent: the pre-check asks for a source face.
  sourceIdentityId: z.preprocess((value) => (value === '' ? undefined : value), identifier.optional()),
  targetMode: faceSwapTargetModeSchema.default('all'),
  targetTrackIds: z.array(z.number().int().nonnegative()).max(64).default([]),
  // Not named "…IdentityId": it only picks faces to replace, nothing is synthesised from it.
  targetReference: z.preprocess((value) => (value === '' ? undefined : value), identifier.optional()),
  engine: faceSwapEngineIdSchema.default('classical'),
  blend: z.number().min(0).max(1).default(1),
  featherEyeDistances: z.number().min(0.02).max(0.5).default(0.15),
  shrinkEyeDistances: z.number().min(0).max(0.3).default(0.04),
  keepTargetEyes: z.boolean().default(true),
  keepTargetMouth: z.boolean().default(true),
  includeForehead: z.boolean().default(false),
  /** inswapper only: run the face enhancer (GFPGAN 1.4, part of the pack) after the swap. */
  enhance: z.boolean().default(false),
} as const;

export const faceSwapUserParamsSchema = z.object(faceSwapUserParamsShape).strict();
export type FaceSwapUserParams = z.infer<typeof faceSwapUserParamsSchema>;

/** How the inspector edits the params (FrameProcessor.paramFields); ranges as in the schema above. */
export const faceSwapParamFields: readonly EffectParamFieldInput[] = [
  {
    name: 'sourceIdentityId',
    type: 'identity',
    identityKind: 'face',
    label: 'Source face',
    help: 'The face identity put in (mark one as Source in the Faces tab); it needs a consent record.',
    default: '',
  },
  {
    name: 'targetMode',
    type: 'choice',
    label: 'Faces to replace',
    choices: [
      { value: 'all', label: 'every face in the clip' },
      { value: 'marked', label: 'the faces marked Target in the Faces tab' },
      { value: 'tracks', label: 'chosen face tracks' },
      { value: 'identity', label: 'the faces that look like a reference identity' },
    ],
  },
  {
    name: 'targetTrackIds',
    type: 'integerList',
    label: 'Face tracks',
    help: 'Track numbers as the Faces tab shows them, separated by commas.',
    default: [],
    shownWhen: { param: 'targetMode', values: ['tracks'] },
  },
  {
    name: 'targetReference',
    type: 'identity',
    identityKind: 'face',
    needsConsent: false,
    label: 'Looks like',
    help: 'Only picks the faces to replace: nothing is made from it, so it needs no consent.',
    default: '',
    shownWhen: { param: 'targetMode', values: ['identity'] },
  },
  {
    name: 'engine',
    type: 'choice',
    label: 'Engine',
    choices: [
      { value: 'classical', label: 'classical mesh warp (offline)' },
      { value: 'inswapper', label: 'neural (inswapper, needs the pack)' },
    ],
  },
  { name: 'blend', type: 'number', label: 'Blend', min: 0, max: 1, step: 0.05 },
  { name: 'featherEyeDistances', type: 'number', label: 'Soft edge', min: 0.02, max: 0.5, step: 0.01 },
  { name: 'shrinkEyeDistances', type: 'number', label: 'Mask inset', min: 0, max: 0.3, step: 0.01 },
  { name: 'keepTargetEyes', type: 'boolean', label: "Keep the target's eyes (blinks)" },
  { name: 'keepTargetMouth', type: 'boolean', label: "Keep the target's mouth (speech)" },
  { name: 'includeForehead', type: 'boolean', label: 'Swap the forehead too' },
  {
    name: 'enhance',
    type: 'boolean',
    label: 'Enhance the face (GFPGAN, neural only)',
    shownWhen: { param: 'engine', values: ['inswapper'] },
  },
];
