// identities.* and consent.* of the contract, over the open project's consent ledger
// (engine/provenance/consent). Both fire identities.didChangeIdentities, the one event the
// identity panel listens to. Evidence files are imported as project assets through media.import.
import { resolve } from 'node:path';
import type { ServiceImplementation } from '../../shared/contracts/defineService';
import type { consentService, identityService } from '../../shared/contracts/provenanceContract';
import { Emitter, type Disposable } from '../../shared/disposable';
import { StudioError } from '../../shared/errors';
import type { GrantConsentInput, IdentityKind, IdentityView } from '../../shared/model/provenanceSchemas';
import { ConsentLedger, type IdentityWithConsent } from '../engine/provenance/consent/consentLedger';
import type { ProjectStore } from '../store/projectStore';
import type { MediaServiceImpl } from './mediaService';
import type { ProjectSession } from './projectSession';

/** An identity as the panel shows it: its consent record and the media it was built from. */
function toView(store: ProjectStore, identity: IdentityWithConsent): IdentityView {
  return {
    ...identity,
    sources: store.identities.listSources(identity.id).map((source) => ({
      assetId: source.assetId,
      assetName: store.assets.get(source.assetId)?.name ?? null,
      startUs: source.startUs,
      endUs: source.endUs,
      faceTrackRef: source.faceTrackRef,
    })),
  };
}

export class IdentityChanges implements Disposable {
  private readonly emitter = new Emitter<IdentityView[]>();
  readonly onDidChangeIdentities = this.emitter.event;

  constructor(private readonly session: ProjectSession) {}

  ledger(): ConsentLedger {
    return new ConsentLedger(this.session.require());
  }

  views(): IdentityView[] {
    const store = this.session.require();
    return new ConsentLedger(store).listIdentities().map((identity) => toView(store, identity));
  }

  view(identityId: string): IdentityView {
    const store = this.session.require();
    return toView(store, new ConsentLedger(store).getIdentity(identityId));
  }

  announce(): void {
    if (this.session.store) this.emitter.fire(this.views());
  }

  dispose(): void {
    this.emitter.dispose();
  }
}

export class IdentityServiceImpl implements ServiceImplementation<typeof identityService> {
  readonly onDidChangeIdentities;

  constructor(private readonly changes: IdentityChanges) {
    this.onDidChangeIdentities = changes.onDidChangeIdentities;
  }

  async list(): Promise<IdentityView[]> {
    return this.changes.views();
  }

  async create({ kind, name }: { kind: IdentityKind; name: string }): Promise<IdentityView> {
    const ledger = this.changes.ledger();
    const identity = ledger.createIdentity({ kind, name });
    this.changes.announce();
    return this.changes.view(identity.id);
  }

  async rename({ identityId, name }: { identityId: string; name: string }): Promise<IdentityView> {
    const ledger = this.changes.ledger();
    ledger.renameIdentity(identityId, name);
    this.changes.announce();
    return this.changes.view(identityId);
  }

  async remove({ identityId }: { identityId: string }): Promise<null> {
    this.changes.ledger().removeIdentity(identityId);
    this.changes.announce();
    return null;
  }
}

export class ConsentServiceImpl implements ServiceImplementation<typeof consentService> {
  constructor(
    private readonly changes: IdentityChanges,
    private readonly media: Pick<MediaServiceImpl, 'import'>,
  ) {}

  async grant(input: GrantConsentInput): Promise<IdentityView> {
    const ledger = this.changes.ledger();
    ledger.getIdentity(input.identityId); // NOT_FOUND before importing anything
    if (input.evidencePath && input.evidenceAssetId) {
      throw new StudioError(
        'INVALID_ARGUMENT',
        'Give the consent evidence as a file or as an asset, not both.',
      );
    }
    let evidenceAssetId = input.evidenceAssetId ?? null;
    if (input.evidencePath) evidenceAssetId = await this.importEvidence(resolve(input.evidencePath));
    ledger.grantConsent({
      identityId: input.identityId,
      subject: input.subject,
      scope: input.scope,
      grantedAt: input.grantedAt,
      evidenceAssetId,
      notes: input.notes,
    });
    this.changes.announce();
    return this.changes.view(input.identityId);
  }

  async link({ identityId, consentId }: { identityId: string; consentId: string }): Promise<IdentityView> {
    const ledger = this.changes.ledger();
    ledger.linkConsent(identityId, consentId);
    this.changes.announce();
    return this.changes.view(identityId);
  }

  async revoke({ identityId }: { identityId: string }): Promise<IdentityView> {
    const ledger = this.changes.ledger();
    ledger.revokeConsent(identityId);
    this.changes.announce();
    return this.changes.view(identityId);
  }

  async list() {
    return this.changes.ledger().listConsents();
  }

  async check({ identityIds }: { identityIds: string[] }) {
    return this.changes.ledger().assertConsentForRender(identityIds);
  }

  /** Imports the evidence file as an asset (or finds it already imported); explains refusals. */
  private async importEvidence(path: string): Promise<string> {
    const result = await this.media.import({ paths: [path] });
    const imported = result.imported[0];
    if (imported) return imported.asset.id;
    const failure = result.failed[0];
    throw new StudioError(
      failure?.code === 'FILE_NOT_FOUND' ? 'FILE_NOT_FOUND' : 'INVALID_ARGUMENT',
      `The consent evidence ${path} could not be added to the project: ${failure?.message ?? 'unknown reason'} ` +
        'Evidence must be an image (a photo or scan of the signed form), an audio or a video recording. Nothing was changed.',
    );
  }
}
