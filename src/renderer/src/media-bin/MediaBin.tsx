import { useRef, useState, type DragEvent } from 'react';
import type { Asset } from '../../../shared/model/schemas';
import { getStudio } from '../studio';
import { reportDialogSupport } from '../ui/dialogSupport';
import { Icon } from '../ui/Icon';
import { InlineError } from '../ui/InlineError';
import { isOsFileDrag } from './assetDragData';
import { FolderRelinkForm, describeFolderRelink } from './FolderRelinkForm';
import { ImportPathForm } from './ImportPathForm';
import { ImportProgressList } from './ImportProgressList';
import { RelinkForm, relinkWithDialog } from './RelinkForm';
import { MediaBinItem, type BinViewMode } from './MediaBinItem';
import type { AssetsState } from './useAssets';
import { useMediaImport } from './useMediaImport';

interface MediaBinProps {
  assetsState: AssetsState;
  onInsertAtPlayhead: (asset: Asset) => void;
}

type OpenForm = { kind: 'none' } | { kind: 'paths' } | { kind: 'folder' } | { kind: 'relink'; asset: Asset };
const NO_FORM: OpenForm = { kind: 'none' };

/** The project's media: drop files from the OS here, import, relink, and drag items to the timeline. */
export function MediaBin({ assetsState, onInsertAtPlayhead }: MediaBinProps) {
  const { assets, loaded, error: listError } = assetsState;
  const importer = useMediaImport();
  const [viewMode, setViewMode] = useState<BinViewMode>('grid');
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [openForm, setOpenForm] = useState<OpenForm>(NO_FORM);
  const [dropActive, setDropActive] = useState(false);
  const dragDepth = useRef(0);
  const fileInput = useRef<HTMLInputElement>(null);
  const missingCount = assets.filter((asset) => asset.status === 'missing').length;

  const chooseFiles = async () => {
    const studio = getStudio();
    if (studio.platform.mode === 'electron') {
      try {
        const answer = await studio.dialogs.showOpen({ purpose: 'media', multiple: true });
        reportDialogSupport(answer.supported);
        if (answer.supported) {
          if (answer.paths.length > 0) await importer.importPaths(answer.paths);
          return;
        }
      } catch (caught) {
        importer.reportError(caught);
        return;
      }
    }
    // No native dialog: the browser's own file chooser, uploaded like a drop.
    fileInput.current?.click();
  };

  const findInFolder = async () => {
    const studio = getStudio();
    if (studio.platform.mode === 'electron') {
      try {
        const answer = await studio.dialogs.showOpen({ purpose: 'folder', multiple: false });
        reportDialogSupport(answer.supported);
        if (answer.supported) {
          const folder = answer.paths[0];
          if (folder) {
            const relinked = await studio.media.relinkFromFolder({ folder });
            importer.reportNotice(describeFolderRelink(relinked.length, missingCount));
          }
          return;
        }
      } catch (caught) {
        importer.reportError(caught);
        return;
      }
    }
    setOpenForm({ kind: 'folder' });
  };

  const relink = async (asset: Asset) => {
    if (getStudio().platform.mode === 'electron') {
      const outcome = await relinkWithDialog(asset);
      if (outcome.error) importer.reportError(outcome.error);
      if (outcome.usedDialog) return;
    }
    setOpenForm({ kind: 'relink', asset });
  };

  const onDragEnter = (event: DragEvent) => {
    if (!isOsFileDrag(event.dataTransfer)) return;
    event.preventDefault();
    dragDepth.current += 1;
    setDropActive(true);
  };
  const onDragOver = (event: DragEvent) => {
    if (!isOsFileDrag(event.dataTransfer)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    setDropActive(true);
  };
  const onDragLeave = (event: DragEvent) => {
    if (!isOsFileDrag(event.dataTransfer)) return;
    dragDepth.current = Math.max(0, dragDepth.current - 1);
    if (dragDepth.current === 0) setDropActive(false);
  };
  const onDrop = (event: DragEvent) => {
    if (!isOsFileDrag(event.dataTransfer)) return;
    event.preventDefault();
    dragDepth.current = 0;
    setDropActive(false);
    void importer.importFiles(Array.from(event.dataTransfer.files));
  };

  return (
    <section
      className={dropActive ? 'panel media-bin media-bin-drop-active' : 'panel media-bin'}
      aria-label="Media bin"
      data-testid="media-bin"
      onDragEnter={onDragEnter}
      onDragOver={onDragOver}
      onDragLeave={onDragLeave}
      onDrop={onDrop}
    >
      <header className="panel-header">
        <h2 className="panel-title">
          Media <span className="panel-count">{assets.length}</span>
        </h2>
        <div className="toolbar">
          <button
            type="button"
            className="toolbar-button"
            onClick={() => void chooseFiles()}
            title="Import media files (or drop them onto the bin)"
            aria-label="Import media"
            data-testid="import-media"
          >
            <Icon name="import" /> Import…
          </button>
          <button
            type="button"
            className={openForm.kind === 'paths' ? 'toolbar-button toolbar-button-active' : 'toolbar-button'}
            onClick={() => setOpenForm(openForm.kind === 'paths' ? NO_FORM : { kind: 'paths' })}
            title="Import files that are already on this machine by typing their paths"
            aria-label="Import by path"
            aria-expanded={openForm.kind === 'paths'}
            data-testid="import-by-path"
          >
            Path…
          </button>
          <span className="toolbar-separator" />
          <button
            type="button"
            className={viewMode === 'grid' ? 'icon-button icon-button-active' : 'icon-button'}
            onClick={() => setViewMode('grid')}
            aria-label="Show as grid"
            aria-pressed={viewMode === 'grid'}
            title="Grid"
          >
            <Icon name="grid" />
          </button>
          <button
            type="button"
            className={viewMode === 'list' ? 'icon-button icon-button-active' : 'icon-button'}
            onClick={() => setViewMode('list')}
            aria-label="Show as list"
            aria-pressed={viewMode === 'list'}
            title="List"
          >
            <Icon name="list" />
          </button>
        </div>
        <input
          ref={fileInput}
          type="file"
          multiple
          hidden
          accept="video/*,audio/*,image/*"
          data-testid="import-file-input"
          onChange={(event) => {
            const files = Array.from(event.target.files ?? []);
            event.target.value = '';
            void importer.importFiles(files);
          }}
        />
      </header>
      {openForm.kind === 'paths' ? (
        <ImportPathForm
          onCancel={() => setOpenForm(NO_FORM)}
          onImport={(paths) => {
            setOpenForm(NO_FORM);
            void importer.importPaths(paths);
          }}
        />
      ) : null}
      {openForm.kind === 'folder' ? (
        <FolderRelinkForm
          missingCount={missingCount}
          onCancel={() => setOpenForm(NO_FORM)}
          onDone={(message) => {
            setOpenForm(NO_FORM);
            importer.reportNotice(message);
          }}
        />
      ) : null}
      <InlineError error={listError} testId="media-bin-error" />
      <InlineError error={importer.error} testId="import-error" onDismiss={importer.dismissError} />
      {openForm.kind === 'relink' ? (
        <RelinkForm key={openForm.asset.id} asset={openForm.asset} onDone={() => setOpenForm(NO_FORM)} />
      ) : null}
      {missingCount > 0 ? (
        <div className="bin-warning" role="status" data-testid="missing-assets-warning">
          <Icon name="warning" size={14} />
          <span>
            {missingCount} file{missingCount === 1 ? ' is' : 's are'} missing: relink{' '}
            {missingCount === 1 ? 'it' : 'them'} to use {missingCount === 1 ? 'it' : 'them'} again.
          </span>
          <button
            type="button"
            className="toolbar-button toolbar-button-danger"
            onClick={() => void findInFolder()}
            title="Search a folder for the missing files and relink the ones found"
            aria-label="Find missing files in folder"
            data-testid="find-in-folder"
          >
            <Icon name="folder" /> Find in folder…
          </button>
        </div>
      ) : null}
      <div className="panel-body media-bin-body" onClick={() => setSelectedId(null)}>
        {loaded && assets.length === 0 ? (
          <div className="empty-state media-bin-empty" data-testid="media-bin-empty">
            <Icon name="import" size={32} />
            <p>Drop video, audio or image files here</p>
            <p className="muted">or use Import… — then drag them onto the timeline.</p>
          </div>
        ) : (
          <ul className={`media-bin-items media-bin-items-${viewMode}`} aria-label="Assets">
            {assets.map((asset) => (
              <MediaBinItem
                key={asset.id}
                asset={asset}
                viewMode={viewMode}
                selected={asset.id === selectedId}
                onSelect={() => setSelectedId(asset.id)}
                onInsertAtPlayhead={() => onInsertAtPlayhead(asset)}
                onRelink={() => void relink(asset)}
                onError={importer.reportError}
              />
            ))}
          </ul>
        )}
        {dropActive ? (
          <div className="drop-overlay" data-testid="media-bin-drop-overlay">
            <Icon name="import" size={36} />
            <span>Drop to import</span>
          </div>
        ) : null}
      </div>
      <footer className="panel-footer">
        {importer.notice ? (
          <div className="bin-notice" role="status" data-testid="import-notice">
            <span>{importer.notice}</span>
            <button type="button" className="link-button" onClick={importer.dismissNotice}>
              OK
            </button>
          </div>
        ) : null}
        <ImportProgressList
          batches={importer.batches}
          failures={importer.failures}
          onDismissFailures={importer.dismissFailures}
        />
      </footer>
    </section>
  );
}
