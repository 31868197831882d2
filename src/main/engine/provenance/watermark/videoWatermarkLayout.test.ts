import { describe, expect, it } from 'vitest';
import {
  VIDEO_WATERMARK_CHIPS,
  videoWatermarkChipValues,
  videoWatermarkLayout,
  videoWatermarkLumaOffsets,
} from './videoWatermarkLayout';
import { encodeWatermarkCodeword, WATERMARK_CODEWORD_BITS } from './watermarkPayload';

const codeword = encodeWatermarkCodeword('3f1c9a2e-7b44-4d1e');

describe('video watermark layout', () => {
  it('spreads every bit over about 105 chips with balanced signs', () => {
    const layout = videoWatermarkLayout();
    expect(layout.chipsPerBit.reduce((sum, count) => sum + count, 0)).toBe(VIDEO_WATERMARK_CHIPS);
    expect(Math.min(...layout.chipsPerBit)).toBeGreaterThanOrEqual(104);
    const positive = layout.chipSign.filter((sign) => sign === 1).length;
    expect(Math.abs(positive - VIDEO_WATERMARK_CHIPS / 2)).toBeLessThan(250);
    // Every bit's chips cover the whole frame, not one region: check quarter coverage.
    for (let bit = 0; bit < WATERMARK_CODEWORD_BITS; bit++) {
      const quarters = new Set<number>();
      layout.chipBit.forEach((chipBit, chip) => {
        if (chipBit === bit) quarters.add((Math.floor(chip / 96) >= 48 ? 2 : 0) + (chip % 96 >= 48 ? 1 : 0));
      });
      expect(quarters.size).toBe(4);
    }
  });

  it('flips a chip exactly when its bit flips', () => {
    const other = codeword.slice();
    other[10] = (other[10] as number) ^ 1;
    const a = videoWatermarkChipValues(codeword);
    const b = videoWatermarkChipValues(other);
    const layout = videoWatermarkLayout();
    let mismatches = 0;
    for (let chip = 0; chip < VIDEO_WATERMARK_CHIPS; chip++) {
      if ((a[chip] === b[chip]) !== (layout.chipBit[chip] !== 10)) mismatches++;
    }
    expect(mismatches).toBe(0);
  });

  it('makes small, deterministic whole-level offsets at about 2 levels RMS (PSNR above 40 dB)', () => {
    for (const [width, height] of [
      [360, 288],
      [1280, 720],
      [17, 31],
    ] as const) {
      const offsets = videoWatermarkLumaOffsets(codeword, width, height);
      expect(offsets).toHaveLength(width * height);
      const again = videoWatermarkLumaOffsets(codeword, width, height);
      expect(Buffer.compare(Buffer.from(again.buffer), Buffer.from(offsets.buffer))).toBe(0);
      let squares = 0;
      let largest = 0;
      for (const value of offsets) {
        squares += value * value;
        largest = Math.max(largest, Math.abs(value));
      }
      const rms = Math.sqrt(squares / offsets.length);
      expect(rms).toBeGreaterThan(1.8);
      expect(rms).toBeLessThan(2.2);
      expect(largest).toBeLessThanOrEqual(8);
      expect(10 * Math.log10((255 * 255) / (rms * rms))).toBeGreaterThan(40);
    }
  });

  it('refuses frames too small to carry the grid', () => {
    expect(() => videoWatermarkLumaOffsets(codeword, 8, 8)).toThrow(/at least 16x16/);
    expect(() => videoWatermarkChipValues(new Uint8Array(3))).toThrow(/88 bits/);
  });
});
