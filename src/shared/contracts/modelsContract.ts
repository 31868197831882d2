// models.* of the contract: the neural model packs a user installs (DESIGN.md §3 tier 2) — what
// each pack holds, its licences (shown and accepted before install), its size and install status;
// install from the public URLs (or a mirror) with progress, resume and hash checks; import from
// disk; uninstall. Kept beside studioContract.ts like the other feature contracts.
import { z } from 'zod';
import { defineService } from './defineService';

const empty = z.object({}).strict();
const packId = z.string().min(1).max(100);
const fileId = z.string().min(1).max(200);

export const modelLicenceSchema = z.object({
  name: z.string(),
  spdx: z.string().nullable(),
  url: z.string(),
  /** "unknown" when no licence file was found: never shown as allowed. */
  commercialUse: z.enum(['yes', 'no', 'unknown']),
  source: z.string(),
  note: z.string().nullable(),
});
export type ModelLicence = z.infer<typeof modelLicenceSchema>;

const recordedTensorSchema = z.object({
  name: z.string(),
  dtype: z.string(),
  shape: z.array(z.union([z.number(), z.string()])),
});

export const modelIntegritySchema = z.enum(['sha256-verified', 'crc32-verified', 'unverified']);
export type ModelIntegrity = z.infer<typeof modelIntegritySchema>;

/** A file on disk, listed in the model index. */
export const installedModelFileSchema = z.object({
  fileId: z.string(),
  modelId: z.string(),
  label: z.string(),
  path: z.string(),
  sha256: z.string(),
  bytes: z.number(),
  installedAt: z.string(),
  origin: z.enum(['download', 'import']),
  /** The URL it was downloaded from, or the path it was imported from. */
  originDetail: z.string(),
  integrity: modelIntegritySchema,
  /** The published sha256 when this (imported) file differs from it. */
  differsFromPublishedSha256: z.string().nullable(),
  signatureLabel: z.string(),
  inputs: z.array(recordedTensorSchema),
  outputs: z.array(recordedTensorSchema),
});
export type InstalledModelFile = z.infer<typeof installedModelFileSchema>;

export const modelPackFileSchema = z.object({
  id: z.string(),
  name: z.string(),
  fileName: z.string(),
  role: z.string(),
  optional: z.boolean(),
  /** Exact published size, or null. */
  bytes: z.number().nullable(),
  approximateBytes: z.number().nullable(),
  /** The published sha256 the download must match, or null when none is known. */
  publishedSha256: z.string().nullable(),
  integrityKind: z.enum(['published-sha256', 'crc32-sidecar', 'none']),
  integrityNote: z.string(),
  sources: z.array(z.object({ url: z.string(), provider: z.string() })),
  licence: modelLicenceSchema,
  notes: z.string().nullable(),
  installed: installedModelFileSchema.nullable(),
  /** Bytes of an interrupted download waiting to be resumed (0 when none). */
  partialBytes: z.number(),
});
export type ModelPackFile = z.infer<typeof modelPackFileSchema>;

export const modelPackStatusSchema = z.enum(['not-installed', 'partial', 'installed', 'installing']);
export type ModelPackStatus = z.infer<typeof modelPackStatusSchema>;

export const modelPackSchema = z.object({
  id: z.string(),
  name: z.string(),
  task: z.enum(['face-swap', 'lip-sync', 'voice-conversion']),
  description: z.string(),
  usedBy: z.string(),
  /** Some required file forbids commercial use (inswapper, Wav2Lip). */
  nonCommercial: z.boolean(),
  /** The most restrictive answer over the required files. */
  commercialUse: z.enum(['yes', 'no', 'unknown']),
  status: modelPackStatusSchema,
  /** Download size of the required files / of the optional ones (exact or approximate). */
  requiredBytes: z.number(),
  optionalBytes: z.number(),
  /** Some size is approximate or unknown. */
  sizeIsApproximate: z.boolean(),
  files: z.array(modelPackFileSchema),
  userFileKinds: z.array(
    z.object({
      kind: z.string(),
      name: z.string(),
      description: z.string(),
      licence: modelLicenceSchema,
      installed: z.array(installedModelFileSchema),
    }),
  ),
});
export type ModelPack = z.infer<typeof modelPackSchema>;

export const modelPackListSchema = z.object({
  packs: z.array(modelPackSchema),
  /** DOPPEL_MODEL_MIRROR when set: every download comes from there instead of the public URLs. */
  mirror: z.string().nullable(),
  /** <data folder>/models */
  folder: z.string(),
  /** A problem with the model index worth showing (it was unreadable and set aside). */
  warning: z.string().nullable(),
});
export type ModelPackList = z.infer<typeof modelPackListSchema>;

/**
 * A pack's download size as people should read it: exact where the manifests know the sizes, "≈"
 * where only an approximate size is known, and files of unknown size counted rather than silently
 * left out ("528.6 MiB + 1 file of unknown size (+ ≈ 340.0 MiB optional)", "size unknown").
 */
export function packSizeText(pack: Pick<ModelPack, 'files'>, formatBytes: (bytes: number) => string): string {
  const sizeOf = (files: readonly ModelPackFile[]): string => {
    const unknown = files.filter((file) => file.bytes === null && file.approximateBytes === null).length;
    const approximate = files.some((file) => file.bytes === null && file.approximateBytes !== null);
    const bytes = files.reduce((sum, file) => sum + (file.bytes ?? file.approximateBytes ?? 0), 0);
    if (bytes === 0) return 'size unknown';
    const known = `${approximate ? '≈ ' : ''}${formatBytes(bytes)}`;
    return unknown === 0 ? known : `${known} + ${unknown} file${unknown === 1 ? '' : 's'} of unknown size`;
  };
  const optional = pack.files.filter((file) => file.optional);
  const required = sizeOf(pack.files.filter((file) => !file.optional));
  return optional.length === 0 ? required : `${required} (+ ${sizeOf(optional)} optional)`;
}

export const modelInstallPhaseSchema = z.enum([
  'downloading',
  'verifying',
  'installed',
  'failed',
  'cancelled',
]);

export const modelInstallProgressSchema = z.object({
  packId: z.string(),
  fileId: z.string(),
  fileName: z.string(),
  /** 0-based index among the files this install fetches. */
  fileIndex: z.number(),
  fileCount: z.number(),
  phase: modelInstallPhaseSchema,
  receivedBytes: z.number(),
  totalBytes: z.number().nullable(),
  provider: z.string(),
  /** Only on phase "failed": the error. */
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
});
export type ModelInstallProgress = z.infer<typeof modelInstallProgressSchema>;

export const modelsService = defineService({
  methods: {
    listPacks: { input: empty, output: modelPackListSchema },
    /**
     * Downloads the pack's missing files (optional ones too with `includeOptional`). Refused unless
     * `acceptLicences` is true: the caller showed every licence first. Resolves when done.
     */
    install: {
      input: z.object({
        packId,
        includeOptional: z.boolean().default(false),
        acceptLicences: z.boolean(),
      }),
      output: z.object({
        packId: z.string(),
        installed: z.array(z.string()),
        alreadyInstalled: z.array(z.string()),
      }),
    },
    /** Stops a running install; what was downloaded is kept and resumed next time. */
    cancelInstall: { input: z.object({ packId }), output: z.null() },
    /** Copies a model file from disk into the pack (hash recorded, signature checked). */
    importFile: {
      input: z.object({
        packId,
        /** A file id of the pack, or a user file kind (e.g. "rvc-v2-voice", then `name` is required). */
        fileId,
        path: z.string().min(1).max(4096),
        name: z.string().min(1).max(100).optional(),
        acceptLicences: z.boolean(),
      }),
      output: installedModelFileSchema,
    },
    /** Deletes the pack's files (or one of them), partial downloads included. */
    uninstall: { input: z.object({ packId, fileId: fileId.optional() }), output: z.null() },
  },
  events: {
    didInstallProgress: modelInstallProgressSchema,
    didChangePacks: modelPackListSchema,
  },
});
