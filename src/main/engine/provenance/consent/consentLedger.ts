// The consent ledger (DESIGN.md §5, issue 8): a face or voice identity may be used in a render only
// once it points at a consent record: who consented (subject), to what (scope), when, and
// optionally an evidence file (an imported photo or scan of a signed form, or a recorded
// statement). Rules:
// - Renders call assertConsentForRender before any work; it refuses with CONSENT_MISSING naming
//   every identity without consent, or returns the references the C2PA manifest carries.
// - Revoking unlinks the identity; the record itself is kept (the history of what was agreed, and
//   what earlier renders were made under, must not vanish).
// - Identities are generic (face | voice): the voice and face stacks create theirs here too.
// Works over the project's identities and consents tables; never imports the store itself, so it
// can run wherever the store's query objects are handed to it.
import { createHash, randomUUID } from 'node:crypto';
import { StudioError } from '../../../../shared/errors';
import type { Asset } from '../../../../shared/model/schemas';
import type { ConsentQueries, ConsentRecord } from '../../../store/queries/consents';
import type { IdentityKind, IdentityQueries, IdentityRecord } from '../../../store/queries/identities';
import type { ConsentReference } from '../c2pa/renderManifest';

export interface ConsentLedgerStore {
  identities: Pick<IdentityQueries, 'get' | 'list' | 'insert' | 'update' | 'remove'>;
  consents: Pick<ConsentQueries, 'get' | 'list' | 'insert'>;
  assets: { get(id: string): Asset | undefined };
  transaction<T>(fn: () => T): T;
}

export interface IdentityWithConsent extends IdentityRecord {
  consent: ConsentRecord | null;
}

export type ConsentStatus = 'active' | 'revoked';

export interface ConsentWithUse extends ConsentRecord {
  /** Identities currently linked to the record. */
  identityIds: string[];
  /** "revoked": no identity links to it any more (kept as history). */
  status: ConsentStatus;
}

export interface GrantConsentRequest {
  identityId: string;
  subject: string;
  scope: string;
  /** ISO date or date-time; defaults to now. */
  grantedAt?: string;
  evidenceAssetId?: string | null;
  notes?: string;
}

const MAX_SUBJECT = 200;
const MAX_SCOPE = 2000;
const MAX_NAME = 200;
/** Clocks differ; a consent dated a little ahead is a typo of today, not of next year. */
const FUTURE_TOLERANCE_MS = 36 * 3600 * 1000;

function invalid(message: string): StudioError {
  return new StudioError('INVALID_ARGUMENT', message);
}

function requireText(label: string, value: string, max: number): string {
  const trimmed = value.trim();
  if (trimmed.length === 0)
    throw invalid(
      `The consent's ${label} is empty: say ${label === 'subject' ? 'who consented' : 'what the consent covers'}.`,
    );
  if (trimmed.length > max) throw invalid(`The consent's ${label} is longer than ${max} characters.`);
  return trimmed;
}

/** SHA-256 of the record's canonical JSON: lets an auditor with the project verify a reference. */
export function consentRecordDigest(record: ConsentRecord, evidenceSha256: string | null): string {
  const canonical = JSON.stringify([
    record.id,
    record.subject,
    record.scope,
    record.grantedAt,
    record.evidenceAssetId,
    evidenceSha256,
    record.notes,
  ]);
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

export class ConsentLedger {
  private readonly newId: () => string;
  private readonly now: () => Date;

  constructor(
    private readonly store: ConsentLedgerStore,
    options: { newId?: () => string; now?: () => Date } = {},
  ) {
    this.newId = options.newId ?? randomUUID;
    this.now = options.now ?? (() => new Date());
  }

  createIdentity(request: { kind: IdentityKind; name: string }): IdentityRecord {
    if (request.kind !== 'face' && request.kind !== 'voice') {
      throw invalid(`An identity is a "face" or a "voice", not "${String(request.kind)}".`);
    }
    const name = request.name.trim();
    if (name.length === 0 || name.length > MAX_NAME)
      throw invalid(`An identity needs a name of 1 to ${MAX_NAME} characters.`);
    const identity: IdentityRecord = {
      id: this.newId(),
      kind: request.kind,
      name,
      createdAt: this.now().toISOString(),
      consentId: null,
    };
    this.store.identities.insert(identity);
    return identity;
  }

  renameIdentity(identityId: string, name: string): IdentityRecord {
    this.requireIdentity(identityId);
    const trimmed = name.trim();
    if (trimmed.length === 0 || trimmed.length > MAX_NAME)
      throw invalid(`An identity needs a name of 1 to ${MAX_NAME} characters.`);
    return this.store.identities.update(identityId, { name: trimmed });
  }

  /** Deletes the identity (and its source spans); its consent record stays as history. */
  removeIdentity(identityId: string): void {
    this.requireIdentity(identityId);
    this.store.identities.remove(identityId);
  }

  getIdentity(identityId: string): IdentityWithConsent {
    const identity = this.requireIdentity(identityId);
    return {
      ...identity,
      consent: identity.consentId ? (this.store.consents.get(identity.consentId) ?? null) : null,
    };
  }

  listIdentities(): IdentityWithConsent[] {
    const consents = new Map(this.store.consents.list().map((record) => [record.id, record]));
    return this.store.identities.list().map((identity) => ({
      ...identity,
      consent: identity.consentId ? (consents.get(identity.consentId) ?? null) : null,
    }));
  }

  listConsents(): ConsentWithUse[] {
    const identities = this.store.identities.list();
    return this.store.consents.list().map((record) => {
      const identityIds = identities
        .filter((identity) => identity.consentId === record.id)
        .map((identity) => identity.id);
      return { ...record, identityIds, status: identityIds.length > 0 ? 'active' : 'revoked' };
    });
  }

  /** Records a new consent and links the identity to it (replacing any earlier link). */
  grantConsent(request: GrantConsentRequest): ConsentRecord {
    const identity = this.requireIdentity(request.identityId);
    const subject = requireText('subject', request.subject, MAX_SUBJECT);
    const scope = requireText('scope', request.scope, MAX_SCOPE);
    const grantedAt = this.parseGrantDate(request.grantedAt);
    const evidenceAssetId = request.evidenceAssetId ?? null;
    if (evidenceAssetId !== null && !this.store.assets.get(evidenceAssetId)) {
      throw new StudioError(
        'NOT_FOUND',
        `The consent evidence ${evidenceAssetId} is not an asset of this project.`,
      );
    }
    const record: ConsentRecord = {
      id: this.newId(),
      subject,
      scope,
      grantedAt,
      evidenceAssetId,
      notes: (request.notes ?? '').trim(),
    };
    this.store.transaction(() => {
      this.store.consents.insert(record);
      this.store.identities.update(identity.id, { consentId: record.id });
    });
    return record;
  }

  /** Links the identity to an existing record (one person's face and voice under one consent). */
  linkConsent(identityId: string, consentId: string): IdentityRecord {
    this.requireIdentity(identityId);
    if (!this.store.consents.get(consentId))
      throw new StudioError('NOT_FOUND', `There is no consent record with id ${consentId}.`);
    return this.store.identities.update(identityId, { consentId });
  }

  /** The identity can no longer be rendered; the record is kept. Returns the unlinked record. */
  revokeConsent(identityId: string): ConsentRecord | null {
    const identity = this.requireIdentity(identityId);
    if (!identity.consentId) return null;
    const record = this.store.consents.get(identity.consentId) ?? null;
    this.store.identities.update(identityId, { consentId: null });
    return record;
  }

  /**
   * Call before any render work. Throws CONSENT_MISSING naming every identity without consent (or
   * NOT_FOUND for ids not in the project); returns what the C2PA manifest cites otherwise.
   */
  assertConsentForRender(identityIds: readonly string[]): ConsentReference[] {
    const unique = [...new Set(identityIds)];
    const unknown = unique.filter((id) => !this.store.identities.get(id));
    if (unknown.length > 0) {
      throw new StudioError(
        'NOT_FOUND',
        `The render uses ${unknown.length === 1 ? 'an identity' : 'identities'} that ${unknown.length === 1 ? 'is' : 'are'} not in this project: ${unknown.join(', ')}.`,
      );
    }
    const identities = unique.map((id) => this.store.identities.get(id) as IdentityRecord);
    const withRecords = identities.map((identity) => ({
      identity,
      record: identity.consentId ? (this.store.consents.get(identity.consentId) ?? null) : null,
    }));
    const missing = withRecords.filter((entry) => entry.record === null).map((entry) => entry.identity);
    if (missing.length > 0) {
      const names = missing.map(
        (identity) => `the ${identity.kind} identity "${identity.name}" (${identity.id})`,
      );
      throw new StudioError(
        'CONSENT_MISSING',
        `This render cannot start: ${names.join(' and ')} ${missing.length === 1 ? 'has' : 'have'} no consent record. ` +
          'Record who consented, to what and when (Identities panel, or `doppel consent grant`), then render again.',
      );
    }
    return withRecords.map(({ identity, record }) => {
      const consent = record as ConsentRecord;
      const evidenceSha256 = consent.evidenceAssetId
        ? (this.store.assets.get(consent.evidenceAssetId)?.sha256 ?? null)
        : null;
      return {
        consentId: consent.id,
        identityId: identity.id,
        identityKind: identity.kind,
        scope: consent.scope,
        grantedAt: consent.grantedAt,
        recordSha256: consentRecordDigest(consent, evidenceSha256),
        evidenceSha256,
      };
    });
  }

  private requireIdentity(identityId: string): IdentityRecord {
    const identity = this.store.identities.get(identityId);
    if (!identity)
      throw new StudioError('NOT_FOUND', `There is no identity with id ${identityId} in this project.`);
    return identity;
  }

  private parseGrantDate(value: string | undefined): string {
    if (value === undefined) return this.now().toISOString();
    const time = Date.parse(value);
    if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(time)) {
      throw invalid(`The consent date "${value}" is not a date (use YYYY-MM-DD or an ISO date-time).`);
    }
    if (time > this.now().getTime() + FUTURE_TOLERANCE_MS)
      throw invalid(`The consent date ${value} is in the future.`);
    return new Date(time).toISOString();
  }
}
