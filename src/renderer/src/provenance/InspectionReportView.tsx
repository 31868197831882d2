// One inspection report, section by section: the C2PA manifest (validated against this
// installation's certificate), the studio's watermark, the content safety verdict, and the
// deepfake cues with their explanations. Every "nothing here" state says so in words.
import type { InspectionReport } from '../../../shared/model/provenanceSchemas';
import { CueList } from './CueList';

interface InspectionReportViewProps {
  path: string;
  report: InspectionReport;
  seconds: number;
}

function percent(value: number | null): string {
  return value === null ? '–' : `${Math.round(value * 1000) / 10}%`;
}

const shortSourceType = (value: string | null): string | null => value?.split('/').pop() ?? null;

export function InspectionReportView({ path, report, seconds }: InspectionReportViewProps) {
  const { c2pa, watermark, contentSafety } = report;
  const c2paState = !c2pa.present ? 'none' : c2pa.valid ? 'valid' : 'invalid';
  return (
    <div className="inspection" data-testid="inspection" data-path={path}>
      <p className="inspection-file muted" title={path}>
        {path.split(/[\\/]/).pop()} · inspected in {seconds.toFixed(1)} s
      </p>

      <section className="inspection-section" data-testid="inspection-c2pa" data-state={c2paState}>
        <h3>
          C2PA manifest{' '}
          <span
            className={`inspection-badge inspection-badge-${c2paState}`}
            data-testid="inspection-c2pa-state"
          >
            {c2paState === 'none'
              ? 'none found'
              : c2paState === 'valid'
                ? c2pa.trusted
                  ? 'valid · signed by this installation'
                  : 'valid · signer not trusted here'
                : 'INVALID'}
          </span>
        </h3>
        <p>{c2pa.summary}</p>
        {c2pa.present ? (
          <dl className="inspection-facts">
            {c2pa.signer ? (
              <>
                <dt>Signer</dt>
                <dd data-testid="inspection-signer">
                  {c2pa.signer.commonName ?? 'unnamed'}
                  {c2pa.signer.issuer ? ` (issued by ${c2pa.signer.issuer})` : ''}
                </dd>
              </>
            ) : null}
            {c2pa.claimGenerator ? (
              <>
                <dt>Made with</dt>
                <dd>{c2pa.claimGenerator}</dd>
              </>
            ) : null}
            {c2pa.render ? (
              <>
                <dt>Render</dt>
                <dd className="inspection-id" data-testid="inspection-manifest-render-id">
                  {c2pa.render.renderId}
                </dd>
                <dt>Visible label</dt>
                <dd>{c2pa.render.visibleLabel ? 'yes (“AI-GENERATED”)' : 'no'}</dd>
              </>
            ) : null}
          </dl>
        ) : null}
        {c2pa.actions.length > 0 ? (
          <ul className="inspection-list" data-testid="inspection-actions">
            {c2pa.actions.map((action, index) => (
              <li key={index}>
                <code>{action.action}</code>
                {shortSourceType(action.digitalSourceType)
                  ? ` · ${shortSourceType(action.digitalSourceType)}`
                  : ''}
                {action.description ? ` — ${action.description}` : ''}
              </li>
            ))}
          </ul>
        ) : null}
        {c2pa.render && c2pa.render.models.length > 0 ? (
          <ul className="inspection-list" data-testid="inspection-models">
            {c2pa.render.models.map((model) => (
              <li key={model.name}>
                Model {model.name}
                {model.version ? ` ${model.version}` : ''} · licence: {model.licence}
              </li>
            ))}
          </ul>
        ) : c2pa.render ? (
          <p className="muted">No models: no AI effect ran in this render.</p>
        ) : null}
        {c2pa.render ? (
          c2pa.render.consents.length > 0 ? (
            <ul className="inspection-list" data-testid="inspection-consents">
              {c2pa.render.consents.map((consent) => (
                <li key={consent.consentId}>
                  Consent for a {consent.identityKind}: “{consent.scope}”, {consent.grantedAt.slice(0, 10)}{' '}
                  <span className="muted">(record {consent.consentId.slice(0, 8)})</span>
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">No consent references: the render used no face or voice identity.</p>
          )
        ) : null}
        {c2pa.failures.length > 0 ? (
          <ul className="inspection-list danger-text">
            {c2pa.failures.map((failure) => (
              <li key={failure.code}>
                {failure.code}: {failure.explanation}
              </li>
            ))}
          </ul>
        ) : null}
      </section>

      <section
        className="inspection-section"
        data-testid="inspection-watermark"
        data-state={watermark.found ? 'found' : 'none'}
      >
        <h3>
          Invisible watermark{' '}
          <span className={`inspection-badge inspection-badge-${watermark.found ? 'valid' : 'none'}`}>
            {watermark.found ? 'found' : 'none found'}
          </span>
        </h3>
        <p>{watermark.summary}</p>
        {watermark.found ? (
          <dl className="inspection-facts">
            <dt>Render id</dt>
            <dd className="inspection-id" data-testid="inspection-watermark-render-id">
              {watermark.renderId}
            </dd>
            <dt>Bit accuracy</dt>
            <dd data-testid="inspection-watermark-accuracy">{percent(watermark.bitAccuracy)}</dd>
            <dt>In picture / sound</dt>
            <dd>
              {watermark.video?.found ? 'yes' : 'no'} / {watermark.audio?.found ? 'yes' : 'no'}
            </dd>
            <dt>Matches manifest</dt>
            <dd>{watermark.matchesManifest === null ? '–' : watermark.matchesManifest ? 'yes' : 'NO'}</dd>
          </dl>
        ) : null}
      </section>

      <section
        className="inspection-section"
        data-testid="inspection-content-safety"
        data-state={contentSafety.status}
      >
        <h3>
          Content safety{' '}
          <span
            className={`inspection-badge inspection-badge-${contentSafety.status === 'refused' ? 'invalid' : 'none'}`}
          >
            {contentSafety.status}
          </span>
        </h3>
        <p>{contentSafety.summary}</p>
        {contentSafety.classifiers.length > 0 ? (
          <ul className="inspection-list muted">
            {contentSafety.classifiers.map((classifier) => (
              <li key={classifier.modelId}>
                {classifier.modelId}: highest score {classifier.highestSexualScore.toFixed(3)}
              </li>
            ))}
          </ul>
        ) : null}
      </section>

      <CueList cues={report.cues} />
    </div>
  );
}
