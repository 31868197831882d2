import { describe, expect, it } from 'vitest';
import { RealFft } from './realFft';

function naiveDft(input: Float64Array): { re: number[]; im: number[] } {
  const size = input.length;
  const re: number[] = [];
  const im: number[] = [];
  for (let bin = 0; bin <= size / 2; bin++) {
    let sumRe = 0;
    let sumIm = 0;
    for (let index = 0; index < size; index++) {
      sumRe += input[index]! * Math.cos((2 * Math.PI * bin * index) / size);
      sumIm -= input[index]! * Math.sin((2 * Math.PI * bin * index) / size);
    }
    re.push(sumRe);
    im.push(sumIm);
  }
  return { re, im };
}

describe('RealFft', () => {
  it.each([4, 8, 64, 1024])('matches a direct DFT and inverts exactly (size %i)', (size) => {
    const fft = new RealFft(size);
    let seed = size;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5;
    const input = Float64Array.from({ length: size }, random);
    const re = new Float64Array(fft.bins);
    const im = new Float64Array(fft.bins);
    fft.forward(input, re, im);
    const expected = naiveDft(input);
    for (let bin = 0; bin < fft.bins; bin++) {
      expect(re[bin]).toBeCloseTo(expected.re[bin]!, 9);
      expect(im[bin]).toBeCloseTo(expected.im[bin]!, 9);
    }
    const back = new Float64Array(size);
    fft.inverse(re, im, back);
    for (let index = 0; index < size; index++) expect(back[index]).toBeCloseTo(input[index]!, 12);
  });

  it('refuses sizes that are not powers of two', () => {
    expect(() => new RealFft(1000)).toThrow(/power of two/);
  });
});
