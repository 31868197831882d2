import { describe, expect, it } from 'vitest';
import {
  bitAgreement,
  crc24OfBits,
  decodeWatermarkSoftBits,
  encodeWatermarkCodeword,
  WATERMARK_CODEWORD_BITS,
  watermarkIdForRender,
  watermarkIdMatchesRender,
} from './watermarkPayload';
import { SeededRandom } from './pseudoRandom';

const softFrom = (bits: Uint8Array, strength = 1): Float64Array =>
  Float64Array.from(bits, (bit) => (bit === 1 ? strength : -strength));

describe('watermark payload', () => {
  it('uses the first 64 bits of a UUID, so the tag is a visible prefix of the render id', () => {
    expect(watermarkIdForRender('1B4E28BA-2FA1-11D2-883F-0016D3CCA427')).toBe('1b4e28ba-2fa1-11d2');
    expect(watermarkIdMatchesRender('1b4e28ba-2fa1-11d2', '1b4e28ba-2fa1-11d2-883f-0016d3cca427')).toBe(true);
    expect(watermarkIdMatchesRender('1b4e28ba-2fa1-11d3', '1b4e28ba-2fa1-11d2-883f-0016d3cca427')).toBe(
      false,
    );
  });

  it('hashes ids that are not UUIDs into the same shape', () => {
    const id = watermarkIdForRender('render 42');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}$/);
    expect(watermarkIdForRender('render 43')).not.toBe(id);
  });

  it('computes CRC-24/OpenPGP (check value 0x21CF02 for "123456789")', () => {
    const bits = Uint8Array.from(
      [...Buffer.from('123456789', 'ascii')].flatMap((byte) =>
        [7, 6, 5, 4, 3, 2, 1, 0].map((shift) => (byte >> shift) & 1),
      ),
    );
    expect(crc24OfBits(bits)).toBe(0x21cf02);
  });

  it('round-trips every id through the 88-bit codeword', () => {
    const random = new SeededRandom(7);
    for (let trial = 0; trial < 50; trial++) {
      const hex = Array.from({ length: 16 }, () => random.nextIndex(16).toString(16)).join('');
      const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12)}`;
      const codeword = encodeWatermarkCodeword(id);
      expect(codeword).toHaveLength(WATERMARK_CODEWORD_BITS);
      expect(decodeWatermarkSoftBits(softFrom(codeword))).toEqual({
        watermarkId: id,
        correctedBits: 0,
        bitAccuracy: 1,
      });
    }
  });

  it('whitens the codeword: an all-zero id is not a constant pattern', () => {
    const codeword = encodeWatermarkCodeword('00000000-0000-0000');
    const ones = codeword.reduce((sum, bit) => sum + bit, 0);
    expect(ones).toBeGreaterThan(20);
    expect(ones).toBeLessThan(68);
  });

  it('repairs up to three weak wrong bits and reports the raw bit accuracy', () => {
    const codeword = encodeWatermarkCodeword('3f1c9a2e-7b44-4d1e');
    const soft = softFrom(codeword, 3);
    for (const bit of [5, 40, 77]) soft[bit] = codeword[bit] === 1 ? -0.1 : 0.1;
    const decoded = decodeWatermarkSoftBits(soft);
    expect(decoded?.watermarkId).toBe('3f1c9a2e-7b44-4d1e');
    expect(decoded?.correctedBits).toBe(3);
    expect(decoded?.bitAccuracy).toBeCloseTo(85 / 88, 10);
  });

  it('does not invent an id from strong wrong bits', () => {
    const codeword = encodeWatermarkCodeword('3f1c9a2e-7b44-4d1e');
    const soft = softFrom(codeword, 3);
    for (const bit of [1, 2, 3, 4]) soft[bit] = -(soft[bit] as number);
    expect(decodeWatermarkSoftBits(soft)).toBeNull();
  });

  it('finds no id in random soft bits (CRC check)', () => {
    const random = new SeededRandom('noise');
    let matches = 0;
    for (let trial = 0; trial < 2000; trial++) {
      const soft = Float64Array.from({ length: WATERMARK_CODEWORD_BITS }, () => random.nextFloat() - 0.5);
      if (decodeWatermarkSoftBits(soft)) matches++;
    }
    expect(matches).toBe(0);
  });

  it('refuses malformed ids and wrong lengths with clear errors', () => {
    expect(() => encodeWatermarkCodeword('not-an-id')).toThrow(/not a watermark id/);
    expect(() => decodeWatermarkSoftBits([1, 2, 3])).toThrow(/88 soft bits/);
    expect(bitAgreement(new Uint8Array([1, 0]), new Uint8Array([1, 1]))).toBe(0.5);
  });
});
