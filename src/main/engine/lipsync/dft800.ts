// The 800-point DFT of a real frame (Wav2Lip's n_fft, not a power of two), as one Cooley-Tukey
// step: 800 = 25 x 32. For each of the 32 residues n2, a direct 25-point DFT of x[32·n1 + n2];
// twiddle by W800^(n2·k1); then for each of the 25 k1 a radix-2 32-point FFT over n2 gives
// X[k1 + 25·k2]. About 15 times fewer operations than the direct sum; exact to rounding.

const N1 = 25;
const N2 = 32;
const N = N1 * N2;

export class Dft800 {
  private readonly cos1 = Float64Array.from({ length: N1 }, (_, n) => Math.cos((2 * Math.PI * n) / N1));
  private readonly sin1 = Float64Array.from({ length: N1 }, (_, n) => Math.sin((2 * Math.PI * n) / N1));
  private readonly cos = Float64Array.from({ length: N }, (_, n) => Math.cos((2 * Math.PI * n) / N));
  private readonly sin = Float64Array.from({ length: N }, (_, n) => Math.sin((2 * Math.PI * n) / N));
  private readonly cos2 = Float64Array.from({ length: N2 / 2 }, (_, n) => Math.cos((2 * Math.PI * n) / N2));
  private readonly sin2 = Float64Array.from({ length: N2 / 2 }, (_, n) => Math.sin((2 * Math.PI * n) / N2));
  private readonly reversed = Uint8Array.from({ length: N2 }, (_, n) => {
    let value = 0;
    for (let bit = 0; bit < 5; bit++) value |= ((n >> bit) & 1) << (4 - bit);
    return value;
  });
  /** Inner results, [k1][n2] (so each outer FFT reads one contiguous row). */
  private readonly re = new Float64Array(N);
  private readonly im = new Float64Array(N);
  private readonly rowRe = new Float64Array(N2);
  private readonly rowIm = new Float64Array(N2);

  /** |X[k]| for k = 0…400 of the real frame `input` (800 samples). */
  magnitudes(input: Float64Array, out: Float64Array): void {
    const { re, im } = this;
    for (let n2 = 0; n2 < N2; n2++) {
      for (let k1 = 0; k1 < N1; k1++) {
        let sumRe = 0;
        let sumIm = 0;
        let phase = 0;
        for (let n1 = 0; n1 < N1; n1++) {
          const value = input[N2 * n1 + n2]!;
          sumRe += value * this.cos1[phase]!;
          sumIm -= value * this.sin1[phase]!;
          phase += k1;
          if (phase >= N1) phase -= N1;
        }
        // Twiddle W800^(n2·k1) = exp(−2πi·n2·k1/800).
        const t = (n2 * k1) % N;
        const c = this.cos[t]!;
        const s = this.sin[t]!;
        re[k1 * N2 + n2] = sumRe * c + sumIm * s;
        im[k1 * N2 + n2] = sumIm * c - sumRe * s;
      }
    }
    const half = N / 2;
    for (let k1 = 0; k1 < N1; k1++) {
      this.fft32(k1 * N2);
      for (let k2 = 0; k2 < N2; k2++) {
        const k = k1 + N1 * k2;
        if (k <= half) out[k] = Math.hypot(this.rowRe[k2]!, this.rowIm[k2]!);
      }
    }
  }

  /** Radix-2 FFT of the 32 values at `offset` of re/im into rowRe/rowIm. */
  private fft32(offset: number): void {
    const { rowRe, rowIm } = this;
    for (let index = 0; index < N2; index++) {
      const from = offset + this.reversed[index]!;
      rowRe[index] = this.re[from]!;
      rowIm[index] = this.im[from]!;
    }
    for (let size = 2; size <= N2; size *= 2) {
      const halfSize = size / 2;
      const step = N2 / size;
      for (let start = 0; start < N2; start += size) {
        for (let j = 0; j < halfSize; j++) {
          const c = this.cos2[j * step]!;
          const s = this.sin2[j * step]!;
          const a = start + j;
          const b = a + halfSize;
          const tRe = rowRe[b]! * c + rowIm[b]! * s;
          const tIm = rowIm[b]! * c - rowRe[b]! * s;
          rowRe[b] = rowRe[a]! - tRe;
          rowIm[b] = rowIm[a]! - tIm;
          rowRe[a] = rowRe[a]! + tRe;
          rowIm[a] = rowIm[a]! + tIm;
        }
      }
    }
  }
}
