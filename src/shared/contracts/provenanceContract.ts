// identities.*, consent.*, inspector.* and provenance.* of the contract (issue 8): the face and
// voice identities of a project with their consent records, the media inspector, and the
// certificate renders are signed with. Kept beside studioContract.ts like renderContract.ts.
import { z } from 'zod';
import { defineService } from './defineService';
import { idSchema } from '../model/schemas';
import {
  consentWithUseSchema,
  grantConsentInputSchema,
  identityKindSchema,
  identitySchema,
  inspectionReportSchema,
  signingCertificateSchema,
} from '../model/provenanceSchemas';

const empty = z.object({}).strict();
const filePath = z.string().min(1).max(4096);

export const identityService = defineService({
  methods: {
    /** Every face and voice identity of the open project, each with its consent (or null). */
    list: { input: empty, output: z.array(identitySchema) },
    /** A new identity starts without consent: renders refuse it until consent.grant. */
    create: {
      input: z.object({ kind: identityKindSchema, name: z.string().min(1).max(200) }),
      output: identitySchema,
    },
    rename: {
      input: z.object({ identityId: idSchema, name: z.string().min(1).max(200) }),
      output: identitySchema,
    },
    /** Deletes the identity; its consent record is kept as history. */
    remove: { input: z.object({ identityId: idSchema }), output: z.null() },
  },
  events: {
    didChangeIdentities: z.array(identitySchema),
  },
});

export const consentService = defineService({
  methods: {
    /** Records who consented, to what and when (with an optional evidence file) for an identity. */
    grant: { input: grantConsentInputSchema, output: identitySchema },
    /** Links an identity to an existing record (one person's face and voice). */
    link: { input: z.object({ identityId: idSchema, consentId: idSchema }), output: identitySchema },
    /** The identity can no longer be rendered; the record stays in the project's history. */
    revoke: { input: z.object({ identityId: idSchema }), output: identitySchema },
    list: { input: empty, output: z.array(consentWithUseSchema) },
    /**
     * What a render would cite; fails with CONSENT_MISSING naming the identities without consent.
     * The render pipeline checks the same rule itself before any work.
     */
    check: {
      input: z.object({ identityIds: z.array(idSchema).max(1000) }),
      output: z.array(
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
    },
  },
  events: {},
});

export const inspectorService = defineService({
  methods: {
    /** Reads any media file: C2PA manifest, the studio's watermark, deepfake cues. Never changes it. */
    inspect: { input: z.object({ path: filePath }), output: inspectionReportSchema },
  },
  events: {},
});

export const provenanceService = defineService({
  methods: {
    /** The certificate renders are signed with (created for this installation on first use). */
    getSigningCertificate: { input: empty, output: signingCertificateSchema },
    /** Signs with the user's own certificate chain (PEM, signer first) and private key (PEM). */
    useCertificate: {
      input: z.object({ certificatePath: filePath, keyPath: filePath }),
      output: signingCertificateSchema,
    },
    /** Back to the installation's own certificate. */
    useInstallationCertificate: { input: empty, output: signingCertificateSchema },
  },
  events: {},
});
