import { useRef, useState, type CSSProperties, type MouseEvent, type ReactNode } from 'react';
import type { Asset } from '../../../shared/model/schemas';
import { getStudio } from '../studio';
import { Icon } from '../ui/Icon';
import { usePeaks } from '../ui/peaksCache';
import { useElementSize } from '../ui/useElementSize';
import { WaveformCanvas } from '../ui/WaveformCanvas';
import { displayAspect } from './assetFormat';

/** Background style showing tile `index` of an asset's filmstrip sprite (tiles side by side). */
export function filmstripTileStyle(asset: Asset, index: number): CSSProperties {
  const count = Math.max(1, asset.thumbnailCount);
  const clamped = Math.min(count - 1, Math.max(0, index));
  return {
    backgroundImage: `url("${getStudio().platform.mediaUrl(asset.id, 'thumbnails')}")`,
    backgroundSize: `${count * 100}% 100%`,
    backgroundPositionX: count > 1 ? `${(clamped / (count - 1)) * 100}%` : '0%',
  };
}

function AudioThumbnail({ asset }: { asset: Asset }) {
  const ref = useRef<HTMLDivElement>(null);
  const size = useElementSize(ref);
  const peaks = usePeaks(asset.id, asset.hasPeaks && asset.status === 'ok');
  const usPerPixel = asset.durationUs && size.width > 0 ? asset.durationUs / size.width : 1;
  return (
    <div className="asset-thumbnail-audio" ref={ref}>
      {peaks && size.width > 0 ? (
        <WaveformCanvas
          peaks={peaks}
          fromUs={0}
          usPerPixel={usPerPixel}
          width={size.width}
          height={size.height}
        />
      ) : (
        <Icon name="audio" size={28} />
      )}
    </div>
  );
}

/** Poster for videos (hover scrubs through the filmstrip), the picture for stills, a waveform for audio. */
export function AssetThumbnail({ asset }: { asset: Asset }) {
  const [posterFailed, setPosterFailed] = useState(false);
  const [hoverIndex, setHoverIndex] = useState<number | null>(null);
  const studio = getStudio();

  if (asset.kind === 'audio') {
    return (
      <div className="asset-thumbnail" data-testid="asset-thumbnail">
        <AudioThumbnail asset={asset} />
      </div>
    );
  }

  const hasSprite = asset.kind === 'video' && asset.thumbnailCount > 0 && asset.status === 'ok';
  const onMouseMove = (event: MouseEvent<HTMLDivElement>) => {
    if (!hasSprite) return;
    const box = event.currentTarget.getBoundingClientRect();
    const fraction = Math.min(0.999, Math.max(0, (event.clientX - box.left) / box.width));
    setHoverIndex(Math.floor(fraction * asset.thumbnailCount));
  };

  let picture: ReactNode;
  if (hoverIndex !== null && hasSprite) {
    picture = (
      <div
        className="asset-thumbnail-tile"
        style={{ aspectRatio: String(displayAspect(asset)), ...filmstripTileStyle(asset, hoverIndex) }}
      />
    );
  } else if (!posterFailed && asset.status === 'ok') {
    picture = (
      <img
        src={studio.platform.mediaUrl(asset.id, 'poster')}
        alt=""
        draggable={false}
        loading="lazy"
        onError={() => setPosterFailed(true)}
      />
    );
  } else if (hasSprite) {
    picture = (
      <div
        className="asset-thumbnail-tile"
        style={{ aspectRatio: String(displayAspect(asset)), ...filmstripTileStyle(asset, 0) }}
      />
    );
  } else {
    picture = <Icon name={asset.kind === 'image' ? 'image' : 'video'} size={28} />;
  }

  return (
    <div
      className="asset-thumbnail"
      data-testid="asset-thumbnail"
      onMouseMove={onMouseMove}
      onMouseLeave={() => setHoverIndex(null)}
    >
      {picture}
    </div>
  );
}
