// The consent rules over a real project file (better-sqlite3 through the ProjectStore).
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProjectStore } from '../../../store/projectStore';
import { makeTestAsset, useTemporaryFolders } from '../../../store/storeTestSupport';
import { ConsentLedger, consentRecordDigest } from './consentLedger';

const temporaryFolder = useTemporaryFolders();
let projectPath: string;
let store: ProjectStore;
let ledger: ConsentLedger;
const today = new Date('2026-03-01T12:00:00.000Z');

beforeEach(() => {
  projectPath = join(temporaryFolder(), 'Consent.doppel');
  store = ProjectStore.create(projectPath);
  store.assets.insert(makeTestAsset({ id: 'evidence-1', kind: 'image', name: 'signed-form.jpg' }), {});
  ledger = new ConsentLedger(store, { now: () => today });
});
afterEach(() => store.close());

describe('ConsentLedger', () => {
  it('refuses a render with an identity that has no consent, naming it, until consent is granted', () => {
    const alice = ledger.createIdentity({ kind: 'face', name: 'Alice' });
    expect(() => ledger.assertConsentForRender([alice.id])).toThrow(
      expect.objectContaining({
        code: 'CONSENT_MISSING',
        message: expect.stringContaining(`the face identity "Alice" (${alice.id}) has no consent record`),
      }),
    );
    const record = ledger.grantConsent({
      identityId: alice.id,
      subject: 'Alice Martin',
      scope: 'Product demo videos, 2026',
      grantedAt: '2026-02-27',
      evidenceAssetId: 'evidence-1',
    });
    const references = ledger.assertConsentForRender([alice.id, alice.id]);
    expect(references).toEqual([
      {
        consentId: record.id,
        identityId: alice.id,
        identityKind: 'face',
        scope: 'Product demo videos, 2026',
        grantedAt: '2026-02-27T00:00:00.000Z',
        recordSha256: consentRecordDigest(record, store.assets.get('evidence-1')!.sha256),
        evidenceSha256: store.assets.get('evidence-1')!.sha256,
      },
    ]);
    expect(references[0]!.recordSha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('names every identity without consent in one message', () => {
    const face = ledger.createIdentity({ kind: 'face', name: 'Bob' });
    const voice = ledger.createIdentity({ kind: 'voice', name: 'Bob (voice)' });
    expect(() => ledger.assertConsentForRender([face.id, voice.id])).toThrow(
      /the face identity "Bob" .* and the voice identity "Bob \(voice\)" .* have no consent record/,
    );
    expect(() => ledger.assertConsentForRender(['ghost'])).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND' }),
    );
    expect(ledger.assertConsentForRender([])).toEqual([]);
  });

  it('revokes by unlinking: renders refuse again, the record is kept as history', () => {
    const carol = ledger.createIdentity({ kind: 'voice', name: 'Carol' });
    const record = ledger.grantConsent({ identityId: carol.id, subject: 'Carol', scope: 'Podcast intro' });
    expect(record.grantedAt).toBe(today.toISOString());
    expect(ledger.revokeConsent(carol.id)?.id).toBe(record.id);
    expect(() => ledger.assertConsentForRender([carol.id])).toThrow(
      expect.objectContaining({ code: 'CONSENT_MISSING' }),
    );
    expect(ledger.listConsents()).toEqual([{ ...record, identityIds: [], status: 'revoked' }]);
    expect(ledger.revokeConsent(carol.id)).toBeNull();
    // One person's face and voice can share a record.
    const face = ledger.createIdentity({ kind: 'face', name: 'Carol' });
    ledger.linkConsent(face.id, record.id);
    ledger.linkConsent(carol.id, record.id);
    expect(ledger.listConsents()[0]).toMatchObject({ status: 'active', identityIds: [carol.id, face.id] });
    expect(ledger.assertConsentForRender([carol.id, face.id])).toHaveLength(2);
  });

  it('keeps identities and consents in the project file', () => {
    const dana = ledger.createIdentity({ kind: 'face', name: 'Dana' });
    ledger.grantConsent({
      identityId: dana.id,
      subject: 'Dana',
      scope: 'Anything in this project',
      notes: 'signed on set',
    });
    store.close();
    store = ProjectStore.open(projectPath);
    ledger = new ConsentLedger(store, { now: () => today });
    const [identity] = ledger.listIdentities();
    expect(identity).toMatchObject({
      id: dana.id,
      name: 'Dana',
      consent: { subject: 'Dana', notes: 'signed on set' },
    });
    expect(ledger.assertConsentForRender([dana.id])).toHaveLength(1);
    ledger.renameIdentity(dana.id, 'Dana K.');
    expect(ledger.getIdentity(dana.id).name).toBe('Dana K.');
    ledger.removeIdentity(dana.id);
    expect(ledger.listIdentities()).toEqual([]);
    expect(ledger.listConsents()).toHaveLength(1);
  });

  it('refuses incomplete or impossible records with clear messages, changing nothing', () => {
    const eve = ledger.createIdentity({ kind: 'face', name: 'Eve' });
    const base = { identityId: eve.id, subject: 'Eve', scope: 'Demo' };
    expect(() => ledger.grantConsent({ ...base, subject: '  ' })).toThrow(
      /subject is empty: say who consented/,
    );
    expect(() => ledger.grantConsent({ ...base, scope: '' })).toThrow(
      /scope is empty: say what the consent covers/,
    );
    expect(() => ledger.grantConsent({ ...base, grantedAt: 'last week' })).toThrow(
      /"last week" is not a date/,
    );
    expect(() => ledger.grantConsent({ ...base, grantedAt: '2031-01-01' })).toThrow(/in the future/);
    expect(() => ledger.grantConsent({ ...base, evidenceAssetId: 'nope' })).toThrow(
      /evidence nope is not an asset/,
    );
    expect(() => ledger.grantConsent({ ...base, identityId: 'nobody' })).toThrow(
      /no identity with id nobody/,
    );
    expect(() => ledger.createIdentity({ kind: 'hand' as never, name: 'x' })).toThrow(/"face" or a "voice"/);
    expect(() => ledger.createIdentity({ kind: 'face', name: ' ' })).toThrow(/needs a name/);
    expect(ledger.listConsents()).toEqual([]);
    expect(ledger.getIdentity(eve.id).consent).toBeNull();
  });

  it('the evidence file cannot be deleted from under its consent record', () => {
    const fay = ledger.createIdentity({ kind: 'face', name: 'Fay' });
    ledger.grantConsent({ identityId: fay.id, subject: 'Fay', scope: 'Demo', evidenceAssetId: 'evidence-1' });
    expect(() => store.assets.remove('evidence-1')).toThrow();
    expect(store.assets.get('evidence-1')).toBeDefined();
  });
});
