// Minimum-phase spectrum from a log-amplitude spectrum, by the folded real cepstrum (Oppenheim &
// Schafer): the causal filter with that magnitude whose energy comes as early as possible. Each
// vocoder pulse is such a filter: it rings like a vocal tract excited at the glottal closure,
// instead of the pre-echo a zero-phase filter would put before every pulse.
import { RealFft } from './realFft';

export class MinimumPhaseDesigner {
  private readonly fft: RealFft;
  private readonly sequence: Float64Array;
  private readonly re: Float64Array;
  private readonly im: Float64Array;

  constructor(readonly size: number) {
    this.fft = new RealFft(size);
    this.sequence = new Float64Array(size);
    this.re = new Float64Array(this.fft.bins);
    this.im = new Float64Array(this.fft.bins);
  }

  /**
   * `logAmplitude`: natural log of |H| on the size/2+1 bins. Writes the complex minimum-phase
   * spectrum H into outRe/outIm.
   */
  design(logAmplitude: Float64Array, outRe: Float64Array, outIm: Float64Array): void {
    const size = this.size;
    const bins = this.fft.bins;
    const sequence = this.sequence;
    // Real cepstrum: the spectrum is real and even, so its inverse FFT is its forward FFT / size.
    for (let bin = 0; bin < bins; bin++) sequence[bin] = logAmplitude[bin]!;
    for (let bin = bins; bin < size; bin++) sequence[bin] = logAmplitude[size - bin]!;
    this.fft.forward(sequence, this.re, this.im);
    // Fold: keep c[0] and c[N/2], double the positive quefrencies, drop the negative ones.
    sequence[0] = this.re[0]! / size;
    for (let index = 1; index < bins - 1; index++) sequence[index] = (2 * this.re[index]!) / size;
    sequence[bins - 1] = this.re[bins - 1]! / size;
    for (let index = bins; index < size; index++) sequence[index] = 0;
    this.fft.forward(sequence, this.re, this.im);
    for (let bin = 0; bin < bins; bin++) {
      const magnitude = Math.exp(this.re[bin]!);
      const phase = this.im[bin]!;
      outRe[bin] = magnitude * Math.cos(phase);
      outIm[bin] = magnitude * Math.sin(phase);
    }
  }
}
