// The tracking half of pYIN: a hidden Markov model over (pitch bin × voiced/unvoiced) states,
// decoded with Viterbi. Pitch may move at most a couple of semitones per 5 ms frame and voicing
// rarely flips, so octave jumps and one-frame voicing blips lose to the smooth path.
// Decoding is fixed-lag (a frame is decided once LAG later frames have been seen), so the tracker
// streams through hours of audio with constant memory; the decisions equal full Viterbi whenever
// the survivor paths have merged within the lag, which for speech they do within a few frames.
import type { PitchObservation } from './yinPitchCandidates';

export interface PitchDecision {
  frameIndex: number;
  /** 0 when unvoiced. */
  f0Hz: number;
  voicedProbability: number;
  levelDb: number;
}

const BINS_PER_OCTAVE = 36; // 33 cents: the exact F0 comes from the chosen candidate, not the bin
const MAX_JUMP_BINS = 6; // 2 semitones per frame
const VOICING_SWITCH_PROBABILITY = 0.01;
const LAG_FRAMES = 40; // 0.2 s
const LOG_FLOOR = -60;

export class PitchTrackDecoder {
  private readonly binCount: number;
  private readonly stateCount: number;
  private readonly jumpLog: Float64Array;
  private score: Float64Array;
  private nextScore: Float64Array;
  private readonly emission: Float64Array;
  /** backpointers[frame % LAG][state] */
  private readonly backpointers: Int16Array[];
  private readonly pending: PitchObservation[] = [];
  private framesSeen = 0;
  private framesDecided = 0;

  constructor(
    private readonly minimumF0Hz: number,
    maximumF0Hz: number,
  ) {
    this.binCount = Math.ceil(Math.log2(maximumF0Hz / minimumF0Hz) * BINS_PER_OCTAVE) + 1;
    this.stateCount = this.binCount * 2;
    this.score = new Float64Array(this.stateCount);
    this.nextScore = new Float64Array(this.stateCount);
    this.emission = new Float64Array(this.stateCount);
    this.backpointers = Array.from({ length: LAG_FRAMES }, () => new Int16Array(this.stateCount));
    // Triangular jump distribution, normalised over −MAX … +MAX.
    this.jumpLog = new Float64Array(MAX_JUMP_BINS * 2 + 1);
    let total = 0;
    for (let jump = -MAX_JUMP_BINS; jump <= MAX_JUMP_BINS; jump++)
      total += MAX_JUMP_BINS + 1 - Math.abs(jump);
    for (let jump = -MAX_JUMP_BINS; jump <= MAX_JUMP_BINS; jump++) {
      this.jumpLog[jump + MAX_JUMP_BINS] = Math.log((MAX_JUMP_BINS + 1 - Math.abs(jump)) / total);
    }
  }

  binFrequency(bin: number): number {
    return this.minimumF0Hz * 2 ** (bin / BINS_PER_OCTAVE);
  }

  private binOf(f0Hz: number): number {
    const bin = Math.round(Math.log2(f0Hz / this.minimumF0Hz) * BINS_PER_OCTAVE);
    return Math.max(0, Math.min(this.binCount - 1, bin));
  }

  /** Adds one frame's observation; returns the frames that became decided (in order). */
  push(observation: PitchObservation): PitchDecision[] {
    this.fillEmission(observation);
    const row = this.backpointers[this.framesSeen % LAG_FRAMES]!;
    if (this.framesSeen === 0) {
      for (let state = 0; state < this.stateCount; state++) {
        this.score[state] = this.emission[state]!;
        row[state] = state;
      }
    } else {
      this.step(row);
    }
    this.pending.push(observation);
    this.framesSeen++;
    if (this.framesSeen < LAG_FRAMES) return [];
    const state = this.traceBack(this.bestState(), LAG_FRAMES - 1);
    return [this.decide(state)];
  }

  /** Decides every remaining frame from the best final state. */
  finish(): PitchDecision[] {
    const remaining = this.framesSeen - this.framesDecided;
    if (remaining <= 0) return [];
    const states = new Array<number>(remaining);
    let state = this.bestState();
    for (let back = 0; back < remaining; back++) {
      states[remaining - 1 - back] = state;
      state = this.backpointers[(this.framesSeen - 1 - back) % LAG_FRAMES]![state]!;
    }
    return states.map((decided) => this.decide(decided));
  }

  private fillEmission(observation: PitchObservation): void {
    const voicedFloor = LOG_FLOOR;
    for (let bin = 0; bin < this.binCount; bin++) this.emission[bin] = voicedFloor;
    const perBin = new Map<number, number>();
    for (const candidate of observation.candidates) {
      const bin = this.binOf(candidate.f0Hz);
      perBin.set(bin, (perBin.get(bin) ?? 0) + candidate.probability);
    }
    for (const [bin, probability] of perBin) this.emission[bin] = Math.log(probability);
    const unvoiced = Math.log(Math.max(1e-12, (1 - observation.voicedProbability) / this.binCount));
    for (let bin = 0; bin < this.binCount; bin++) this.emission[this.binCount + bin] = unvoiced;
  }

  private step(row: Int16Array): void {
    const bins = this.binCount;
    const stay = Math.log(1 - VOICING_SWITCH_PROBABILITY);
    const change = Math.log(VOICING_SWITCH_PROBABILITY);
    let best = -Infinity;
    for (let target = 0; target < this.stateCount; target++) {
      const targetVoiced = target < bins;
      const targetBin = targetVoiced ? target : target - bins;
      let bestScore = -Infinity;
      let bestSource = 0;
      const low = Math.max(0, targetBin - MAX_JUMP_BINS);
      const high = Math.min(bins - 1, targetBin + MAX_JUMP_BINS);
      for (let sourceBin = low; sourceBin <= high; sourceBin++) {
        const jump = this.jumpLog[sourceBin - targetBin + MAX_JUMP_BINS]!;
        const fromVoiced = this.score[sourceBin]! + jump + (targetVoiced ? stay : change);
        if (fromVoiced > bestScore) {
          bestScore = fromVoiced;
          bestSource = sourceBin;
        }
        const fromUnvoiced = this.score[bins + sourceBin]! + jump + (targetVoiced ? change : stay);
        if (fromUnvoiced > bestScore) {
          bestScore = fromUnvoiced;
          bestSource = bins + sourceBin;
        }
      }
      const total = bestScore + this.emission[target]!;
      this.nextScore[target] = total;
      row[target] = bestSource;
      if (total > best) best = total;
    }
    // Renormalise so scores never drift towards -Infinity over hours of audio.
    for (let state = 0; state < this.stateCount; state++) this.nextScore[state]! -= best;
    const swap = this.score;
    this.score = this.nextScore;
    this.nextScore = swap;
  }

  private bestState(): number {
    let best = 0;
    for (let state = 1; state < this.stateCount; state++)
      if (this.score[state]! > this.score[best]!) best = state;
    return best;
  }

  /** Follows backpointers `steps` frames back from `state` at the newest frame. */
  private traceBack(state: number, steps: number): number {
    let current = state;
    for (let back = 0; back < steps; back++) {
      current = this.backpointers[(this.framesSeen - 1 - back) % LAG_FRAMES]![current]!;
    }
    return current;
  }

  private decide(state: number): PitchDecision {
    const observation = this.pending.shift();
    if (!observation) throw new Error('pitch decoder: no pending frame to decide');
    const frameIndex = this.framesDecided++;
    const voiced = state < this.binCount;
    let f0Hz = 0;
    if (voiced) {
      const binHz = this.binFrequency(state);
      // The exact candidate near the chosen bin keeps sub-bin precision.
      let closest = binHz;
      let closestDistance = Infinity;
      for (const candidate of observation.candidates) {
        const distance = Math.abs(Math.log2(candidate.f0Hz / binHz));
        if (distance < closestDistance) {
          closestDistance = distance;
          closest = candidate.f0Hz;
        }
      }
      f0Hz = closestDistance < 1 / 12 ? closest : binHz;
    }
    return {
      frameIndex,
      f0Hz,
      voicedProbability: observation.voicedProbability,
      levelDb: observation.levelDb,
    };
  }
}
