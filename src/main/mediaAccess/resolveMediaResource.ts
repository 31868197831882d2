// Maps a media request (asset id + resource name) to a file of the OPEN project. Requests never
// carry paths, so there is nothing to traverse: unknown ids, resources or closed projects are 404.
import { existsSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { idSchema } from '../../shared/model/schemas';
import type { MediaResource } from '../../shared/ipc/studioWindowApi';
import type { ProjectSession } from '../services/projectSession';
import { PLAYBACK_PROXY_FILE_NAME } from '../media/playbackProxy';

export const mediaResources: readonly MediaResource[] = ['file', 'playable', 'thumbnails', 'poster'];

const contentTypes: Record<string, string> = {
  '.mp4': 'video/mp4',
  '.m4v': 'video/mp4',
  '.mov': 'video/quicktime',
  '.webm': 'video/webm',
  '.mkv': 'video/x-matroska',
  '.mpg': 'video/mpeg',
  '.mpeg': 'video/mpeg',
  '.avi': 'video/x-msvideo',
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.m4a': 'audio/mp4',
  '.aac': 'audio/aac',
  '.flac': 'audio/flac',
  '.ogg': 'audio/ogg',
  '.opus': 'audio/ogg',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.bmp': 'image/bmp',
  '.tif': 'image/tiff',
  '.tiff': 'image/tiff',
};

export function contentTypeFor(path: string): string {
  return contentTypes[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

export interface ResolvedMediaFile {
  path: string;
  size: number;
  contentType: string;
}

export function resolveMediaResource(
  session: ProjectSession,
  assetId: string,
  resource: string,
): ResolvedMediaFile | null {
  const store = session.store;
  if (!store || !idSchema.safeParse(assetId).success) return null;
  if (!(mediaResources as readonly string[]).includes(resource)) return null;
  const asset = store.assets.get(assetId);
  if (!asset) return null;
  const path = mediaResourcePath(resource as MediaResource, asset.path, store.cacheDir, asset.sha256);
  if (!existsSync(path)) return null;
  const stat = statSync(path);
  if (!stat.isFile()) return null;
  return { path, size: stat.size, contentType: contentTypeFor(path) };
}

function mediaResourcePath(resource: MediaResource, file: string, cacheDir: string, sha256: string): string {
  if (resource === 'file') return file;
  if (resource === 'thumbnails') return join(cacheDir, sha256, 'filmstrip.jpg');
  if (resource === 'poster') return join(cacheDir, sha256, 'poster.jpg');
  // 'playable': the playback proxy once it exists (it is renamed into place only when complete).
  const proxy = join(cacheDir, sha256, PLAYBACK_PROXY_FILE_NAME);
  return existsSync(proxy) ? proxy : file;
}
