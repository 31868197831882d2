// Issue 8 acceptance: zero false detections on 20 clean clips (the shared test media and generated
// clips of many kinds). A detection needs a CRC-valid id AND a score far above chance.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cleanClips,
  SHARED_MEDIA_MISSING,
  sharedMediaPresent,
  temporaryFolder,
} from '../testSupport/provenanceTestMedia';
import { detectVideoWatermark } from './videoWatermarkDetector';
import { CHANCE_SCORE, FOUND_SCORE_THRESHOLD } from './watermarkEvidence';

describe.skipIf(!sharedMediaPresent)(
  `video watermark detector on clean clips${sharedMediaPresent ? '' : ` (${SHARED_MEDIA_MISSING})`}`,
  () => {
    let work: Awaited<ReturnType<typeof temporaryFolder>>;
    beforeAll(async () => {
      work = await temporaryFolder('doppel-watermark-clean-');
    });
    afterAll(async () => {
      await work?.cleanup();
    });

    it('finds nothing in 20 clips that carry no watermark', async () => {
      const clips = await cleanClips(work.dir);
      expect(clips).toHaveLength(20);
      const scores: string[] = [];
      for (const clip of clips) {
        const result = await detectVideoWatermark(clip);
        expect(result.framesAnalysed).toBeGreaterThan(0);
        expect(result.found, `${clip} (score ${result.score.toFixed(2)})`).toBe(false);
        expect(result.renderId).toBeNull();
        expect(result.score).toBeLessThan(FOUND_SCORE_THRESHOLD);
        scores.push(`${clip.split('/').at(-1)} ${result.score.toFixed(2)}`);
      }
      console.log(`[watermark] clean-clip scores (chance ${CHANCE_SCORE.toFixed(2)}): ${scores.join(', ')}`);
    }, 180_000);
  },
);
