// Which C2PA container a file is, from its first bytes (extensions lie). c2pa-rs embeds
// manifests in ISO BMFF (MP4, MOV, M4A), JPEG, PNG, WebP, WAV, AVI, MP3, GIF and TIFF; other
// formats (MPEG-PS .mpg, Matroska, raw streams) cannot carry one.
import { closeSync, openSync, readSync } from 'node:fs';

export function sniffC2paFormat(head: Uint8Array): string | null {
  const ascii = (from: number, to: number): string => Buffer.from(head.subarray(from, to)).toString('latin1');
  if (head.length >= 12 && ascii(4, 8) === 'ftyp') {
    const brand = ascii(8, 12);
    if (brand === 'qt  ') return 'video/quicktime';
    if (brand.startsWith('M4A') || brand.startsWith('M4B')) return 'audio/mp4';
    return 'video/mp4';
  }
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'image/jpeg';
  if (ascii(0, 8) === '\x89PNG\r\n\x1a\n') return 'image/png';
  if (ascii(0, 4) === 'RIFF') {
    const kind = ascii(8, 12);
    if (kind === 'WAVE') return 'audio/wav';
    if (kind === 'WEBP') return 'image/webp';
    if (kind === 'AVI ') return 'video/avi';
    return null;
  }
  if (ascii(0, 3) === 'ID3' || (head[0] === 0xff && ((head[1] ?? 0) & 0xe0) === 0xe0)) return 'audio/mpeg';
  if (ascii(0, 4) === 'GIF8') return 'image/gif';
  if (ascii(0, 4) === 'II*\0' || ascii(0, 4) === 'MM\0*') return 'image/tiff';
  return null;
}

export function sniffC2paFormatOfFile(path: string): string | null {
  const head = new Uint8Array(16);
  const descriptor = openSync(path, 'r');
  try {
    const read = readSync(descriptor, head, 0, head.length, 0);
    return sniffC2paFormat(head.subarray(0, read));
  } finally {
    closeSync(descriptor);
  }
}
