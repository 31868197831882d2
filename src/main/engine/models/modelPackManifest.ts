// Model pack manifests (models/packs/*.json): the neural models a user installs themselves
// (DESIGN.md §3, tier 2). Per file: where it comes from (public URLs, primary first), how big it
// is, what we know about its hash (a published sha256, only FaceFusion's CRC32 sidecar, or
// nothing), its licence and whether commercial use is allowed, and the input/output signature the
// engine relies on. Tensor names that nobody has read from the real file are null: they are
// matched by position, checked by shape and type, and the real names are recorded on first load.
import { z } from 'zod';
import { StudioError } from '../../../shared/errors';
import { tensorElementTypeSchema } from '../inference/modelManifest';

const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'a lower-case hex sha256');
/** Lower-case words joined by "-"; also the folder name under <dataDir>/models. */
export const packIdSchema = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'lower-case words joined by "-"')
  .refine((id) => id !== 'converted', '"converted" is the embedded models\' cache folder');
const modelIdSchema = z
  .string()
  .regex(/^[a-z0-9]+([.-][a-z0-9]+)*$/, 'lower-case words joined by "-" or "."');
const publicUrlSchema = z.url({ protocol: /^https$/ });
const fileNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*\.onnx$/, 'a plain .onnx file name (no folders)');

/** A dimension: a fixed size, or a name for a size the model decides (batch, frames…). */
const dimensionSchema = z.union([z.number().int().min(1), z.string().min(1)]);

export const packTensorSchema = z
  .object({
    /** null when the real name is unknown (⚠ in MODELS.md): matched by position instead. */
    name: z.string().min(1).nullable(),
    dtype: tensorElementTypeSchema,
    shape: z.array(dimensionSchema),
    layout: z.string().min(1),
    range: z.tuple([z.number(), z.number()]).optional(),
    description: z.string().min(1),
  })
  .strict();

export const packSignatureSchema = z
  .object({
    /** Names this variant, e.g. "mel input (RVC rmvpe.onnx)"; recorded with the installed file. */
    label: z.string().min(1),
    inputs: z.array(packTensorSchema).min(1),
    outputs: z.array(packTensorSchema).min(1),
  })
  .strict();

export const licenceSchema = z
  .object({
    name: z.string().min(1),
    spdx: z.string().min(1).nullable(),
    url: publicUrlSchema,
    /** "unknown" when no licence file was found: shown as such, never as allowed. */
    commercialUse: z.enum(['yes', 'no', 'unknown']),
    /** Where the licence statement was read. */
    source: z.string().min(1),
    note: z.string().min(1).optional(),
  })
  .strict();

export const fileSourceSchema = z
  .object({
    url: publicUrlSchema,
    /** Who publishes this copy, shown to the user. */
    provider: z.string().min(1),
    /** FaceFusion's `X.hash` beside `X.onnx`: CRC32 of the whole file, 8 lower-case hex digits. */
    crc32Url: publicUrlSchema.optional(),
  })
  .strict();

export const integritySchema = z
  .object({
    /**
     * published-sha256: the download must hash to `sha256`. crc32-sidecar: only a CRC32 beside the
     * file is known; it is checked and our own sha256 recorded. none: nothing is known; our own
     * sha256 is recorded and shown as "unverified source hash".
     */
    kind: z.enum(['published-sha256', 'crc32-sidecar', 'none']),
    note: z.string().min(1),
  })
  .strict();

export const packFileSchema = z
  .object({
    /** Model id, unique across packs: what frame processors list in `requiredModels`. */
    id: modelIdSchema,
    name: z.string().min(1),
    fileName: fileNameSchema,
    role: z.string().min(1),
    optional: z.boolean(),
    /** Exact size when published; checked after download. */
    bytes: z.number().int().positive().nullable(),
    /** For display when the exact size is unknown. */
    approximateBytes: z.number().int().positive().optional(),
    sha256: sha256Schema.nullable(),
    integrity: integritySchema,
    sources: z.array(fileSourceSchema).min(1),
    licence: licenceSchema,
    signature: packSignatureSchema,
    /** Other exports of the same model the engine also accepts (e.g. RMVPE's waveform export). */
    alternativeSignatures: z.array(packSignatureSchema).default([]),
    preprocessing: z.string().min(1),
    postprocessing: z.string().min(1),
    notes: z.string().min(1).optional(),
  })
  .strict()
  .superRefine((file, context) => {
    if ((file.integrity.kind === 'published-sha256') !== (file.sha256 !== null)) {
      context.addIssue({
        code: 'custom',
        path: ['sha256'],
        message: 'a sha256 is given exactly when integrity.kind is "published-sha256"',
      });
    }
    if (file.integrity.kind === 'crc32-sidecar' && !file.sources.some((source) => source.crc32Url)) {
      context.addIssue({
        code: 'custom',
        path: ['sources'],
        message: 'integrity "crc32-sidecar" needs a source with a crc32Url',
      });
    }
  });

/** Files the user brings (an RVC voice model per voice): imported from disk under a kind. */
export const userFileKindSchema = z
  .object({
    kind: modelIdSchema,
    name: z.string().min(1),
    description: z.string().min(1),
    licence: licenceSchema,
    signature: packSignatureSchema,
    alternativeSignatures: z.array(packSignatureSchema).default([]),
  })
  .strict();

export const packManifestSchema = z
  .object({
    schemaVersion: z.literal(1),
    id: packIdSchema,
    name: z.string().min(1),
    task: z.enum(['face-swap', 'lip-sync', 'voice-conversion']),
    description: z.string().min(1),
    usedBy: z.string().min(1),
    files: z.array(packFileSchema).min(1),
    userFiles: z.array(userFileKindSchema).default([]),
  })
  .strict()
  .superRefine((pack, context) => {
    const ids = new Set<string>();
    const names = new Set<string>();
    for (const [index, file] of pack.files.entries()) {
      if (ids.has(file.id))
        context.addIssue({
          code: 'custom',
          path: ['files', index, 'id'],
          message: `duplicate id ${file.id}`,
        });
      if (names.has(file.fileName))
        context.addIssue({
          code: 'custom',
          path: ['files', index, 'fileName'],
          message: `duplicate file name ${file.fileName}`,
        });
      ids.add(file.id);
      names.add(file.fileName);
    }
    for (const [index, kind] of pack.userFiles.entries()) {
      if (ids.has(kind.kind))
        context.addIssue({
          code: 'custom',
          path: ['userFiles', index, 'kind'],
          message: `${kind.kind} is also a file id`,
        });
    }
  });

export type PackTensor = z.infer<typeof packTensorSchema>;
export type PackSignature = z.infer<typeof packSignatureSchema>;
export type PackLicence = z.infer<typeof licenceSchema>;
export type PackFileSource = z.infer<typeof fileSourceSchema>;
export type PackFile = z.infer<typeof packFileSchema>;
export type UserFileKind = z.infer<typeof userFileKindSchema>;
export type PackManifest = z.infer<typeof packManifestSchema>;

export function parsePackManifest(json: unknown, where: string): PackManifest {
  const parsed = packManifestSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .slice(0, 3)
      .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
      .join('; ');
    throw new StudioError('MODEL_CORRUPT', `Model pack manifest ${where} is invalid: ${problems}.`);
  }
  return parsed.data;
}

/** Every signature a file may have, the main one first. */
export function acceptedSignatures(file: {
  signature: PackSignature;
  alternativeSignatures: readonly PackSignature[];
}): PackSignature[] {
  return [file.signature, ...file.alternativeSignatures];
}

/** Whether any required file forbids commercial use (inswapper, Wav2Lip): shown as a badge. */
export function packIsNonCommercial(pack: PackManifest): boolean {
  return pack.files.some((file) => file.licence.commercialUse === 'no');
}
