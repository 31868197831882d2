import type { Asset } from '../../../shared/model/schemas';
import { getStudio } from '../studio';
import { Icon } from '../ui/Icon';
import { endAssetDrag, startAssetDrag } from './assetDragData';
import {
  describeDuration,
  describeFrameRate,
  describeResolution,
  describeSize,
  kindLabels,
} from './assetFormat';
import { AssetThumbnail } from './AssetThumbnail';

export type BinViewMode = 'grid' | 'list';

interface MediaBinItemProps {
  asset: Asset;
  viewMode: BinViewMode;
  selected: boolean;
  onSelect: () => void;
  /** Double-click / Enter: put the asset on the timeline at the playhead. */
  onInsertAtPlayhead: () => void;
  onRelink: () => void;
  onError: (error: unknown) => void;
}

export function MediaBinItem(props: MediaBinItemProps) {
  const { asset, viewMode, selected, onSelect, onInsertAtPlayhead } = props;
  const missing = asset.status === 'missing';
  const duration = describeDuration(asset);
  const resolution = describeResolution(asset);
  const frameRate = describeFrameRate(asset);

  const remove = async () => {
    try {
      await getStudio().media.remove({ assetId: asset.id });
    } catch (caught) {
      props.onError(caught);
    }
  };

  const classes = ['media-bin-item', `media-bin-item-${viewMode}`];
  if (selected) classes.push('media-bin-item-selected');
  if (missing) classes.push('media-bin-item-missing');
  const tooltip = missing
    ? `${asset.name} — file missing: ${asset.path}`
    : `${asset.path}\nDrag onto a timeline track, or double-click to add it at the playhead.`;

  return (
    <li
      className={classes.join(' ')}
      data-testid="media-bin-item"
      data-asset-id={asset.id}
      data-asset-kind={asset.kind}
      data-asset-name={asset.name}
      data-status={asset.status}
      aria-label={`${asset.name}, ${kindLabels[asset.kind]}${missing ? ', missing' : ''}`}
      aria-current={selected ? 'true' : undefined}
      data-selected={selected ? 'true' : 'false'}
      tabIndex={0}
      title={tooltip}
      draggable={!missing}
      onDragStart={(event) => {
        onSelect();
        startAssetDrag(event.dataTransfer, asset);
      }}
      onDragEnd={endAssetDrag}
      onClick={(event) => {
        event.stopPropagation();
        onSelect();
      }}
      onDoubleClick={() => !missing && onInsertAtPlayhead()}
      onKeyDown={(event) => {
        if (event.key === 'Enter' && !missing && event.target === event.currentTarget) onInsertAtPlayhead();
      }}
    >
      <div className="media-bin-item-visual">
        <AssetThumbnail asset={asset} />
        <span className={`kind-badge kind-badge-${asset.kind}`} data-testid="asset-kind">
          {kindLabels[asset.kind]}
        </span>
        {duration ? (
          <span className="duration-badge" data-testid="asset-duration">
            {duration}
          </span>
        ) : null}
        {missing ? (
          <span className="missing-badge" data-testid="asset-missing">
            <Icon name="warning" size={12} /> Missing
          </span>
        ) : null}
      </div>
      <div className="media-bin-item-info">
        <span className="media-bin-item-name" data-testid="asset-name">
          {asset.name}
        </span>
        <span className="media-bin-item-meta">
          {resolution ? <span data-testid="asset-resolution">{resolution}</span> : null}
          {frameRate ? <span>{frameRate}</span> : null}
          {asset.kind === 'audio' && asset.audioCodec ? <span>{asset.audioCodec}</span> : null}
          {viewMode === 'list' ? <span>{describeSize(asset.sizeBytes)}</span> : null}
        </span>
      </div>
      <div className="media-bin-item-actions">
        {missing ? (
          <button
            type="button"
            className="danger-button small-button"
            onClick={(event) => {
              event.stopPropagation();
              props.onRelink();
            }}
            aria-label={`Relink ${asset.name}`}
            title="Point the project at this file's new location"
            data-testid="asset-relink"
          >
            Relink…
          </button>
        ) : null}
        <button
          type="button"
          className="icon-button media-bin-item-remove"
          onClick={(event) => {
            event.stopPropagation();
            void remove();
          }}
          aria-label={`Remove ${asset.name} from project`}
          title="Remove from project (the file stays on disk)"
        >
          <Icon name="trash" size={14} />
        </button>
      </div>
    </li>
  );
}
