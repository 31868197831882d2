// What the invisible watermarks carry: a 64-bit render tag plus a 24-bit CRC, 88 bits in all.
// The tag is the first 64 bits of the render's UUID ("1b4e28ba-2fa1-11d2"), so a person can match
// it by eye against the full id in a C2PA manifest or the render queue. The CRC is the watermark's
// "check bits": a clean video yields random soft bits, and 24 random bits match a CRC with
// probability 2^-24, which (with a score threshold on top) keeps false detections at zero.
// The codeword is XORed with a fixed whitening sequence so that no id (not even all zeros) turns
// into a constant, structured pattern.
import { createHash } from 'node:crypto';
import { StudioError } from '../../../../shared/errors';
import { SeededRandom } from './pseudoRandom';

export const WATERMARK_ID_BITS = 64;
export const WATERMARK_CRC_BITS = 24;
export const WATERMARK_CODEWORD_BITS = WATERMARK_ID_BITS + WATERMARK_CRC_BITS;

/** At most this many of the least reliable bits are tried flipped (Chase decoding). */
const CHASE_CANDIDATES = 6;
const CHASE_MAX_FLIPS = 3;

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const WATERMARK_ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}$/;

const whitening: Uint8Array = (() => {
  const random = new SeededRandom('doppel-studio/watermark-whitening/v1');
  return Uint8Array.from({ length: WATERMARK_CODEWORD_BITS }, () => random.nextUint32() & 1);
})();

/**
 * The 64-bit watermark id of a render: the first 16 hex digits of its UUID, written
 * "xxxxxxxx-xxxx-xxxx" (a prefix of the UUID itself). Ids that are not UUIDs are hashed.
 */
export function watermarkIdForRender(renderId: string): string {
  const hex = UUID_PATTERN.test(renderId)
    ? renderId.toLowerCase().replace(/-/g, '').slice(0, 16)
    : createHash('sha256').update(renderId, 'utf8').digest('hex').slice(0, 16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}`;
}

/** Whether `renderId` (a full UUID) is the render a decoded watermark id points at. */
export function watermarkIdMatchesRender(watermarkId: string, renderId: string): boolean {
  return watermarkIdForRender(renderId) === watermarkId;
}

function idToBits(watermarkId: string): Uint8Array {
  if (!WATERMARK_ID_PATTERN.test(watermarkId)) {
    throw new StudioError(
      'INVALID_ARGUMENT',
      `"${watermarkId}" is not a watermark id (expected 16 hex digits as xxxxxxxx-xxxx-xxxx).`,
    );
  }
  const hex = watermarkId.replace(/-/g, '');
  const bits = new Uint8Array(WATERMARK_ID_BITS);
  for (let index = 0; index < WATERMARK_ID_BITS; index++) {
    const nibble = parseInt(hex[index >> 2] as string, 16);
    bits[index] = (nibble >> (3 - (index & 3))) & 1;
  }
  return bits;
}

function bitsToId(bits: Uint8Array): string {
  let hex = '';
  for (let index = 0; index < WATERMARK_ID_BITS; index += 4) {
    const nibble =
      ((bits[index] as number) << 3) |
      ((bits[index + 1] as number) << 2) |
      ((bits[index + 2] as number) << 1) |
      (bits[index + 3] as number);
    hex += nibble.toString(16);
  }
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}`;
}

/** CRC-24/OpenPGP (polynomial 0x864CFB, initial value 0xB704CE) over a bit sequence, MSB first. */
export function crc24OfBits(bits: Uint8Array): number {
  let crc = 0xb704ce;
  for (const bit of bits) {
    const top = ((crc >> 23) & 1) ^ bit;
    crc = (crc << 1) & 0xffffff;
    if (top) crc ^= 0x864cfb;
  }
  return crc;
}

/** The 88 channel bits (0/1) both watermarks embed for `watermarkId`. */
export function encodeWatermarkCodeword(watermarkId: string): Uint8Array {
  const idBits = idToBits(watermarkId);
  const crc = crc24OfBits(idBits);
  const codeword = new Uint8Array(WATERMARK_CODEWORD_BITS);
  codeword.set(idBits);
  for (let index = 0; index < WATERMARK_CRC_BITS; index++) {
    codeword[WATERMARK_ID_BITS + index] = (crc >> (WATERMARK_CRC_BITS - 1 - index)) & 1;
  }
  for (let index = 0; index < WATERMARK_CODEWORD_BITS; index++) {
    codeword[index] = (codeword[index] as number) ^ (whitening[index] as number);
  }
  return codeword;
}

function checkedId(channelBits: Uint8Array): string | null {
  const plain = channelBits.map((bit, index) => bit ^ (whitening[index] as number));
  const idBits = plain.subarray(0, WATERMARK_ID_BITS);
  let crc = 0;
  for (let index = 0; index < WATERMARK_CRC_BITS; index++) {
    crc = (crc << 1) | (plain[WATERMARK_ID_BITS + index] as number);
  }
  return crc24OfBits(idBits) === crc ? bitsToId(idBits) : null;
}

export interface DecodedWatermarkPayload {
  watermarkId: string;
  /** How many channel bits Chase decoding had to flip for the CRC to match (0 = none). */
  correctedBits: number;
  /** Share of the hard-decided channel bits equal to the codeword re-derived from the id. */
  bitAccuracy: number;
}

function subsetsUpTo(size: number, maxItems: number): number[][] {
  const subsets: number[][] = [];
  const grow = (start: number, current: number[]): void => {
    if (current.length > 0) subsets.push([...current]);
    if (current.length === maxItems) return;
    for (let index = start; index < size; index++) grow(index + 1, [...current, index]);
  };
  grow(0, []);
  return subsets;
}

const chaseFlipSets = subsetsUpTo(CHASE_CANDIDATES, CHASE_MAX_FLIPS);

/**
 * Hard-decides soft bits (positive = 1), checks the CRC and, when it fails, tries flipping up to
 * three of the six least reliable bits, cheapest first. Null when nothing matches.
 */
export function decodeWatermarkSoftBits(softBits: ArrayLike<number>): DecodedWatermarkPayload | null {
  if (softBits.length !== WATERMARK_CODEWORD_BITS) {
    throw new StudioError(
      'INTERNAL',
      `Watermark decoding needs ${WATERMARK_CODEWORD_BITS} soft bits, got ${softBits.length}.`,
    );
  }
  const hard = Uint8Array.from({ length: WATERMARK_CODEWORD_BITS }, (_, index) =>
    (softBits[index] as number) > 0 ? 1 : 0,
  );
  const finish = (watermarkId: string, correctedBits: number): DecodedWatermarkPayload => ({
    watermarkId,
    correctedBits,
    bitAccuracy: bitAgreement(hard, encodeWatermarkCodeword(watermarkId)),
  });
  const direct = checkedId(hard);
  if (direct) return finish(direct, 0);

  const weakest = Array.from({ length: WATERMARK_CODEWORD_BITS }, (_, index) => index)
    .sort((a, b) => Math.abs(softBits[a] as number) - Math.abs(softBits[b] as number))
    .slice(0, CHASE_CANDIDATES);
  const candidates = chaseFlipSets
    .map((set) => set.map((position) => weakest[position] as number))
    .map((flips) => ({ flips, cost: flips.reduce((sum, bit) => sum + Math.abs(softBits[bit] as number), 0) }))
    .sort((a, b) => a.cost - b.cost);
  for (const { flips } of candidates) {
    const trial = hard.slice();
    for (const bit of flips) trial[bit] = (trial[bit] as number) ^ 1;
    const id = checkedId(trial);
    if (id) return finish(id, flips.length);
  }
  return null;
}

/** Share of positions where two bit arrays agree. */
export function bitAgreement(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length || a.length === 0) return 0;
  let same = 0;
  for (let index = 0; index < a.length; index++) if (a[index] === b[index]) same++;
  return same / a.length;
}
