// The content safety verdict as the media inspector shows it (`doppel inspect`, the inspector
// panel): plain JSON-friendly numbers, every classifier's score, the rule that was applied, and a
// neutral one-line summary. Run with `complete: true` so every classifier's score is real.
import type { ContentSafetyGate, MediaSafetyVerdict } from './contentSafetyGate';
import {
  MAX_FLAGGED_SAMPLE_FRACTION,
  MODEL_FLAG_SCORE,
  SAFETY_POLICY_VERSION,
  SEXUAL_CONTENT_CLASSES,
  TARGET_SAMPLES_PER_SECOND,
  VOTES_TO_FLAG,
} from './safetyPolicy';

export interface InspectorSafetyVerdict {
  /** 'refused': the gate would stop any synthesis from or onto this file. */
  status: 'clear' | 'refused' | 'no-picture';
  summary: string;
  kind: MediaSafetyVerdict['kind'];
  sha256: string;
  sampleCount: number;
  flaggedCount: number;
  highestVoteScore: number;
  /** Per classifier: its highest sexual score over the samples. */
  classifiers: { modelId: string; highestSexualScore: number }[];
  /** Samples that were flagged, by time (null for a still). */
  flaggedTimesUs: (number | null)[];
  rule: {
    policyVersion: number;
    sexualClasses: readonly string[];
    modelFlagScore: number;
    votesToFlag: number;
    samplesPerSecond: number;
    maxFlaggedSampleFraction: number;
  };
}

export function inspectorSafetyVerdict(verdict: MediaSafetyVerdict): InspectorSafetyVerdict {
  const highest = new Map<string, number>();
  for (const sample of verdict.samples) {
    for (const opinion of sample.verdict.opinions) {
      highest.set(opinion.modelId, Math.max(highest.get(opinion.modelId) ?? 0, opinion.sexualScore));
    }
  }
  const status = verdict.kind === 'none' ? 'no-picture' : verdict.refused ? 'refused' : 'clear';
  const samples = `${verdict.sampleCount} ${verdict.kind === 'image' ? 'picture' : 'sampled frame'}${verdict.sampleCount === 1 ? '' : 's'}`;
  const summary =
    status === 'no-picture'
      ? 'No picture: nothing for the content safety check to classify.'
      : status === 'refused'
        ? `Flagged as sexual content (${verdict.flaggedCount} of ${samples}): the studio refuses to synthesise from or onto this file.`
        : `Clear: no sexual content found (${samples}; highest score ${verdict.highestVoteScore.toFixed(3)}, flagged at ${MODEL_FLAG_SCORE}).`;
  return {
    status,
    summary,
    kind: verdict.kind,
    sha256: verdict.sha256,
    sampleCount: verdict.sampleCount,
    flaggedCount: verdict.flaggedCount,
    highestVoteScore: verdict.highestVoteScore,
    classifiers: [...highest].map(([modelId, highestSexualScore]) => ({ modelId, highestSexualScore })),
    flaggedTimesUs: verdict.samples.filter((sample) => sample.verdict.flagged).map((sample) => sample.timeUs),
    rule: {
      policyVersion: SAFETY_POLICY_VERSION,
      sexualClasses: SEXUAL_CONTENT_CLASSES,
      modelFlagScore: MODEL_FLAG_SCORE,
      votesToFlag: VOTES_TO_FLAG,
      samplesPerSecond: TARGET_SAMPLES_PER_SECOND,
      maxFlaggedSampleFraction: MAX_FLAGGED_SAMPLE_FRACTION,
    },
  };
}

/** The inspector's entry point: every classifier on every sample, never a refusal error. */
export async function inspectContentSafety(
  gate: ContentSafetyGate,
  path: string,
  signal?: AbortSignal,
): Promise<InspectorSafetyVerdict> {
  return inspectorSafetyVerdict(
    await gate.classifyMediaFile(path, { complete: true, ...(signal === undefined ? {} : { signal }) }),
  );
}
