// THE check that a voice identity may be used: it must exist in the open project, be a voice, and
// point at a consent record. One function, so the rule lives in one place; the rule itself is the
// consent ledger's (engine/provenance/consent), the same one renders apply.
import { StudioError } from '../../shared/errors';
import { ConsentLedger } from '../engine/provenance/consent/consentLedger';
import type { IdentityRecord } from '../store/queries/identities';
import type { ProjectStore } from '../store/projectStore';

/** Throws NOT_FOUND, INVALID_ARGUMENT (not a voice) or CONSENT_MISSING; returns the identity. */
export function requireConsentedVoiceIdentity(store: ProjectStore, identityId: string): IdentityRecord {
  const identity = store.identities.get(identityId);
  if (!identity)
    throw new StudioError('NOT_FOUND', `There is no identity with id ${identityId} in this project.`);
  if (identity.kind !== 'voice') {
    throw new StudioError(
      'INVALID_ARGUMENT',
      `The identity "${identity.name}" is a ${identity.kind}, not a voice.`,
    );
  }
  new ConsentLedger(store).assertConsentForRender([identityId]);
  return identity;
}

/** Whether the identity currently has a consent record (for display; use the function above to gate work). */
export function voiceConsentPresent(store: ProjectStore, identity: IdentityRecord): boolean {
  return identity.consentId !== null && store.consents.get(identity.consentId) !== undefined;
}
