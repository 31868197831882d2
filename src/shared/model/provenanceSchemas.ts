// Provenance and consent data that crosses the boundary (issue 8): identities with their consent
// records, signing certificates, and the inspector's report. Types are inferred from the schemas.
import { z } from 'zod';
import { idSchema } from './schemas';

export const identityKindSchema = z.enum(['face', 'voice']);
export type IdentityKind = z.infer<typeof identityKindSchema>;

export const consentRecordSchema = z.object({
  id: z.string(),
  /** Who consented: the person whose face or voice is used. */
  subject: z.string(),
  /** What the consent covers, in the subject's terms. */
  scope: z.string(),
  grantedAt: z.string(),
  /** Asset id of the evidence file (photo or scan of a signed form, recorded statement). */
  evidenceAssetId: z.string().nullable(),
  notes: z.string(),
});
export type ConsentRecordView = z.infer<typeof consentRecordSchema>;

export const consentWithUseSchema = consentRecordSchema.extend({
  identityIds: z.array(z.string()),
  /** "revoked": no identity uses it any more; kept as history. */
  status: z.enum(['active', 'revoked']),
});
export type ConsentWithUseView = z.infer<typeof consentWithUseSchema>;

/** A media span an identity was built from (a marked face track, a reference recording). */
export const identitySourceSchema = z.object({
  assetId: z.string(),
  /** The asset's name, or null when the asset is no longer in the project. */
  assetName: z.string().nullable(),
  /** Span in the asset's own time; both null means the whole asset. */
  startUs: z.number().int().nullable(),
  endUs: z.number().int().nullable(),
  faceTrackRef: z.string().nullable(),
});
export type IdentitySourceView = z.infer<typeof identitySourceSchema>;

export const identitySchema = z.object({
  id: z.string(),
  kind: identityKindSchema,
  name: z.string(),
  createdAt: z.string(),
  consentId: z.string().nullable(),
  /** Null until consent is recorded: renders refuse such identities. */
  consent: consentRecordSchema.nullable(),
  sources: z.array(identitySourceSchema).default([]),
});
export type IdentityView = z.infer<typeof identitySchema>;

export const grantConsentInputSchema = z.object({
  identityId: idSchema,
  subject: z.string().min(1).max(200),
  scope: z.string().min(1).max(2000),
  /** YYYY-MM-DD or ISO date-time; defaults to now. */
  grantedAt: z.string().max(40).optional(),
  /** A file to import into the project as evidence (image, audio or video). */
  evidencePath: z.string().min(1).max(4096).optional(),
  /** Or an asset already in the project. */
  evidenceAssetId: idSchema.optional(),
  notes: z.string().max(4000).optional(),
});
export type GrantConsentInput = z.infer<typeof grantConsentInputSchema>;

export const signingCertificateSchema = z.object({
  source: z.enum(['installation', 'user']),
  algorithm: z.string(),
  subject: z.string(),
  issuer: z.string(),
  validTo: z.string(),
  fingerprintSha256: z.string(),
  certificatePath: z.string(),
});
export type SigningCertificateView = z.infer<typeof signingCertificateSchema>;

// ---- a finished render's provenance (renders.manifest_json, the render history) ----------------

export const renderProvenanceSummarySchema = z.object({
  renderId: z.string(),
  signedAt: z.string(),
  c2pa: z.object({ format: z.string(), signer: signingCertificateSchema, milliseconds: z.number() }),
  /** The 64-bit tag both watermarks carry (the start of the render id). */
  watermark: z.object({ id: z.string(), video: z.boolean(), audio: z.boolean() }),
  consents: z.array(
    z.object({
      consentId: z.string(),
      identityId: z.string(),
      identityKind: identityKindSchema,
      scope: z.string(),
      grantedAt: z.string(),
      recordSha256: z.string(),
      evidenceSha256: z.string().nullable(),
    }),
  ),
  models: z.array(
    z.object({
      name: z.string(),
      version: z.string().optional(),
      licence: z.string(),
      sha256: z.string().optional(),
      purpose: z.string().optional(),
    }),
  ),
  visibleLabel: z.boolean(),
});
export type RenderProvenanceSummary = z.infer<typeof renderProvenanceSummarySchema>;

// ---- inspector report ----------------------------------------------------------------------

/** Shown with every cue list: the UI and the CLI print it once above the cues. */
export const CUES_ARE_HINTS =
  'Cues are hints, not proof: real videos can show them (low light, compression, a shaky camera) ' +
  'and good fakes can avoid them. Use them to decide where to look, never as a verdict.';

export const c2paStatusEntrySchema = z.object({ code: z.string(), explanation: z.string() });

export const inspectedC2paSchema = z.object({
  present: z.boolean(),
  /** The signature and the hash of the media hold; null when there is no manifest. */
  valid: z.boolean().nullable(),
  /** The signer is this installation (or a certificate it trusts). */
  trusted: z.boolean().nullable(),
  validationState: z.enum(['Invalid', 'Valid', 'Trusted']).nullable(),
  format: z.string().nullable(),
  title: z.string().nullable(),
  claimGenerator: z.string().nullable(),
  signer: z.object({ issuer: z.string().nullable(), commonName: z.string().nullable() }).nullable(),
  actions: z.array(
    z.object({
      action: z.string(),
      digitalSourceType: z.string().nullable(),
      description: z.string().nullable(),
    }),
  ),
  /** Declares content made by a trained algorithm (trainedAlgorithmicMedia). */
  aiGenerated: z.boolean(),
  /** The Doppel Studio render the manifest describes, when it is one. */
  render: z
    .object({
      renderId: z.string(),
      models: z.array(z.object({ name: z.string(), version: z.string().nullable(), licence: z.string() })),
      consents: z.array(
        z.object({
          consentId: z.string(),
          identityKind: z.string(),
          scope: z.string(),
          grantedAt: z.string(),
        }),
      ),
      visibleLabel: z.boolean(),
    })
    .nullable(),
  failures: z.array(c2paStatusEntrySchema),
  /** Plain-language reading of all of the above. */
  summary: z.string(),
});
export type InspectedC2pa = z.infer<typeof inspectedC2paSchema>;

export const watermarkChannelSchema = z.object({
  found: z.boolean(),
  renderId: z.string().nullable(),
  bitAccuracy: z.number().nullable(),
  confidence: z.number(),
  score: z.number(),
  /** Frames (video) or seconds (audio) looked at. */
  analysed: z.number(),
});
export type WatermarkChannel = z.infer<typeof watermarkChannelSchema>;

export const inspectedWatermarkSchema = z.object({
  found: z.boolean(),
  /** First 64 bits of the render's UUID ("xxxxxxxx-xxxx-xxxx"), when found. */
  renderId: z.string().nullable(),
  bitAccuracy: z.number().nullable(),
  confidence: z.number(),
  video: watermarkChannelSchema.nullable(),
  audio: watermarkChannelSchema.nullable(),
  /** Whether the watermark names the render the C2PA manifest describes (null: nothing to compare). */
  matchesManifest: z.boolean().nullable(),
  summary: z.string(),
});
export type InspectedWatermark = z.infer<typeof inspectedWatermarkSchema>;

export const cueIdSchema = z.enum([
  'blinkRate',
  'landmarkJitter',
  'boundaryColourMismatch',
  'audioLipOffset',
]);
export type CueId = z.infer<typeof cueIdSchema>;

export const cueSchema = z.object({
  id: cueIdSchema,
  name: z.string(),
  /** "measured", or why not: no face analysis available yet, or nothing to measure in this file. */
  status: z.enum(['measured', 'notAnalysed', 'notApplicable']),
  value: z.number().nullable(),
  unit: z.string().nullable(),
  /** How the value compares with real footage (always a hint). */
  level: z.enum(['typical', 'unusual', 'unknown']),
  /** What the cue is and what the literature says about it, in plain words. */
  explanation: z.string(),
  /** What was found in this file, or why nothing was measured. */
  finding: z.string(),
  caveat: z.literal(CUES_ARE_HINTS),
});
export type Cue = z.infer<typeof cueSchema>;

/** The content safety classifier's verdict on the file (the gate that guards every synthesis). */
export const inspectedContentSafetySchema = z.object({
  /**
   * clear / refused: what the gate would decide for this file as a source or target;
   * no-picture: nothing to classify; unavailable: the classifiers could not run (summary says why).
   */
  status: z.enum(['clear', 'refused', 'no-picture', 'unavailable']),
  summary: z.string(),
  kind: z.enum(['image', 'video', 'none']).nullable(),
  sampleCount: z.number().int().nonnegative(),
  flaggedCount: z.number().int().nonnegative(),
  highestVoteScore: z.number().nullable(),
  /** Per classifier: its highest sexual-content score over the samples. */
  classifiers: z.array(z.object({ modelId: z.string(), highestSexualScore: z.number() })),
  /** Times of the flagged samples (null for a still). */
  flaggedTimesUs: z.array(z.number().nullable()),
  /** The fixed rule that was applied (see src/main/engine/safety/safetyPolicy.ts). */
  rule: z
    .object({
      policyVersion: z.number(),
      sexualClasses: z.array(z.string()),
      modelFlagScore: z.number(),
      votesToFlag: z.number(),
      samplesPerSecond: z.number(),
      maxFlaggedSampleFraction: z.number(),
    })
    .nullable(),
});
export type InspectedContentSafety = z.infer<typeof inspectedContentSafetySchema>;

/** `doppel inspect FILE --json` prints exactly this object. */
export const inspectionReportSchema = z
  .object({
    c2pa: inspectedC2paSchema,
    watermark: inspectedWatermarkSchema,
    cues: z.array(cueSchema),
    contentSafety: inspectedContentSafetySchema,
  })
  .strict();
export type InspectionReport = z.infer<typeof inspectionReportSchema>;
