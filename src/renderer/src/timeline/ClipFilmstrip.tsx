import type { Asset, Clip } from '../../../shared/model/schemas';
import { displayAspect } from '../media-bin/assetFormat';
import { filmstripTileStyle } from '../media-bin/AssetThumbnail';
import { getStudio } from '../studio';
import { pxToUs } from './timelineGeometry';

interface ClipFilmstripProps {
  asset: Asset;
  clip: Clip;
  pxPerSecond: number;
  clipWidth: number;
  height: number;
  /** The part of the clip (clip-local px) worth drawing. */
  drawFromPx: number;
  drawToPx: number;
}

const MAX_TILES = 400;

/**
 * Thumbnails along a video/image clip, each showing the sprite tile nearest its source time. The
 * sprite (mediaUrl(id, 'thumbnails')) is one JPEG holding `thumbnailCount` tiles side by side.
 */
export function ClipFilmstrip({
  asset,
  clip,
  pxPerSecond,
  clipWidth,
  height,
  drawFromPx,
  drawToPx,
}: ClipFilmstripProps) {
  const tileWidth = Math.max(16, Math.round(height * displayAspect(asset)));
  const usable = asset.status === 'ok';
  if (!usable || drawToPx <= drawFromPx) return null;

  if (asset.kind === 'image' || asset.thumbnailCount === 0) {
    // A still (or no sprite yet): the poster repeated along the clip.
    return (
      <div
        className="clip-filmstrip clip-filmstrip-repeat"
        style={{
          backgroundImage: `url("${getStudio().platform.mediaUrl(asset.id, 'poster')}")`,
          backgroundSize: `${tileWidth}px ${height}px`,
        }}
        data-testid="clip-filmstrip"
      />
    );
  }

  const first = Math.max(0, Math.floor(drawFromPx / tileWidth));
  const last = Math.min(Math.ceil(clipWidth / tileWidth), Math.ceil(drawToPx / tileWidth), first + MAX_TILES);
  const assetDuration = asset.durationUs && asset.durationUs > 0 ? asset.durationUs : clip.outUs;
  const tiles = [];
  for (let index = first; index < last; index += 1) {
    const centreUs = clip.inUs + pxToUs(index * tileWidth + tileWidth / 2, pxPerSecond);
    const spriteIndex = Math.floor(
      (Math.min(centreUs, assetDuration - 1) / assetDuration) * asset.thumbnailCount,
    );
    tiles.push(
      <div
        key={index}
        className="clip-filmstrip-tile"
        style={{ left: index * tileWidth, width: tileWidth, ...filmstripTileStyle(asset, spriteIndex) }}
      />,
    );
  }
  return (
    <div className="clip-filmstrip" data-testid="clip-filmstrip">
      {tiles}
    </div>
  );
}
