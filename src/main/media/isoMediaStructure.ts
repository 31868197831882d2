// A cheap look at a file's first bytes and, for MP4/MOV (ISO base media), its top-level boxes.
// Why: ffprobe says "moov atom not found" both for a text file renamed .mp4 and for a download that
// stopped halfway, and says nothing at all about an MP4 whose index survived but whose media data
// was cut off. Walking the box headers (a few small reads, whatever the file size) tells those apart
// so the error can say "looks truncated" or "is not a media file".
import { open } from 'node:fs/promises';

/** Box types that may start an MP4/MOV/3GP/HEIF file (or follow the first one). */
const TOP_LEVEL_BOX_TYPES = new Set([
  'ftyp', 'styp', 'moov', 'mdat', 'free', 'skip', 'wide', 'pdin', 'uuid', 'sidx', 'moof', 'mfra',
  'meta', 'pnot', 'junk', 'prfl', 'ssix', 'emsg', 'prft', 'udta',
]); // prettier-ignore

const MAX_BOXES_TO_WALK = 100_000;

export type FileStart = 'iso-media' | 'text' | 'empty' | 'other';

export interface IsoStructureReport {
  /** The file starts like an MP4/MOV. */
  isIsoMedia: boolean;
  /** Why the box structure is broken, in plain words; null when it looks whole. */
  problem: string | null;
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 * 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  return `${(bytes / (1024 * 1024 * 1024)).toFixed(2)} GB`;
}

/** Plain text (ASCII or UTF-8 with only whitespace controls) in the first bytes of a file. */
export function looksLikeText(head: Buffer): boolean {
  if (head.length === 0) return false;
  const text = head.toString('utf8');
  // U+FFFD means the bytes were not valid UTF-8; allow one at the end (a sequence cut by the read).
  const replacements = (text.match(/\uFFFD/g) ?? []).length;
  if (replacements > 1 || (replacements === 1 && !text.endsWith('\uFFFD'))) return false;
  // eslint-disable-next-line no-control-regex
  return !/[\u0000-\u0008\u000B\u000E-\u001F\u007F]/.test(text);
}

function boxType(header: Buffer): string {
  return header.toString('latin1', 4, 8);
}

export function classifyFileStart(head: Buffer): FileStart {
  if (head.length === 0) return 'empty';
  if (head.length >= 8 && TOP_LEVEL_BOX_TYPES.has(boxType(head))) return 'iso-media';
  if (looksLikeText(head)) return 'text';
  return 'other';
}

/** Reads the first `length` bytes of a file (fewer if it is shorter). */
export async function readFileHead(filePath: string, length = 512): Promise<Buffer> {
  const handle = await open(filePath, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/**
 * Walks the top-level boxes of an MP4/MOV and reports a box that runs past the end of the file
 * (a truncated copy) or a missing 'moov' index. Only box headers are read.
 */
export async function inspectIsoMediaStructure(filePath: string): Promise<IsoStructureReport> {
  const handle = await open(filePath, 'r');
  try {
    const fileSize = (await handle.stat()).size;
    const header = Buffer.alloc(16);
    let offset = 0;
    let sawIndex = false;
    for (let boxes = 0; offset < fileSize && boxes < MAX_BOXES_TO_WALK; boxes++) {
      const { bytesRead } = await handle.read(header, 0, 16, offset);
      const type = bytesRead >= 8 ? boxType(header) : '';
      if (boxes === 0 && !TOP_LEVEL_BOX_TYPES.has(type)) return { isIsoMedia: false, problem: null };
      if (bytesRead < 8) {
        return {
          isIsoMedia: true,
          problem: `it ends in the middle of a box header at ${formatBytes(offset)}`,
        };
      }
      let size = header.readUInt32BE(0);
      let headerSize = 8;
      if (size === 1) {
        // 64-bit "largesize" follows the type.
        if (bytesRead < 16) return { isIsoMedia: true, problem: `it ends inside the '${type}' box header` };
        size = Number(header.readBigUInt64BE(8));
        headerSize = 16;
      } else if (size === 0) {
        size = fileSize - offset; // "extends to the end of the file"
      }
      if (!/^[\x20-\x7e]{4}$/.test(type) || size < headerSize) {
        return { isIsoMedia: true, problem: `its box structure is corrupt at ${formatBytes(offset)}` };
      }
      if (type === 'moov' || type === 'moof') sawIndex = true;
      if (offset + size > fileSize) {
        return {
          isIsoMedia: true,
          problem:
            `its '${type}' box is declared as ${formatBytes(size)} but the file ends ` +
            `${formatBytes(fileSize - offset)} into it`,
        };
      }
      offset += size;
    }
    if (!sawIndex) return { isIsoMedia: true, problem: `it has no 'moov' index (the index is written last)` };
    return { isIsoMedia: true, problem: null };
  } finally {
    await handle.close();
  }
}
