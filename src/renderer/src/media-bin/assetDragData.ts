// Bin items are dragged to the timeline with a MIME type of our own, so OS files, text and links
// dropped on a track are told apart from assets. During dragover the data itself is unreadable
// (browsers hide it until drop), so the kind travels in a second type name and the asset being
// dragged is also remembered here for the drop preview.
import type { Asset, MediaKind } from '../../../shared/model/schemas';

export const ASSET_DRAG_MIME = 'application/x-doppel-asset';
const KIND_MIME_PREFIX = 'application/x-doppel-asset-kind-';

export interface AssetDragPayload {
  assetId: string;
  kind: MediaKind;
  durationUs: number | null;
}

let draggedAsset: AssetDragPayload | null = null;

export function startAssetDrag(dataTransfer: DataTransfer, asset: Asset): void {
  const payload: AssetDragPayload = { assetId: asset.id, kind: asset.kind, durationUs: asset.durationUs };
  dataTransfer.setData(ASSET_DRAG_MIME, JSON.stringify(payload));
  dataTransfer.setData(`${KIND_MIME_PREFIX}${asset.kind}`, asset.id);
  dataTransfer.setData('text/plain', asset.name);
  dataTransfer.effectAllowed = 'copy';
  draggedAsset = payload;
}

export function endAssetDrag(): void {
  draggedAsset = null;
}

/** The asset being dragged from this window's bin, if any (for previews during dragover). */
export function currentAssetDrag(): AssetDragPayload | null {
  return draggedAsset;
}

export function isAssetDrag(dataTransfer: DataTransfer | null): boolean {
  return dataTransfer !== null && Array.from(dataTransfer.types).includes(ASSET_DRAG_MIME);
}

export function draggedAssetKind(dataTransfer: DataTransfer | null): MediaKind | null {
  if (!dataTransfer) return null;
  for (const type of Array.from(dataTransfer.types)) {
    if (type.startsWith(KIND_MIME_PREFIX)) {
      const kind = type.slice(KIND_MIME_PREFIX.length);
      if (kind === 'video' || kind === 'audio' || kind === 'image') return kind;
    }
  }
  return draggedAsset?.kind ?? null;
}

export function readAssetDrag(dataTransfer: DataTransfer): AssetDragPayload | null {
  const text = dataTransfer.getData(ASSET_DRAG_MIME);
  if (!text) return null;
  try {
    const parsed = JSON.parse(text) as Partial<AssetDragPayload>;
    if (typeof parsed.assetId !== 'string' || typeof parsed.kind !== 'string') return null;
    return { assetId: parsed.assetId, kind: parsed.kind, durationUs: parsed.durationUs ?? null };
  } catch {
    return null;
  }
}

/** True when the drag carries files from the operating system. */
export function isOsFileDrag(dataTransfer: DataTransfer | null): boolean {
  return (
    dataTransfer !== null && Array.from(dataTransfer.types).includes('Files') && !isAssetDrag(dataTransfer)
  );
}
