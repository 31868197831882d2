import type { ImportBatchView, ImportFailureView } from './useMediaImport';
import { fileNameOf } from './assetFormat';

const phaseLabels: Record<ImportBatchView['phase'], string> = {
  uploading: 'Copying files into the project',
  starting: 'Starting',
  hashing: 'Hashing',
  probing: 'Reading',
  thumbnails: 'Making thumbnails',
  waveform: 'Drawing waveform',
  done: 'Imported',
  failed: 'Failed',
};

function ImportBatchBar({ batch }: { batch: ImportBatchView }) {
  const indeterminate = batch.phase === 'uploading' || batch.phase === 'starting';
  const fraction = batch.total > 0 ? Math.min(1, batch.completed / batch.total) : 0;
  const label = batch.finished
    ? `Imported ${batch.completed - batch.failed} of ${batch.total}${batch.failed ? `, ${batch.failed} failed` : ''}`
    : `${phaseLabels[batch.phase]}${batch.currentPath ? ` — ${fileNameOf(batch.currentPath)}` : ''}`;
  return (
    <div
      className={batch.finished ? 'import-batch import-batch-finished' : 'import-batch'}
      data-testid="import-progress"
      data-phase={batch.phase}
      data-finished={batch.finished ? 'true' : 'false'}
    >
      <div className="import-batch-text">
        <span className="import-batch-label">{label}</span>
        <span className="import-batch-count">
          {batch.completed}/{batch.total}
        </span>
      </div>
      <div
        className={indeterminate ? 'progress-track progress-indeterminate' : 'progress-track'}
        role="progressbar"
        aria-label="Import progress"
        aria-valuemin={0}
        aria-valuemax={batch.total}
        aria-valuenow={indeterminate ? undefined : batch.completed}
      >
        <div
          className="progress-fill"
          style={{ width: indeterminate ? undefined : `${Math.round(fraction * 100)}%` }}
        />
      </div>
    </div>
  );
}

interface ImportProgressListProps {
  batches: ImportBatchView[];
  failures: ImportFailureView[];
  onDismissFailures: () => void;
}

/** Non-blocking: progress bars and failures sit at the foot of the bin, the UI stays usable. */
export function ImportProgressList({ batches, failures, onDismissFailures }: ImportProgressListProps) {
  if (batches.length === 0 && failures.length === 0) return null;
  return (
    <div className="import-status" aria-live="polite">
      {batches.map((batch) => (
        <ImportBatchBar key={batch.id} batch={batch} />
      ))}
      {failures.length > 0 ? (
        <div className="import-failures" role="alert" data-testid="import-failures">
          <div className="import-failures-header">
            <span>
              {failures.length} file{failures.length === 1 ? '' : 's'} could not be imported
            </span>
            <button type="button" className="link-button" onClick={onDismissFailures}>
              Dismiss
            </button>
          </div>
          <ul>
            {failures.map((failure) => (
              <li
                key={failure.key}
                data-testid="import-failure"
                data-error-code={failure.code}
                title={failure.path}
              >
                <strong>{fileNameOf(failure.path)}</strong>: {failure.message}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
