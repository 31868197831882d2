// The content safety verdict as the inspection report carries it (issue 9: "the inspector shows
// the classifier's verdict on any file"): the gate's own inspector view (engine/safety
// inspectorVerdict.ts: every classifier on every sample, never a refusal error), or an
// "unavailable" verdict that says why when the classifiers could not run, so that one missing model
// never hides the C2PA and watermark findings.
import { StudioError } from '../../../../shared/errors';
import type { InspectedContentSafety } from '../../../../shared/model/provenanceSchemas';
import type { ContentSafetyGate } from '../../safety/contentSafetyGate';
import { inspectContentSafety } from '../../safety/inspectorVerdict';

export type ContentSafetyInspector = (path: string, signal?: AbortSignal) => Promise<InspectedContentSafety>;

export function contentSafetyNotChecked(summary: string): InspectedContentSafety {
  return {
    status: 'unavailable',
    summary,
    kind: null,
    sampleCount: 0,
    flaggedCount: 0,
    highestVoteScore: null,
    classifiers: [],
    flaggedTimesUs: [],
    rule: null,
  };
}

/** Reads the verdict through `gate()` (the studio's gate, loaded on first use). */
export function contentSafetyInspector(gate: () => Promise<ContentSafetyGate>): ContentSafetyInspector {
  return async (path, signal) => {
    try {
      const verdict = await inspectContentSafety(await gate(), path, signal);
      return {
        status: verdict.status,
        summary: verdict.summary,
        kind: verdict.kind,
        sampleCount: verdict.sampleCount,
        flaggedCount: verdict.flaggedCount,
        highestVoteScore: verdict.kind === 'none' ? null : verdict.highestVoteScore,
        classifiers: verdict.classifiers,
        flaggedTimesUs: verdict.flaggedTimesUs,
        rule: { ...verdict.rule, sexualClasses: [...verdict.rule.sexualClasses] },
      };
    } catch (error) {
      if (error instanceof StudioError && error.code === 'CANCELLED') throw error;
      const reason = error instanceof Error ? error.message : String(error);
      return contentSafetyNotChecked(
        `Not checked: the content safety classifiers could not run (${reason}).`,
      );
    }
  };
}
