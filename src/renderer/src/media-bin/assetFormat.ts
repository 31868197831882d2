import type { Asset, MediaKind } from '../../../shared/model/schemas';
import { formatTimecode } from '../../../shared/time';

export const kindLabels: Record<MediaKind, string> = { video: 'Video', audio: 'Audio', image: 'Image' };

export function describeResolution(asset: Asset): string | null {
  if (!asset.width || !asset.height) return null;
  const rotated = asset.rotation === 90 || asset.rotation === 270;
  return rotated ? `${asset.height}×${asset.width}` : `${asset.width}×${asset.height}`;
}

export function describeDuration(asset: Asset): string | null {
  return asset.durationUs === null ? null : formatTimecode(asset.durationUs);
}

export function describeFrameRate(asset: Asset): string | null {
  if (!asset.fps) return null;
  const rate = asset.fps.num / asset.fps.den;
  return `${Number.isInteger(rate) ? rate : rate.toFixed(2)} fps`;
}

export function describeSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** Width / height as displayed (rotation applied), for sizing filmstrip tiles. */
export function displayAspect(asset: Asset): number {
  if (!asset.width || !asset.height) return 16 / 9;
  const rotated = asset.rotation === 90 || asset.rotation === 270;
  return rotated ? asset.height / asset.width : asset.width / asset.height;
}

export function fileNameOf(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] || path;
}
