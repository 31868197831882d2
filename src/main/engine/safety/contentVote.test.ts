// The vote and the file rule, as pure functions: classes are found by label, NaN never reads as
// safe, the early-decided (lazy) vote always agrees with the full one, and the 10% rule's edge.
import { describe, expect, it } from 'vitest';
import type { ModelOpinion } from './contentVote';
import { isRefused, isVoteDecided, modelOpinion, voteOnPicture } from './contentVote';
import { MAX_FLAGGED_SAMPLE_FRACTION, MODEL_FLAG_SCORE, SEXUAL_CONTENT_CLASSES } from './safetyPolicy';

const labels = ['Drawing', 'Hentai', 'Neutral', 'Porn', 'Sexy'];

/** An opinion whose sexual classes add up to `score` (spread over Porn, Hentai and Sexy). */
function opinionWithScore(modelId: string, score: number): ModelOpinion {
  return modelOpinion(modelId, labels, [0, score / 2, 1 - score, score / 4, score / 4]);
}

describe('content vote', () => {
  it('adds up the sexual classes by label, whatever their order in the output', () => {
    expect(SEXUAL_CONTENT_CLASSES).toEqual(['Porn', 'Hentai', 'Sexy']);
    const shuffled = ['Porn', 'Neutral', 'Sexy', 'Drawing', 'Hentai'];
    const opinion = modelOpinion('m', shuffled, [0.3, 0.4, 0.1, 0.1, 0.1]);
    expect(opinion.sexualScore).toBeCloseTo(0.5, 6);
    expect(opinion.flagged).toBe(true);
    expect(modelOpinion('m', labels, [0.6, 0.1, 0.1, 0.1, 0.1]).flagged).toBe(false);
    expect(() => modelOpinion('m', ['Drawing', 'Neutral'], [0.5, 0.5])).toThrow(/has no "Porn" class/);
    expect(() => modelOpinion('m', labels, [1, 0])).toThrow(/gave 2 scores for 5 classes/);
  });

  it('never reads a NaN output as safe', () => {
    const broken = modelOpinion('m', labels, [0, 0, 1, Number.NaN, 0]);
    expect(broken.flagged).toBe(true);
    const verdict = voteOnPicture([broken, broken, opinionWithScore('c', 0)]);
    expect(verdict.flagged).toBe(true);
    expect(verdict.voteScore).toBe(Infinity);
  });

  it('flags with two of three votes; the vote score is the median', () => {
    const verdict = voteOnPicture([
      opinionWithScore('a', 0.9),
      opinionWithScore('b', 0.2),
      opinionWithScore('c', 0.6),
    ]);
    expect(verdict).toMatchObject({ votes: 2, flagged: true, complete: true });
    expect(verdict.voteScore).toBeCloseTo(0.6, 6);
    const clear = voteOnPicture([
      opinionWithScore('a', 0.9),
      opinionWithScore('b', 0.2),
      opinionWithScore('c', 0.4),
    ]);
    expect(clear).toMatchObject({ votes: 1, flagged: false });
    expect(clear.voteScore).toBeCloseTo(0.4, 6);
  });

  it('decides early only when the missing vote cannot change the outcome, and agrees with the full vote', () => {
    let seed = 99;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let trial = 0; trial < 2000; trial++) {
      // Scores clustered around the threshold, where a wrong shortcut would show.
      const opinions = ['a', 'b', 'c'].map((id) =>
        opinionWithScore(id, Math.min(1, Math.max(0, MODEL_FLAG_SCORE + (random() - 0.5) * 0.6))),
      );
      const full = voteOnPicture(opinions);
      const firstTwo = opinions.slice(0, 2);
      if (isVoteDecided(firstTwo, 3)) {
        const lazy = voteOnPicture(firstTwo, 3);
        expect(lazy.flagged).toBe(full.flagged);
        expect(lazy.complete).toBe(false);
        // The lazy score stays on the decided side of the full median.
        if (lazy.flagged) expect(lazy.voteScore).toBeLessThanOrEqual(full.voteScore);
        else expect(lazy.voteScore).toBeGreaterThanOrEqual(full.voteScore);
      } else {
        expect(firstTwo[0]?.flagged).not.toBe(firstTwo[1]?.flagged);
        expect(() => voteOnPicture(firstTwo, 3)).toThrow(/undecided/);
      }
      expect(isVoteDecided(opinions.slice(0, 1), 3)).toBe(false);
    }
  });

  it('refuses a still that is flagged, and a video only above 10% flagged samples', () => {
    expect(MAX_FLAGGED_SAMPLE_FRACTION).toBe(0.1);
    expect(isRefused('image', { sampleCount: 1, flaggedCount: 1 })).toBe(true);
    expect(isRefused('image', { sampleCount: 1, flaggedCount: 0 })).toBe(false);
    expect(isRefused('video', { sampleCount: 20, flaggedCount: 2 })).toBe(false);
    expect(isRefused('video', { sampleCount: 20, flaggedCount: 3 })).toBe(true);
    expect(isRefused('video', { sampleCount: 3, flaggedCount: 1 })).toBe(true);
    expect(isRefused('video', { sampleCount: 0, flaggedCount: 0 })).toBe(true);
  });
});
