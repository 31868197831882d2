// The render queue and the project's render history: status, progress, cancel, and the output's
// folder. A floating panel, not a modal: editing goes on while renders run.
import { useState } from 'react';
import type { RenderJob } from '../../../shared/contracts/renderContract';
import { getStudio } from '../studio';
import type { RenderProvenanceSummary } from '../../../shared/model/provenanceSchemas';
import { requestInspection } from '../provenance/inspectionRequests';
import type { RendersState } from './useRenders';

interface RenderQueuePanelProps {
  renders: RendersState;
  onClose: () => void;
  onNewRender: () => void;
}

function percent(value: number): string {
  return `${Math.round(value * 100)}%`;
}

export function RenderQueuePanel({ renders, onClose, onNewRender }: RenderQueuePanelProps) {
  const jobs = [...renders.jobs].reverse();
  return (
    <aside className="render-queue" aria-label="Renders" data-testid="render-queue">
      <header className="modal-header">
        <h2>Renders</h2>
        <span className="top-bar-spacer" />
        <button
          type="button"
          className="secondary-button"
          onClick={onNewRender}
          data-testid="render-queue-new"
        >
          New render…
        </button>
        <button type="button" className="icon-button" onClick={onClose} aria-label="Close the render list">
          ×
        </button>
      </header>
      {renders.available === false ? (
        <p className="empty-state">The render engine is not available in this build yet.</p>
      ) : jobs.length === 0 ? (
        <p className="empty-state" data-testid="render-queue-empty">
          No renders yet for this project.
        </p>
      ) : (
        <ul className="render-jobs">
          {jobs.map((job) => (
            <RenderJobRow key={job.id} job={job} live={renders.progress.get(job.id)?.etaSeconds ?? null} />
          ))}
        </ul>
      )}
    </aside>
  );
}

function RenderJobRow({ job, live }: { job: RenderJob; live: number | null }) {
  const active = job.status === 'queued' || job.status === 'running';
  const [shownPath, setShownPath] = useState(false);
  const name = job.outputPath.split(/[\\/]/).pop();
  return (
    <li
      className={`render-job render-job-${job.status}`}
      data-testid="render-job"
      data-status={job.status}
      data-output-path={job.outputPath}
      data-render-id={job.id}
    >
      <div className="render-job-title">
        <span title={job.outputPath}>{name}</span>
        <span className="render-job-status">
          {job.status === 'running' ? percent(job.progress) : job.status}
        </span>
      </div>
      {active ? <progress max={1} value={job.progress} aria-label={`Render progress of ${name}`} /> : null}
      <div className="render-job-details muted">
        {job.preset ?? ''}
        {job.width && job.height ? ` · ${job.width}×${job.height}` : ''}
        {live !== null && job.status === 'running' ? ` · about ${Math.ceil(live)} s left` : ''}
        {job.error ? <span className="danger-text"> · {job.error.message}</span> : null}
      </div>
      {job.provenance ? <RenderProvenanceLine provenance={job.provenance} /> : null}
      <div className="render-job-actions">
        {active ? (
          <button
            type="button"
            className="secondary-button"
            data-testid="render-cancel"
            onClick={() => void getStudio().render.cancel({ renderId: job.id })}
          >
            Cancel
          </button>
        ) : null}
        {job.status === 'done' ? (
          <button
            type="button"
            className="secondary-button"
            data-testid="render-inspect"
            title="Check this output's C2PA manifest and watermark in the Provenance panel"
            onClick={() => requestInspection(job.outputPath)}
          >
            Inspect
          </button>
        ) : null}
        {job.status === 'done' ? (
          <button
            type="button"
            className="secondary-button"
            data-testid="render-open-folder"
            onClick={() =>
              void getStudio()
                .dialogs.revealInFolder({ path: job.outputPath })
                .then((answer) => {
                  // Browser mode cannot open a file manager: show where the file is instead.
                  if (!answer.supported) setShownPath(true);
                })
            }
          >
            Open folder
          </button>
        ) : null}
      </div>
      {shownPath ? (
        <p className="render-job-path" data-testid="render-output-path">
          Saved at <code>{job.outputPath}</code>
        </p>
      ) : null}
    </li>
  );
}

/** What the finished render was signed with: watermark id, signer, consents and models cited. */
function RenderProvenanceLine({ provenance }: { provenance: RenderProvenanceSummary }) {
  const consents = provenance.consents.length;
  const models = provenance.models.map((model) => model.name);
  return (
    <div className="render-job-provenance muted" data-testid="render-provenance">
      Signed (C2PA,{' '}
      {provenance.c2pa.signer.source === 'installation'
        ? 'this installation'
        : provenance.c2pa.signer.subject}
      ) · watermark {provenance.watermark.id}
      {provenance.visibleLabel ? ' · visible label' : ''}
      {consents > 0 ? ` · cites ${consents} consent${consents === 1 ? '' : 's'}` : ''}
      {models.length > 0 ? ` · models ${models.join(', ')}` : ''}
    </div>
  );
}
