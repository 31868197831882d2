// The face-based deepfake cues on real media with the real face models: each cue reads a GRID
// talking head as ordinary, and reads the same clip with one property changed the way a fake
// would change it (sound shifted 200 ms; a face patch of another skin tone; a shaking face) as
// unusual. The still photo animated with speech (the astronaut clip) never blinks and its mouth
// does not move with the sound.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cue } from '../../../../../shared/model/provenanceSchemas';
import { CUES_ARE_HINTS } from '../../../../../shared/model/provenanceSchemas';
import { probeMedia } from '../../../../media/probeMedia';
import { loadStillImage } from '../../../face/stillImageLoading';
import {
  loadTestAnalyzer,
  missingFaceMedia,
  sharedFacePath,
  type TestAnalyzer,
} from '../../../face/testSupport/faceTestSupport';
import { ffmpeg, temporaryFolder } from '../../testSupport/provenanceTestMedia';
import { evaluateCues } from '../deepfakeCues';
import {
  boundaryChromaSteps,
  boundaryRatio,
  FACE_OUTLINE,
  UNUSUAL_BOUNDARY_RATIO,
} from './boundaryColourCue';
import { countBlinks } from './blinkRateCue';
import { createFaceCueAnalyzers } from './faceCueAnalyzers';
import { meshPoint } from './faceCueTrack';

const MEDIA = [
  'videos/grid_bbaf2n.mpg',
  'videos/grid_swiz3n.mpg',
  'videos/synth_astronaut_kenburns_jfk.mp4',
  'faces/grid_lbbc2a.jpg',
];
const missing = missingFaceMedia(MEDIA);

function cue(cues: Cue[], id: Cue['id']): Cue {
  const found = cues.find((entry) => entry.id === id);
  if (!found) throw new Error(`no ${id} cue`);
  return found;
}

/** Whether (x, y) lies inside the polygon (even-odd rule). */
function inside(polygon: { x: number; y: number }[], x: number, y: number): boolean {
  let result = false;
  for (let index = 0, previous = polygon.length - 1; index < polygon.length; previous = index++) {
    const a = polygon[index]!;
    const b = polygon[previous]!;
    if (a.y > y !== b.y > y && x < ((b.x - a.x) * (y - a.y)) / (b.y - a.y) + a.x) result = !result;
  }
  return result;
}

describe('blink counting', () => {
  it('counts dips below 75% of the open-eye level once each, and a gap in the face ends a dip', () => {
    const open = Array.from({ length: 20 }, () => 0.32);
    expect(countBlinks([...open, 0.2, 0.18, 0.31, ...open, 0.22, null, 0.2, 0.32]).blinks).toBe(3);
    // Hovering between the two levels does not count twice.
    expect(countBlinks([...open, 0.2, 0.26, 0.21, 0.26, 0.3, ...open]).blinks).toBe(1);
    expect(countBlinks(open).blinks).toBe(0);
  });
});

describe.skipIf(missing !== undefined)(
  `face-based deepfake cues on real media${missing === undefined ? '' : ` (skipped: ${missing})`}`,
  () => {
    let analyzer: TestAnalyzer;
    let work: Awaited<ReturnType<typeof temporaryFolder>>;
    const cuesOf = async (path: string): Promise<Cue[]> => {
      const analyzers = createFaceCueAnalyzers((file, settings) =>
        analyzer.analyzer.analyseFile(file, { settings }),
      );
      return evaluateCues({ path, probe: await probeMedia(path) }, analyzers);
    };

    beforeAll(async () => {
      analyzer = await loadTestAnalyzer(['detector', 'landmarks']);
      work = await temporaryFolder('doppel-face-cues-');
    }, 120_000);
    afterAll(async () => {
      analyzer?.dispose();
      await work?.cleanup();
    });

    it('a GRID talking head: every cue measured, none unusual, each with its explanation and the caveat', async () => {
      const cues = await cuesOf(sharedFacePath('videos/grid_bbaf2n.mpg'));
      expect(cues.map((entry) => entry.status)).toEqual(['measured', 'measured', 'measured', 'measured']);
      for (const entry of cues) {
        expect(entry.level).not.toBe('unusual');
        expect(entry.caveat).toBe(CUES_ARE_HINTS);
        expect(entry.explanation.length).toBeGreaterThan(80);
      }
      // 3 s is too short for a rate: reported, but not judged.
      expect(cue(cues, 'blinkRate')).toMatchObject({ unit: 'blinks/min', level: 'unknown' });
      expect(cue(cues, 'landmarkJitter').value).toBeLessThan(1);
      expect(cue(cues, 'boundaryColourMismatch').value).toBeLessThan(UNUSUAL_BOUNDARY_RATIO);
      expect(Math.abs(cue(cues, 'audioLipOffset').value!)).toBeLessThanOrEqual(60);
    }, 120_000);

    it('sound delayed by 200 ms reads as a 150-250 ms offset, unusual; a shaking face reads as jitter', async () => {
      const delayed = join(work.dir, 'delayed.mp4');
      await ffmpeg([
        ...['-i', sharedFacePath('videos/grid_swiz3n.mpg'), '-af', 'adelay=200:all=1'],
        ...['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '18', '-c:a', 'aac', delayed],
      ]);
      const original = cue(await cuesOf(sharedFacePath('videos/grid_swiz3n.mpg')), 'audioLipOffset');
      expect(Math.abs(original.value!)).toBeLessThanOrEqual(60);
      const shifted = cue(await cuesOf(delayed), 'audioLipOffset');
      expect(shifted.value).toBeGreaterThanOrEqual(150);
      expect(shifted.value).toBeLessThanOrEqual(250);
      expect(shifted.level).toBe('unusual');

      // The frame wanders by up to 6 px at random from frame to frame: a face that trembles.
      const shaking = join(work.dir, 'shaking.mp4');
      await ffmpeg([
        ...['-i', sharedFacePath('videos/grid_swiz3n.mpg')],
        ...['-vf', "crop=340:272:'10+6*(random(1)-0.5)':'8+6*(random(2)-0.5)'"],
        ...['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '18', '-an', shaking],
      ]);
      const jitter = cue(await cuesOf(shaking), 'landmarkJitter');
      expect(jitter.level).toBe('unusual');
      expect(jitter.value).toBeGreaterThan(1.5);
    }, 180_000);

    it('a still photo animated with speech: no blink, and a mouth that does not move with the sound', async () => {
      const cues = await cuesOf(sharedFacePath('videos/synth_astronaut_kenburns_jfk.mp4'));
      expect(cue(cues, 'blinkRate').value).toBe(0);
      expect(cue(cues, 'audioLipOffset')).toMatchObject({ status: 'notApplicable' });
      expect(cue(cues, 'audioLipOffset').finding).toContain('the mouth hardly moves');
    }, 180_000);

    it('boundary colour: a real face changes colour gradually; a patch of another skin tone pasted inside the outline does not', async () => {
      const path = sharedFacePath('faces/grid_lbbc2a.jpg');
      const still = await loadStillImage(path);
      const analysis = await analyzer.analyzer.analyseFile(path);
      const landmarks = analysis.frames[0]!.faces[0]!.landmarks.map((value, index) =>
        index % 3 === 2 ? value : value * still.scale,
      );
      const real = boundaryChromaSteps(still.frame, landmarks)!;
      expect(boundaryRatio(real)).toBeLessThan(UNUSUAL_BOUNDARY_RATIO);

      // Inside 92% of the outline, the skin is made redder and less blue, feathered over 2 px.
      const outline = FACE_OUTLINE.map((index) => meshPoint(landmarks, index));
      const centre = {
        x: outline.reduce((sum, point) => sum + point.x, 0) / outline.length,
        y: outline.reduce((sum, point) => sum + point.y, 0) / outline.length,
      };
      const seam = outline.map((point) => ({
        x: centre.x + (point.x - centre.x) * 0.92,
        y: centre.y + (point.y - centre.y) * 0.92,
      }));
      const { width, height } = still.frame;
      const pasted = Uint8Array.from(still.frame.data);
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
          if (!inside(seam, x, y)) continue;
          const offset = (y * width + x) * 3;
          pasted[offset] = Math.min(255, pasted[offset]! + 28);
          pasted[offset + 2] = Math.max(0, pasted[offset + 2]! - 22);
        }
      }
      const fake = boundaryChromaSteps({ width, height, data: pasted }, landmarks)!;
      expect(boundaryRatio(fake)).toBeGreaterThan(UNUSUAL_BOUNDARY_RATIO);

      const stillCues = await cuesOf(path);
      expect(cue(stillCues, 'boundaryColourMismatch')).toMatchObject({
        status: 'measured',
        level: 'typical',
      });
      expect(cue(stillCues, 'blinkRate').status).toBe('notApplicable');
    }, 120_000);
  },
);
