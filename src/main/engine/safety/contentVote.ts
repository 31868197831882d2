// Pure decisions of the content safety gate: one picture's vote across the classifiers, and the
// verdict on a whole file (a still, or a video's samples). The numbers come from safetyPolicy.ts.
import {
  MAX_FLAGGED_SAMPLE_FRACTION,
  MODEL_FLAG_SCORE,
  SEXUAL_CONTENT_CLASSES,
  VOTES_TO_FLAG,
} from './safetyPolicy';

/** One classifier's opinion of one picture. */
export interface ModelOpinion {
  modelId: string;
  /** Probability per class label, e.g. { Drawing: 0.01, ..., Sexy: 0.02 }. */
  probabilities: Record<string, number>;
  /** Sum of the probabilities of SEXUAL_CONTENT_CLASSES. */
  sexualScore: number;
  flagged: boolean;
}

export interface PictureVerdict {
  /** The classifiers that ran, in the set's order (see isVoteDecided for why some may not). */
  opinions: ModelOpinion[];
  /** How many classifiers flag the picture. */
  votes: number;
  /** How many classifiers vote (the set's size), whether or not all of them ran. */
  voterCount: number;
  /** Whether every classifier of the set ran. */
  complete: boolean;
  /**
   * The median of the classifiers' sexual scores (the VOTES_TO_FLAG-th highest): the picture is
   * flagged iff it reaches MODEL_FLAG_SCORE. When the vote was decided before every classifier ran
   * it is the bound on the decided side: at least the true median when flagged, at most it when
   * clear — so it can be reported as "the highest score seen" without understating anything.
   */
  voteScore: number;
  flagged: boolean;
}

/** Reads one model's softmax output by label (never by position: the manifest names the classes). */
export function modelOpinion(
  modelId: string,
  classLabels: readonly string[],
  probabilities: ArrayLike<number>,
): ModelOpinion {
  if (probabilities.length !== classLabels.length) {
    throw new RangeError(
      `model "${modelId}" gave ${probabilities.length} scores for ${classLabels.length} classes`,
    );
  }
  const byLabel: Record<string, number> = {};
  classLabels.forEach((label, index) => (byLabel[label] = probabilities[index] ?? Number.NaN));
  let sexualScore = 0;
  for (const label of SEXUAL_CONTENT_CLASSES) {
    const value = byLabel[label];
    if (value === undefined) throw new RangeError(`model "${modelId}" has no "${label}" class`);
    sexualScore += value;
  }
  // A NaN score (a broken model or input) must never read as "safe".
  const flagged = !(sexualScore < MODEL_FLAG_SCORE);
  return { modelId, probabilities: byLabel, sexualScore, flagged };
}

/**
 * Whether the remaining classifiers can no longer change the majority: VOTES_TO_FLAG flags are
 * in, or so many "clear" opinions that the others together cannot reach VOTES_TO_FLAG. With three
 * classifiers that is "the first two agree", the usual case, which saves running the third
 * (InceptionV3, most of the cost) without changing any decision.
 */
export function isVoteDecided(opinions: readonly ModelOpinion[], voterCount: number): boolean {
  const votes = opinions.filter((opinion) => opinion.flagged).length;
  const notYetAsked = voterCount - opinions.length;
  return votes >= VOTES_TO_FLAG || votes + notYetAsked < VOTES_TO_FLAG;
}

/** The majority vote of `voterCount` classifiers, of which `opinions` ran (a decided vote may stop early). */
export function voteOnPicture(
  opinions: readonly ModelOpinion[],
  voterCount: number = opinions.length,
): PictureVerdict {
  if (voterCount < VOTES_TO_FLAG || opinions.length > voterCount) {
    throw new RangeError(
      `a vote needs at least ${VOTES_TO_FLAG} classifiers, got ${opinions.length} of ${voterCount}`,
    );
  }
  if (!isVoteDecided(opinions, voterCount)) {
    throw new RangeError(`the vote is undecided with ${opinions.length} of ${voterCount} classifiers`);
  }
  const votes = opinions.filter((opinion) => opinion.flagged).length;
  const flagged = votes >= VOTES_TO_FLAG;
  // A NaN score counts as the highest possible: it must never look safe.
  const descending = opinions
    .map((opinion) => (Number.isNaN(opinion.sexualScore) ? Infinity : opinion.sexualScore))
    .sort((a, b) => b - a);
  // Missing opinions could only raise the k-th highest score: a flagged vote reports the k-th of
  // those present (a lower bound), a clear one assumes the missing scores were highest (an upper bound).
  const missing = voterCount - opinions.length;
  const rank = flagged ? VOTES_TO_FLAG : Math.max(1, VOTES_TO_FLAG - missing);
  const voteScore = descending[rank - 1] ?? Infinity;
  return { opinions: [...opinions], votes, voterCount, complete: missing === 0, voteScore, flagged };
}

export interface SampleCount {
  sampleCount: number;
  flaggedCount: number;
}

/**
 * Whether a file is refused: a still (one sample) when it is flagged, a video when more than
 * MAX_FLAGGED_SAMPLE_FRACTION of its samples are. A picture with no sample at all is refused
 * too, so a decode that yields nothing cannot pass as safe.
 */
export function isRefused(kind: 'image' | 'video', counts: SampleCount): boolean {
  if (counts.sampleCount === 0) return true;
  if (kind === 'image') return counts.flaggedCount > 0;
  return counts.flaggedCount / counts.sampleCount > MAX_FLAGGED_SAMPLE_FRACTION;
}
