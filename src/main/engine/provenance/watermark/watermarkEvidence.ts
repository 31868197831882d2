// Turns per-bit evidence into a verdict, the same way for the video and the audio watermark.
// A watermark is "found" only when both hold:
// - the hard-decided bits pass the CRC (after at most three Chase flips), and
// - the evidence is far above chance: `score`, the mean |z| of the 88 bits, is about 0.8 on
//   unmarked media (|N(0,1)| averages sqrt(2/pi)) and 3-7 on a marked file after CRF 28 or a
//   50% downscale; the threshold sits far above the first and below the second.
import { decodeWatermarkSoftBits, WATERMARK_CODEWORD_BITS } from './watermarkPayload';

/** Mean |z| expected from a file without a watermark. */
export const CHANCE_SCORE = Math.sqrt(2 / Math.PI);
/** Mean |z| from which a CRC-checked id is reported as found. */
export const FOUND_SCORE_THRESHOLD = 1.5;
/** Mean |z| treated as full confidence. */
const STRONG_SCORE = 3.5;

export interface WatermarkVerdict {
  found: boolean;
  /** The 64-bit render tag ("xxxxxxxx-xxxx-xxxx", the start of the render's UUID) when found. */
  renderId: string | null;
  /** Share of the 88 received bits equal to the codeword re-derived from the decoded id. */
  bitAccuracy: number | null;
  /** 0 = indistinguishable from chance, 1 = strong; 0 whenever nothing was found. */
  confidence: number;
  /** Mean |z| over the bits (about 0.8 without a watermark). */
  score: number;
  /** Bits Chase decoding flipped to satisfy the CRC. */
  correctedBits: number;
}

export function verdictFromBitEvidence(zScores: Float64Array): WatermarkVerdict {
  let total = 0;
  for (const z of zScores) total += Math.abs(z);
  const score =
    zScores.length === WATERMARK_CODEWORD_BITS && Number.isFinite(total) ? total / zScores.length : 0;
  const decoded = score > 0 ? decodeWatermarkSoftBits(zScores) : null;
  const found = decoded !== null && score >= FOUND_SCORE_THRESHOLD;
  return {
    found,
    renderId: found ? decoded.watermarkId : null,
    bitAccuracy: found ? decoded.bitAccuracy : null,
    confidence: found ? Math.min(1, Math.max(0, (score - CHANCE_SCORE) / (STRONG_SCORE - CHANCE_SCORE))) : 0,
    score,
    correctedBits: found ? decoded.correctedBits : 0,
  };
}

export function emptyVerdict(): WatermarkVerdict {
  return { found: false, renderId: null, bitAccuracy: null, confidence: 0, score: 0, correctedBits: 0 };
}
