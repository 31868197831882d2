// One model pack in the Models dialog: what it is for, its size, licences (non-commercial badge),
// status, each file with its integrity (sha256 verified, CRC32 verified, or an unverified source
// hash), and the actions: install (licences first), cancel, import from disk, uninstall.
import { useState } from 'react';
import {
  packSizeText,
  type ModelInstallProgress,
  type ModelPack,
  type ModelPackFile,
} from '../../../shared/contracts/modelsContract';
import { getStudio } from '../studio';
import { toShownError, type ShownError } from '../ui/errorText';
import { InlineError } from '../ui/InlineError';
import { ModelImportForm } from './ModelImportForm';
import { ModelInstallPanel } from './ModelInstallPanel';
import { CommercialUseBadge } from './ModelLicenceList';
import { formatBytes } from './useModelPacks';

const STATUS_LABELS: Record<ModelPack['status'], string> = {
  'not-installed': 'Not installed',
  partial: 'Partly installed',
  installed: 'Installed',
  installing: 'Installing…',
};

const INTEGRITY_LABELS = {
  'sha256-verified': 'sha256 verified',
  'crc32-verified': 'CRC32 verified; sha256 recorded',
  unverified: 'unverified source hash',
} as const;

function fileSize(file: ModelPackFile): string {
  if (file.bytes !== null) return formatBytes(file.bytes);
  if (file.approximateBytes !== null) return `≈ ${formatBytes(file.approximateBytes)}`;
  return 'size unknown';
}

function FileRow({ file }: { file: ModelPackFile }) {
  const installed = file.installed;
  return (
    <li className="model-file" data-testid={`model-file-${file.id}`}>
      <div className="model-file-head">
        <strong>{file.name}</strong>
        <span className="muted">
          {file.fileName} · {fileSize(file)}
          {file.optional ? ' · optional' : ''}
        </span>
        <CommercialUseBadge licence={file.licence} />
      </div>
      <div className="model-file-status" data-testid="model-file-status">
        {installed ? (
          <span title={`sha256 ${installed.sha256}\n${installed.path}`}>
            Installed ({installed.origin === 'import' ? 'imported' : 'downloaded'}) ·{' '}
            <span className={installed.integrity === 'unverified' ? 'model-unverified' : 'model-verified'}>
              {INTEGRITY_LABELS[installed.integrity]}
            </span>
            {installed.differsFromPublishedSha256 ? ' · differs from the published sha256' : ''} · sha256{' '}
            <code>{installed.sha256.slice(0, 16)}…</code>
          </span>
        ) : file.partialBytes > 0 ? (
          <span>Partly downloaded ({formatBytes(file.partialBytes)}): Install resumes it</span>
        ) : (
          <span className="muted">
            Not installed ·{' '}
            {file.publishedSha256
              ? 'checked against its published sha256'
              : file.integrityKind === 'crc32-sidecar'
                ? 'no published sha256: CRC32 checked, own sha256 recorded'
                : 'no published hash: own sha256 recorded (unverified source)'}
          </span>
        )}
      </div>
    </li>
  );
}

interface ModelPackCardProps {
  pack: ModelPack;
  progress: ModelInstallProgress | undefined;
}

export function ModelPackCard({ pack, progress }: ModelPackCardProps) {
  const [panel, setPanel] = useState<'none' | 'install' | 'import' | 'uninstall'>('none');
  const [error, setError] = useState<ShownError | null>(null);
  const shownPanel = pack.status === 'installing' ? 'install' : panel;
  // An installed pack can still lack its optional files (GFPGAN): offer them.
  const optionalMissing = pack.files.some((file) => file.optional && file.installed === null);
  const anyFiles =
    pack.files.some((file) => file.installed || file.partialBytes > 0) ||
    pack.userFileKinds.some((kind) => kind.installed.length > 0);

  const uninstall = async () => {
    setError(null);
    try {
      await getStudio().models.uninstall({ packId: pack.id });
      setPanel('none');
    } catch (caught) {
      setError(toShownError(caught));
    }
  };

  return (
    <section className="model-pack" data-testid={`model-pack-${pack.id}`} aria-label={pack.name}>
      <header className="model-pack-head">
        <h3>{pack.name}</h3>
        <span className={`model-status model-status-${pack.status}`} data-testid="model-pack-status">
          {STATUS_LABELS[pack.status]}
        </span>
        {pack.nonCommercial ? (
          <span
            className="model-badge model-badge-noncommercial"
            title="At least one of its licences forbids commercial use"
          >
            Non-commercial
          </span>
        ) : null}
        <span className="muted" data-testid="model-pack-size">
          {packSizeText(pack, formatBytes)}
        </span>
      </header>
      <p className="model-pack-description">{pack.description}</p>
      <p className="muted">Used by: {pack.usedBy}</p>
      <ul className="model-files">
        {pack.files.map((file) => (
          <FileRow key={file.id} file={file} />
        ))}
        {pack.userFileKinds.map((kind) => (
          <li className="model-file" key={kind.kind} data-testid={`model-user-files-${kind.kind}`}>
            <div className="model-file-head">
              <strong>{kind.name}</strong>
              <span className="muted">files you import</span>
            </div>
            <div className="muted">{kind.description}</div>
            <div>
              {kind.installed.length === 0
                ? 'None imported yet.'
                : kind.installed.map((file) => file.label).join(', ')}
            </div>
          </li>
        ))}
      </ul>
      {shownPanel === 'install' ? (
        <ModelInstallPanel pack={pack} progress={progress} onClose={() => setPanel('none')} />
      ) : shownPanel === 'import' ? (
        <ModelImportForm pack={pack} onClose={() => setPanel('none')} />
      ) : shownPanel === 'uninstall' ? (
        <div className="model-confirm" data-testid="model-uninstall-confirm">
          <span>
            Delete every file of this pack
            {pack.userFileKinds.length > 0 ? ', your imported files included' : ''}?
          </span>
          <button
            type="button"
            className="danger-button"
            onClick={() => void uninstall()}
            data-testid="model-uninstall-yes"
          >
            Delete
          </button>
          <button type="button" className="secondary-button" onClick={() => setPanel('none')}>
            Keep
          </button>
        </div>
      ) : (
        <div className="model-pack-actions">
          {pack.status !== 'installed' || optionalMissing ? (
            <button
              type="button"
              className="primary-button"
              onClick={() => setPanel('install')}
              data-testid="model-pack-install"
            >
              {pack.files.some((file) => file.partialBytes > 0)
                ? 'Resume install…'
                : pack.status === 'installed'
                  ? 'Install optional…'
                  : 'Install…'}
            </button>
          ) : null}
          <button
            type="button"
            className="secondary-button"
            onClick={() => setPanel('import')}
            data-testid="model-import-open"
          >
            Import from disk…
          </button>
          {anyFiles ? (
            <button
              type="button"
              className="secondary-button"
              onClick={() => setPanel('uninstall')}
              data-testid="model-pack-uninstall"
            >
              Uninstall…
            </button>
          ) : null}
        </div>
      )}
      <InlineError error={error} testId="model-pack-error" onDismiss={() => setError(null)} />
    </section>
  );
}
