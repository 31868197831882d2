// A sliding window over an unbounded sample stream: append at the end, read any range that has not
// been discarded (zeros before the start and past the end), drop what no frame needs any more.
// This is what keeps the voice pipeline's memory flat on a two-hour input.
export class SampleHistory {
  private buffer = new Float64Array(1 << 16);
  /** Absolute index of buffer[0]. */
  private offset = 0;
  private length = 0;
  private ended = false;

  /** Samples appended so far (absolute index of the next sample). */
  get end(): number {
    return this.offset + this.length;
  }

  get finished(): boolean {
    return this.ended;
  }

  append(samples: ArrayLike<number>): void {
    if (this.length + samples.length > this.buffer.length) {
      let capacity = this.buffer.length;
      while (capacity < this.length + samples.length) capacity *= 2;
      const grown = new Float64Array(capacity);
      grown.set(this.buffer.subarray(0, this.length));
      this.buffer = grown;
    }
    for (let index = 0; index < samples.length; index++) this.buffer[this.length + index] = samples[index]!;
    this.length += samples.length;
  }

  /** No more samples will come; reads past the end return zeros from now on. */
  finish(): void {
    this.ended = true;
  }

  /** Copies `out.length` samples starting at absolute index `start`. */
  read(start: number, out: Float64Array): void {
    for (let index = 0; index < out.length; index++) {
      const position = start + index - this.offset;
      out[index] = position >= 0 && position < this.length ? this.buffer[position]! : 0;
    }
    if (start < this.offset && start + out.length > 0 && this.offset > 0) {
      throw new Error(`sample ${start} was already discarded (history starts at ${this.offset})`);
    }
  }

  /** Forgets samples before absolute index `index`. */
  discardBefore(index: number): void {
    const drop = Math.min(this.length, index - this.offset);
    if (drop <= 0) return;
    // Move the kept tail down only once enough has accumulated: amortised O(1) per sample.
    if (drop < this.buffer.length / 4) return;
    this.buffer.copyWithin(0, drop, this.length);
    this.offset += drop;
    this.length -= drop;
  }
}
