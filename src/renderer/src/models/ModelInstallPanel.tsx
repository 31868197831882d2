// Installing a pack: its licences first (accepted with a checkbox), optional files by choice, then
// the download with a progress bar and Cancel. What was downloaded before a cancel is resumed by
// the next install.
import { useState } from 'react';
import type { ModelInstallProgress, ModelPack } from '../../../shared/contracts/modelsContract';
import { getStudio } from '../studio';
import { toShownError, type ShownError } from '../ui/errorText';
import { InlineError } from '../ui/InlineError';
import { ModelLicenceList } from './ModelLicenceList';
import { formatBytes } from './useModelPacks';

interface ModelInstallPanelProps {
  pack: ModelPack;
  progress: ModelInstallProgress | undefined;
  onClose: () => void;
}

function progressText(progress: ModelInstallProgress): string {
  const file = `${progress.fileName} (${progress.fileIndex + 1} of ${progress.fileCount})`;
  if (progress.phase === 'verifying') return `Checking ${file}…`;
  if (progress.phase === 'installed') return `Installed ${file}`;
  const total = progress.totalBytes === null ? '' : ` of ${formatBytes(progress.totalBytes)}`;
  return `Downloading ${file}: ${formatBytes(progress.receivedBytes)}${total} from ${progress.provider}`;
}

export function ModelInstallPanel({ pack, progress, onClose }: ModelInstallPanelProps) {
  const [accepted, setAccepted] = useState(false);
  // Once the required files are in, what is left to install is the optional ones.
  const [includeOptional, setIncludeOptional] = useState(pack.status === 'installed');
  const [error, setError] = useState<ShownError | null>(null);
  const [busy, setBusy] = useState(false);
  const installing = pack.status === 'installing' || busy;
  const optional = pack.files.filter((file) => file.optional && file.installed === null);
  const shown = pack.files.filter((file) => includeOptional || !file.optional);

  const install = async () => {
    setBusy(true);
    setError(null);
    try {
      await getStudio().models.install({ packId: pack.id, includeOptional, acceptLicences: accepted });
      onClose();
    } catch (caught) {
      const shown = toShownError(caught);
      // The user pressed Cancel: nothing to report; the card offers "Resume install…".
      if (shown.code === 'CANCELLED') onClose();
      else setError(shown);
    } finally {
      setBusy(false);
    }
  };

  const fraction =
    progress && progress.totalBytes ? Math.min(1, progress.receivedBytes / progress.totalBytes) : undefined;

  return (
    <div className="model-install-panel" data-testid="model-install-panel">
      {installing ? (
        <div className="model-install-progress">
          <progress
            max={1}
            value={fraction}
            aria-label={`Install progress of ${pack.name}`}
            data-testid="model-install-progress"
          />
          <span className="muted" data-testid="model-install-progress-text">
            {progress ? progressText(progress) : 'Starting…'}
          </span>
          <button
            type="button"
            className="secondary-button"
            onClick={() => void getStudio().models.cancelInstall({ packId: pack.id })}
            data-testid="model-install-cancel"
          >
            Cancel
          </button>
        </div>
      ) : (
        <>
          <p>Read the licences of what will be installed:</p>
          <ModelLicenceList files={shown} />
          {optional.length > 0 ? (
            <label className="model-check">
              <input
                type="checkbox"
                checked={includeOptional}
                onChange={(event) => setIncludeOptional(event.target.checked)}
                data-testid="model-install-optional"
              />
              Also install the optional {optional.map((file) => file.name).join(', ')}
            </label>
          ) : null}
          <label className="model-check">
            <input
              type="checkbox"
              checked={accepted}
              onChange={(event) => setAccepted(event.target.checked)}
              data-testid="model-licence-accept"
            />
            I have read these licences and will use the models only as they allow
            {pack.nonCommercial ? ' (not for commercial work)' : ''}.
          </label>
          <div className="modal-footer">
            <button type="button" className="secondary-button" onClick={onClose}>
              Not now
            </button>
            <button
              type="button"
              className="primary-button"
              disabled={!accepted}
              onClick={() => void install()}
              data-testid="model-install-confirm"
            >
              Install
            </button>
          </div>
        </>
      )}
      <InlineError error={error} testId="model-install-error" onDismiss={() => setError(null)} />
    </div>
  );
}
