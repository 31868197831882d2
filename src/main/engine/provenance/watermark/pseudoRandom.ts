// Deterministic pseudo-random numbers for the watermark layouts. The embedder and the detector must
// derive exactly the same chip signs and bit assignments from a text key, on every platform and in
// every Node version, so this is our own tiny generator (splitmix32) rather than Math.random.

/** FNV-1a over the UTF-16 code units of `text`: a stable 32-bit seed from a key name. */
export function seedFromText(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

export class SeededRandom {
  private state: number;

  constructor(seed: number | string) {
    this.state = (typeof seed === 'string' ? seedFromText(seed) : seed) >>> 0;
  }

  /** Next 32-bit unsigned integer (splitmix32). */
  nextUint32(): number {
    this.state = (this.state + 0x9e3779b9) >>> 0;
    let z = this.state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  }

  /** Uniform in [0, 1). */
  nextFloat(): number {
    return this.nextUint32() / 4294967296;
  }

  /** +1 or -1 with equal probability. */
  nextSign(): 1 | -1 {
    return (this.nextUint32() & 1) === 1 ? 1 : -1;
  }

  /** Uniform integer in [0, bound). */
  nextIndex(bound: number): number {
    return Math.floor(this.nextFloat() * bound);
  }

  /** Fisher-Yates shuffle of 0..length-1. */
  permutation(length: number): Uint32Array {
    const order = new Uint32Array(length);
    for (let index = 0; index < length; index++) order[index] = index;
    for (let index = length - 1; index > 0; index--) {
      const other = this.nextIndex(index + 1);
      const swap = order[index] as number;
      order[index] = order[other] as number;
      order[other] = swap;
    }
    return order;
  }
}
