// Where a pack file is downloaded from: the manifest's public URLs in order (primary, then
// mirrors), or — when DOPPEL_MODEL_MIRROR is set — only that mirror. A mirror is any HTTP(S)
// folder laid out as <mirror>/<packId>/<fileName> (plus <stem>.hash for files whose integrity is
// FaceFusion's CRC32 sidecar): for machines behind a firewall, an organisation's own copy, and the
// tests' loopback server. Downloads from a mirror are held to the same hashes as any other.
import { StudioError } from '../../../shared/errors';
import type { PackFile, PackManifest } from './modelPackManifest';

export const MODEL_MIRROR_VARIABLE = 'DOPPEL_MODEL_MIRROR';

export interface DownloadSource {
  url: string;
  /** FaceFusion-style CRC32 sidecar, when this source has one. */
  crc32Url: string | undefined;
  provider: string;
}

/** The mirror base URL from the environment, validated; undefined when unset. */
export function modelMirrorFromEnvironment(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const value = env[MODEL_MIRROR_VARIABLE]?.trim();
  if (value === undefined || value === '') return undefined;
  return validateMirror(value);
}

export function validateMirror(mirror: string): string {
  let url: URL;
  try {
    url = new URL(mirror);
  } catch {
    throw new StudioError(
      'INVALID_ARGUMENT',
      `${MODEL_MIRROR_VARIABLE}="${mirror}" is not a URL (expected e.g. https://models.example.org/doppel).`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new StudioError(
      'INVALID_ARGUMENT',
      `${MODEL_MIRROR_VARIABLE} must be an http or https URL, not ${mirror}.`,
    );
  }
  return url.href.replace(/\/+$/, '');
}

function stemOf(fileName: string): string {
  return fileName.replace(/\.onnx$/, '');
}

export function downloadSourcesFor(
  pack: PackManifest,
  file: PackFile,
  mirror: string | undefined,
): DownloadSource[] {
  if (mirror !== undefined) {
    const folder = `${mirror}/${encodeURIComponent(pack.id)}`;
    return [
      {
        url: `${folder}/${encodeURIComponent(file.fileName)}`,
        crc32Url:
          file.integrity.kind === 'crc32-sidecar'
            ? `${folder}/${encodeURIComponent(stemOf(file.fileName))}.hash`
            : undefined,
        provider: `mirror ${mirror}`,
      },
    ];
  }
  return file.sources.map((source) => ({
    url: source.url,
    crc32Url: source.crc32Url,
    provider: source.provider,
  }));
}

/** FaceFusion's .hash content: 8 hex digits (CRC32), possibly with whitespace around. */
export function parseCrc32Sidecar(text: string, url: string): string {
  const value = text.trim().toLowerCase();
  if (!/^[0-9a-f]{8}$/.test(value)) {
    throw new StudioError('MODEL_CORRUPT', `${url} is not a CRC32 hash file (expected 8 hex digits).`);
  }
  return value;
}
