// voice.* of the contract (issue 6): voice identities built from reference speech (with their
// analysis for the identity panel), conversion of a clip's speech towards an identity, text to
// speech in an identity's voice, and the same on plain files for the CLI. Kept beside
// studioContract.ts like the other feature contracts.
// Engines: "dsp" is the offline signal-processing voice match (pitch, formants, long-term spectrum);
// "rvc" runs an RVC v2 voice model the user installed (what the field calls voice cloning).
import { z } from 'zod';
import { defineService } from './defineService';
import { assetSchema, idSchema } from '../model/schemas';

const empty = z.object({}).strict();
const filePath = z.string().min(1).max(4096);
const microseconds = z.number().int().nonnegative();

export const voiceEngineSchema = z.enum(['dsp', 'rvc']);
export type VoiceEngine = z.infer<typeof voiceEngineSchema>;

/** A span of an asset's audio (the sound of a video clip works too); no span = the whole asset. */
export const voiceSourceSchema = z.object({
  assetId: idSchema,
  startUs: microseconds.optional(),
  endUs: microseconds.optional(),
});
export type VoiceSource = z.infer<typeof voiceSourceSchema>;

/** What the identity panel shows about a voice. */
export const voiceAnalysisSchema = z.object({
  durationSeconds: z.number(),
  voicedSeconds: z.number(),
  f0: z
    .object({
      medianHz: z.number(),
      /** 5th–95th percentile: the speaking range. */
      lowHz: z.number(),
      highHz: z.number(),
    })
    .nullable(),
  formantsHz: z.object({ f1: z.number(), f2: z.number(), f3: z.number() }).nullable(),
  /** Long-term average spectrum: 40 mel bands, 80 Hz – 7.6 kHz, dB. */
  longTermSpectrum: z.object({ bandCentresHz: z.array(z.number()), levelsDb: z.array(z.number()) }),
  sources: z.array(
    z.object({
      label: z.string(),
      durationSeconds: z.number(),
      voicedSeconds: z.number(),
      peakDbfs: z.number(),
    }),
  ),
  warnings: z.array(z.string()),
});
export type VoiceAnalysis = z.infer<typeof voiceAnalysisSchema>;

export const voiceIdentitySchema = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
  consentId: z.string().nullable(),
  /** False until a consent record is linked: conversions and renders refuse the identity. */
  consentPresent: z.boolean(),
  sources: z.array(voiceSourceSchema),
  /** Null when the sources have not been analysed (or an asset went missing). */
  analysis: voiceAnalysisSchema.nullable(),
});
export type VoiceIdentity = z.infer<typeof voiceIdentitySchema>;

/** Files of an installed RVC voice (model + ContentVec, optionally an RMVPE pitch model). */
export const rvcModelFilesSchema = z.object({
  modelPath: filePath,
  contentVecPath: filePath,
  rmvpePath: filePath.optional(),
  /** Semitones added to the pitch before the model (RVC's "transpose"). */
  transposeSemitones: z.number().int().min(-24).max(24).default(0),
});

/** Every voice output carries the audio watermark and a signed C2PA manifest, like any render. */
export const voiceProvenanceSchema = z.object({
  renderId: z.string(),
  watermarkId: z.string(),
  c2paFormat: z.string(),
  /** The signing certificate's subject. */
  signer: z.string(),
  /** Consent records the manifest cites (none for plain files on the CLI). */
  consentIds: z.array(z.string()),
});

export const voiceRenderResultSchema = z.object({
  asset: assetSchema,
  durationUs: microseconds,
  engine: voiceEngineSchema,
  provenance: voiceProvenanceSchema,
});

export const voiceFileResultSchema = z.object({
  outputPath: z.string(),
  durationSeconds: z.number(),
  sampleRate: z.number().int(),
  engine: voiceEngineSchema,
  inputMedianF0Hz: z.number().nullable(),
  referenceMedianF0Hz: z.number().nullable(),
  formantWarp: z.number().nullable(),
  elapsedSeconds: z.number(),
  provenance: voiceProvenanceSchema,
});
export type VoiceFileResult = z.infer<typeof voiceFileResultSchema>;

export const voiceProgressSchema = z.object({
  operationId: z.string(),
  phase: z.enum(['analysing', 'speaking', 'converting', 'writing']),
  /** 0 … 1 when the length is known, else null. */
  fraction: z.number().min(0).max(1).nullable(),
  processedSeconds: z.number(),
});
export type VoiceProgress = z.infer<typeof voiceProgressSchema>;

export const voiceService = defineService({
  methods: {
    /** Analyses reference speech (the identity panel's preview before creating an identity). */
    analyseReference: {
      input: z.object({ sources: z.array(voiceSourceSchema).min(1).max(20) }),
      output: voiceAnalysisSchema,
    },
    /**
     * A voice identity from 10–60 s of reference speech. `consentId` links an existing consent
     * record (e.g. the same person's face); without one, record consent with consent.grant before
     * converting.
     */
    createVoiceIdentity: {
      input: z.object({
        name: z.string().trim().min(1).max(200),
        sources: z.array(voiceSourceSchema).min(1).max(20),
        consentId: idSchema.optional(),
      }),
      output: voiceIdentitySchema,
    },
    /** Gives an existing voice identity (created via identities.create) its reference speech. */
    setVoiceSources: {
      input: z.object({ identityId: idSchema, sources: z.array(voiceSourceSchema).min(1).max(20) }),
      output: voiceIdentitySchema,
    },
    listVoiceIdentities: { input: empty, output: z.array(voiceIdentitySchema) },
    /** The speech of an asset (or a span of it) in the identity's voice, as a new audio asset. */
    convertClip: {
      input: z.object({
        identityId: idSchema,
        assetId: idSchema,
        startUs: microseconds.optional(),
        endUs: microseconds.optional(),
        engine: voiceEngineSchema.default('dsp'),
        rvc: rvcModelFilesSchema.optional(),
      }),
      output: voiceRenderResultSchema,
    },
    /** Text spoken in the identity's voice, as a new audio asset (the timeline places it). */
    speak: {
      input: z.object({
        identityId: idSchema,
        text: z.string().trim().min(1).max(5000),
        engine: voiceEngineSchema.default('dsp'),
        rvc: rvcModelFilesSchema.optional(),
      }),
      output: voiceRenderResultSchema,
    },
    /**
     * The Voice clone effect's Preview: the first 10 s (at most) of the effect's clip converted
     * towards its voice, through the same project cache as renders, as WAV bytes (base64) to play.
     */
    previewVoiceClone: {
      input: z.object({ effectId: idSchema }),
      output: z.object({ wavBase64: z.string(), startUs: microseconds, durationUs: microseconds }),
    },
    /** Plain files, no project (the CLI): speech from `inputPath` or `text`, towards `referencePaths`. */
    convertFile: {
      input: z.object({
        referencePaths: z.array(filePath).min(1).max(20),
        inputPath: filePath.optional(),
        text: z.string().trim().min(1).max(5000).optional(),
        outputPath: filePath,
        engine: voiceEngineSchema.default('dsp'),
        rvc: rvcModelFilesSchema.optional(),
      }),
      output: voiceFileResultSchema,
    },
  },
  events: {
    didVoiceProgress: voiceProgressSchema,
    didChangeVoiceIdentities: z.array(voiceIdentitySchema),
  },
});
