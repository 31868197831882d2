// The One-Euro filter (Casiez, Roussel, Vogel, CHI 2012) over a vector of coordinates: a low-pass
// filter whose cutoff rises with speed, so a still face stops shaking while a turning head or a
// talking mouth does not lag. Speeds are measured in face sizes per second (MediaPipe's "object
// scale" normalisation), so one set of parameters suits small and large faces alike.

export interface OneEuroParameters {
  /** Cutoff (Hz) at rest: lower = steadier but laggier. */
  minCutoff: number;
  /** How fast the cutoff rises with speed (per face size per second). */
  beta: number;
  /** Cutoff (Hz) of the speed estimate itself. */
  derivativeCutoff: number;
}

/** MediaPipe's face-landmark smoothing settings, with speeds scaled by face size. */
export const LANDMARK_SMOOTHING: OneEuroParameters = { minCutoff: 0.05, beta: 80, derivativeCutoff: 1 };

function smoothingFactor(cutoffHz: number, elapsedSeconds: number): number {
  const tau = 1 / (2 * Math.PI * cutoffHz);
  return 1 / (1 + tau / elapsedSeconds);
}

export class OneEuroVectorFilter {
  private previous: Float64Array | undefined;
  private previousSpeed: Float64Array | undefined;
  private previousTime = 0;

  constructor(private readonly parameters: OneEuroParameters = LANDMARK_SMOOTHING) {}

  /**
   * Filters one sample taken at `timeSeconds`. `scale` is the size of the object in the same
   * units as the values (e.g. the face's width in pixels); speeds are divided by it.
   */
  filter(values: ArrayLike<number>, timeSeconds: number, scale: number): Float32Array {
    const count = values.length;
    const output = new Float32Array(count);
    const elapsed = timeSeconds - this.previousTime;
    if (
      this.previous === undefined ||
      this.previousSpeed === undefined ||
      elapsed <= 0 ||
      this.previous.length !== count
    ) {
      this.previous = Float64Array.from(values);
      this.previousSpeed = new Float64Array(count);
      this.previousTime = timeSeconds;
      output.set(this.previous);
      return output;
    }
    const normaliser = scale > 0 ? 1 / scale : 1;
    const speedAlpha = smoothingFactor(this.parameters.derivativeCutoff, elapsed);
    for (let index = 0; index < count; index++) {
      const value = values[index] ?? 0;
      const last = this.previous[index] ?? value;
      const speed = ((value - last) / elapsed) * normaliser;
      const smoothedSpeed = speedAlpha * speed + (1 - speedAlpha) * (this.previousSpeed[index] ?? 0);
      const cutoff = this.parameters.minCutoff + this.parameters.beta * Math.abs(smoothedSpeed);
      const alpha = smoothingFactor(cutoff, elapsed);
      const filtered = alpha * value + (1 - alpha) * last;
      this.previous[index] = filtered;
      this.previousSpeed[index] = smoothedSpeed;
      output[index] = filtered;
    }
    this.previousTime = timeSeconds;
    return output;
  }

  reset(): void {
    this.previous = undefined;
    this.previousSpeed = undefined;
  }
}
