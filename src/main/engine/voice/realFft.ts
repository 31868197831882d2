// Real-input FFT for the voice DSP: "real frame -> half spectrum" and back, on Float64Arrays.
// Written here rather than taken from fft.js because fft.js measured 22 µs per 1024-point real
// transform on Float64Arrays on the 2-core CI box (it is tuned for plain arrays), and the voice
// pipeline runs about ten transforms per 5 ms frame. This is the textbook construction: an
// N-point real transform as an N/2-point complex radix-2 transform of (even + i·odd) samples,
// then one split pass. Buffers are allocated once per instance, so an instance is not re-entrant;
// every analyser owns its own.

export class RealFft {
  readonly size: number;
  /** Bins of the half spectrum: 0 … size/2 inclusive. */
  readonly bins: number;
  private readonly half: number;
  private readonly bitReversed: Uint32Array;
  /** exp(−2πik/half) for k < half/2: the complex transform's twiddles. */
  private readonly twiddleCos: Float64Array;
  private readonly twiddleSin: Float64Array;
  /** exp(−2πik/size) for k ≤ half: the split pass's twiddles. */
  private readonly splitCos: Float64Array;
  private readonly splitSin: Float64Array;
  private readonly workRe: Float64Array;
  private readonly workIm: Float64Array;

  constructor(size: number) {
    if (!Number.isInteger(Math.log2(size)) || size < 4)
      throw new Error(`FFT size ${size} is not a power of two`);
    this.size = size;
    this.bins = size / 2 + 1;
    const half = size / 2;
    this.half = half;
    const bits = Math.log2(half);
    this.bitReversed = new Uint32Array(half);
    for (let index = 0; index < half; index++) {
      let reversed = 0;
      for (let bit = 0; bit < bits; bit++) reversed |= ((index >> bit) & 1) << (bits - 1 - bit);
      this.bitReversed[index] = reversed;
    }
    this.twiddleCos = new Float64Array(Math.max(1, half / 2));
    this.twiddleSin = new Float64Array(Math.max(1, half / 2));
    for (let index = 0; index < half / 2; index++) {
      this.twiddleCos[index] = Math.cos((2 * Math.PI * index) / half);
      this.twiddleSin[index] = -Math.sin((2 * Math.PI * index) / half);
    }
    this.splitCos = new Float64Array(half + 1);
    this.splitSin = new Float64Array(half + 1);
    for (let index = 0; index <= half; index++) {
      this.splitCos[index] = Math.cos((2 * Math.PI * index) / size);
      this.splitSin[index] = -Math.sin((2 * Math.PI * index) / size);
    }
    this.workRe = new Float64Array(half);
    this.workIm = new Float64Array(half);
  }

  /** `input` (length size) -> re/im of bins 0 … size/2. */
  forward(input: Float64Array, re: Float64Array, im: Float64Array): void {
    const half = this.half;
    const workRe = this.workRe;
    const workIm = this.workIm;
    const order = this.bitReversed;
    for (let index = 0; index < half; index++) {
      const source = order[index]!;
      workRe[index] = input[2 * source]!;
      workIm[index] = input[2 * source + 1]!;
    }
    this.complexTransform(false);
    // Split Z = E + iO into the real signal's spectrum: X[k] = E[k] + W^k O[k].
    re[0] = workRe[0]! + workIm[0]!;
    im[0] = 0;
    re[half] = workRe[0]! - workIm[0]!;
    im[half] = 0;
    for (let bin = 1; bin < half; bin++) {
      const zRe = workRe[bin]!;
      const zIm = workIm[bin]!;
      const mRe = workRe[half - bin]!;
      const mIm = -workIm[half - bin]!;
      const evenRe = 0.5 * (zRe + mRe);
      const evenIm = 0.5 * (zIm + mIm);
      // O = (Z − conj(Z[M−k])) / 2i
      const oddRe = 0.5 * (zIm - mIm);
      const oddIm = -0.5 * (zRe - mRe);
      const wRe = this.splitCos[bin]!;
      const wIm = this.splitSin[bin]!;
      re[bin] = evenRe + wRe * oddRe - wIm * oddIm;
      im[bin] = evenIm + wRe * oddIm + wIm * oddRe;
    }
  }

  /** Half spectrum (Hermitian symmetry implied) -> real signal of length size (the exact inverse). */
  inverse(re: Float64Array, im: Float64Array, output: Float64Array): void {
    const half = this.half;
    const workRe = this.workRe;
    const workIm = this.workIm;
    const order = this.bitReversed;
    // E[k] = (X[k] + conj(X[M−k]))/2, O[k] = (X[k] − conj(X[M−k]))/(2W^k), Z = E + iO.
    for (let bin = 0; bin < half; bin++) {
      const xRe = re[bin]!;
      const xIm = im[bin]!;
      const mRe = re[half - bin]!;
      const mIm = -im[half - bin]!;
      const evenRe = 0.5 * (xRe + mRe);
      const evenIm = 0.5 * (xIm + mIm);
      const diffRe = 0.5 * (xRe - mRe);
      const diffIm = 0.5 * (xIm - mIm);
      // divide by W^k = multiply by conj(W^k)
      const wRe = this.splitCos[bin]!;
      const wIm = -this.splitSin[bin]!;
      const oddRe = diffRe * wRe - diffIm * wIm;
      const oddIm = diffRe * wIm + diffIm * wRe;
      const target = order[bin]!;
      workRe[target] = evenRe - oddIm;
      workIm[target] = evenIm + oddRe;
    }
    this.complexTransform(true);
    const scale = 1 / half;
    for (let index = 0; index < half; index++) {
      output[2 * index] = workRe[index]! * scale;
      output[2 * index + 1] = workIm[index]! * scale;
    }
  }

  /**
   * In-place iterative radix-2 transform of the (already bit-reversed) work buffers. Stages are
   * done two at a time (radix-2², four points per pass): the same butterflies as radix-2 with half
   * the memory traffic, which is what a JavaScript FFT is bound by.
   */
  private complexTransform(inverse: boolean): void {
    const half = this.half;
    const workRe = this.workRe;
    const workIm = this.workIm;
    const cosTable = this.twiddleCos;
    const sinTable = this.twiddleSin;
    const sign = inverse ? -1 : 1;
    // First stage: twiddle 1, no multiplications.
    for (let top = 0; top < half; top += 2) {
      const aRe = workRe[top]!;
      const aIm = workIm[top]!;
      const bRe = workRe[top + 1]!;
      const bIm = workIm[top + 1]!;
      workRe[top] = aRe + bRe;
      workIm[top] = aIm + bIm;
      workRe[top + 1] = aRe - bRe;
      workIm[top + 1] = aIm - bIm;
    }
    let span = 2;
    for (; span * 2 < half; span *= 4) {
      // Stages with spans `span` and `2·span` in one pass over groups of four.
      const innerStride = half / (2 * span);
      const outerStride = half / (4 * span);
      for (let offset = 0; offset < span; offset++) {
        const w1Re = cosTable[offset * innerStride]!;
        const w1Im = sign * sinTable[offset * innerStride]!;
        const w2Re = cosTable[offset * outerStride]!;
        const w2Im = sign * sinTable[offset * outerStride]!;
        const w3Re = cosTable[(offset + span) * outerStride]!;
        const w3Im = sign * sinTable[(offset + span) * outerStride]!;
        for (let top = offset; top < half; top += 4 * span) {
          const i1 = top + span;
          const i2 = top + 2 * span;
          const i3 = top + 3 * span;
          // Stage one: (top, i1) and (i2, i3), twiddle w1.
          let xRe = workRe[i1]!;
          let xIm = workIm[i1]!;
          const t1Re = xRe * w1Re - xIm * w1Im;
          const t1Im = xRe * w1Im + xIm * w1Re;
          xRe = workRe[i3]!;
          xIm = workIm[i3]!;
          const t3Re = xRe * w1Re - xIm * w1Im;
          const t3Im = xRe * w1Im + xIm * w1Re;
          const a0Re = workRe[top]! + t1Re;
          const a0Im = workIm[top]! + t1Im;
          const a1Re = workRe[top]! - t1Re;
          const a1Im = workIm[top]! - t1Im;
          const a2Re = workRe[i2]! + t3Re;
          const a2Im = workIm[i2]! + t3Im;
          const a3Re = workRe[i2]! - t3Re;
          const a3Im = workIm[i2]! - t3Im;
          // Stage two: (top, i2) with w2 and (i1, i3) with w3.
          const b2Re = a2Re * w2Re - a2Im * w2Im;
          const b2Im = a2Re * w2Im + a2Im * w2Re;
          const b3Re = a3Re * w3Re - a3Im * w3Im;
          const b3Im = a3Re * w3Im + a3Im * w3Re;
          workRe[top] = a0Re + b2Re;
          workIm[top] = a0Im + b2Im;
          workRe[i2] = a0Re - b2Re;
          workIm[i2] = a0Im - b2Im;
          workRe[i1] = a1Re + b3Re;
          workIm[i1] = a1Im + b3Im;
          workRe[i3] = a1Re - b3Re;
          workIm[i3] = a1Im - b3Im;
        }
      }
    }
    // A last single stage when the number of stages left was odd.
    for (; span < half; span *= 2) {
      const stride = half / (2 * span);
      for (let offset = 0; offset < span; offset++) {
        const wRe = cosTable[offset * stride]!;
        const wIm = sign * sinTable[offset * stride]!;
        for (let top = offset; top < half; top += 2 * span) {
          const bottom = top + span;
          const xRe = workRe[bottom]!;
          const xIm = workIm[bottom]!;
          const bRe = xRe * wRe - xIm * wIm;
          const bIm = xRe * wIm + xIm * wRe;
          const aRe = workRe[top]!;
          const aIm = workIm[top]!;
          workRe[top] = aRe + bRe;
          workIm[top] = aIm + bIm;
          workRe[bottom] = aRe - bRe;
          workIm[bottom] = aIm - bIm;
        }
      }
    }
  }
}
