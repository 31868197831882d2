// The Identities panel: every face and voice identity of the project with the media it was built
// from and its consent (who, to what, when, evidence). Renders refuse an identity without consent,
// so the panel says so and offers the form; revoking keeps the record as history.
import { useState } from 'react';
import type { IdentityView } from '../../../shared/model/provenanceSchemas';
import type { Asset } from '../../../shared/model/schemas';
import { formatTimecode } from '../../../shared/time';
import { getStudio } from '../studio';
import { toShownError, type ShownError } from '../ui/errorText';
import { InlineError } from '../ui/InlineError';
import { VoiceAnalysis } from '../voice/VoiceAnalysis';
import { GrantConsentForm } from './GrantConsentForm';
import type { IdentitiesState } from './useIdentities';

interface IdentitiesPanelProps {
  state: IdentitiesState;
  assetsById: ReadonlyMap<string, Asset>;
}

export function IdentitiesPanel({ state, assetsById }: IdentitiesPanelProps) {
  const { identities } = state;
  return (
    <section className="panel identities-panel" aria-label="Identities" data-testid="identities-panel">
      <InlineError error={state.error} testId="identities-error" />
      {!state.loaded ? null : identities.length === 0 ? (
        <p className="empty-state" data-testid="identities-empty">
          No identities yet. Mark a face as “Source” in the Faces tab (or make a voice in the voice tools):
          each face or voice used as a source becomes an identity, and needs the person’s consent before it
          can be rendered.
        </p>
      ) : (
        <ul className="identity-list">
          {identities.map((identity) => (
            <IdentityCard key={identity.id} identity={identity} assetsById={assetsById} />
          ))}
        </ul>
      )}
    </section>
  );
}

function sourceText(source: IdentityView['sources'][number]): string {
  const name = source.assetName ?? 'a removed file';
  const span =
    source.startUs !== null && source.endUs !== null
      ? ` ${formatTimecode(source.startUs)}–${formatTimecode(source.endUs)}`
      : '';
  const track = /track\/(\d+)$/.exec(source.faceTrackRef ?? '');
  return `${name}${span}${track ? ` (face ${Number(track[1]) + 1})` : ''}`;
}

function IdentityCard({
  identity,
  assetsById,
}: {
  identity: IdentityView;
  assetsById: ReadonlyMap<string, Asset>;
}) {
  const [granting, setGranting] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);
  const consent = identity.consent;
  const evidence = consent?.evidenceAssetId ? assetsById.get(consent.evidenceAssetId) : undefined;

  const revoke = () => {
    setError(null);
    getStudio()
      .consent.revoke({ identityId: identity.id })
      .catch((caught: unknown) => setError(toShownError(caught)));
  };

  return (
    <li
      className={consent ? 'identity-card' : 'identity-card identity-card-missing'}
      data-testid="identity"
      data-identity-id={identity.id}
      data-identity-name={identity.name}
      data-consent={consent ? 'granted' : 'missing'}
    >
      <div className="identity-title">
        <span className={`identity-kind identity-kind-${identity.kind}`}>{identity.kind}</span>
        <span className="identity-name" title={identity.name}>
          {identity.name}
        </span>
      </div>
      {identity.sources.length > 0 ? (
        <div className="identity-sources muted">From {identity.sources.map(sourceText).join(', ')}</div>
      ) : null}
      {identity.kind === 'voice' ? <VoiceAnalysis identityId={identity.id} /> : null}
      {consent ? (
        <dl className="identity-consent" data-testid="identity-consent">
          <dt>Consent</dt>
          <dd data-testid="identity-consent-subject">{consent.subject}</dd>
          <dt>Scope</dt>
          <dd>{consent.scope}</dd>
          <dt>Date</dt>
          <dd>{consent.grantedAt.slice(0, 10)}</dd>
          <dt>Evidence</dt>
          <dd>{consent.evidenceAssetId ? (evidence?.name ?? 'a file no longer in the project') : 'none'}</dd>
        </dl>
      ) : (
        <p className="identity-no-consent" data-testid="identity-no-consent">
          No consent recorded: renders that use this {identity.kind} are refused.
        </p>
      )}
      <InlineError error={error} testId="identity-error" onDismiss={() => setError(null)} />
      {granting ? (
        <GrantConsentForm
          identity={identity}
          onGranted={() => setGranting(false)}
          onCancel={() => setGranting(false)}
        />
      ) : (
        <div className="identity-actions">
          <button
            type="button"
            className={consent ? 'secondary-button' : 'primary-button'}
            onClick={() => setGranting(true)}
            data-testid="identity-grant"
          >
            {consent ? 'Record a new consent…' : 'Record consent…'}
          </button>
          {consent ? (
            <button type="button" className="secondary-button" onClick={revoke} data-testid="identity-revoke">
              Revoke
            </button>
          ) : null}
        </div>
      )}
    </li>
  );
}
