// Landmark jitter: the mean frame-to-frame motion of the mesh points that do not move when a
// person talks or blinks (STABLE_MESH_LANDMARKS). On a steady talking head it is mostly model
// noise, so it shows what smoothing buys; the provenance inspector can use it as a deepfake cue
// (pasted faces often shake against the head).
import { STABLE_MESH_LANDMARKS } from './meshLandmarkIndices';

/** Collects consecutive frames of one face and accumulates their stable-point motion. */
export class StableMotionMeter {
  private previous: Float32Array | undefined;
  private total = 0;
  private steps = 0;

  /** Adds the next frame's landmarks (468 x 3); `consecutive` false starts a new run (a gap). */
  add(points: ArrayLike<number>, consecutive: boolean): void {
    const stable = new Float32Array(STABLE_MESH_LANDMARKS.length * 2);
    STABLE_MESH_LANDMARKS.forEach((landmark, index) => {
      stable[index * 2] = points[landmark * 3] ?? 0;
      stable[index * 2 + 1] = points[landmark * 3 + 1] ?? 0;
    });
    if (consecutive && this.previous !== undefined) {
      let motion = 0;
      for (let index = 0; index < STABLE_MESH_LANDMARKS.length; index++) {
        motion += Math.hypot(
          (stable[index * 2] ?? 0) - (this.previous[index * 2] ?? 0),
          (stable[index * 2 + 1] ?? 0) - (this.previous[index * 2 + 1] ?? 0),
        );
      }
      this.total += motion / STABLE_MESH_LANDMARKS.length;
      this.steps += 1;
    }
    this.previous = stable;
  }

  /** Mean motion per frame step in pixels; undefined before two consecutive frames. */
  meanMotion(): number | undefined {
    return this.steps === 0 ? undefined : this.total / this.steps;
  }

  get stepCount(): number {
    return this.steps;
  }
}

/** Mean of several meters' motion, weighted by their steps. */
export function combinedMeanMotion(meters: Iterable<StableMotionMeter>): number | undefined {
  let total = 0;
  let steps = 0;
  for (const meter of meters) {
    const mean = meter.meanMotion();
    if (mean === undefined) continue;
    total += mean * meter.stepCount;
    steps += meter.stepCount;
  }
  return steps === 0 ? undefined : total / steps;
}
