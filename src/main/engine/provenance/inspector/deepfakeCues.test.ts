// The cue list the inspector prints, and the hook the face stack will plug its analyzers into.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CUES_ARE_HINTS } from '../../../../shared/model/provenanceSchemas';
import { createFixtureFolder, type FixtureFolder } from '../../../media/mediaTestFixtures';
import { probeMedia } from '../../../media/probeMedia';
import { evaluateCues, type CueAnalyzer } from './deepfakeCues';

describe('deepfake cues', () => {
  let fixtures: FixtureFolder;
  beforeAll(async () => {
    fixtures = await createFixtureFolder('doppel-cues-');
  });
  afterAll(async () => {
    await fixtures?.cleanup();
  });

  const context = async (name: 'video.mp4' | 'video-no-audio.mp4' | 'picture.png' | 'tone.wav') => {
    const path = await fixtures.fixture(name);
    return { path, probe: await probeMedia(path) };
  };

  it('lists the four cues the literature names, each explained and marked as a hint', async () => {
    const cues = await evaluateCues(await context('video.mp4'), []);
    expect(cues.map((cue) => cue.id)).toEqual([
      'blinkRate',
      'landmarkJitter',
      'boundaryColourMismatch',
      'audioLipOffset',
    ]);
    for (const cue of cues) {
      expect(cue).toMatchObject({
        status: 'notAnalysed',
        value: null,
        level: 'unknown',
        caveat: CUES_ARE_HINTS,
      });
      expect(cue.finding).toMatch(/needs the face tracker/);
      expect(cue.explanation.length).toBeGreaterThan(100);
    }
  });

  it('says which cues cannot apply to a still, a silent video or a sound file', async () => {
    const still = await evaluateCues(await context('picture.png'), []);
    expect(still.map((cue) => cue.status)).toEqual([
      'notApplicable',
      'notApplicable',
      'notAnalysed',
      'notApplicable',
    ]);
    const silent = await evaluateCues(await context('video-no-audio.mp4'), []);
    expect(silent.find((cue) => cue.id === 'audioLipOffset')?.finding).toBe(
      'Not applicable: the file has no sound.',
    );
    const sound = await evaluateCues(await context('tone.wav'), []);
    expect(sound.every((cue) => cue.finding === 'Not applicable: the file has no picture.')).toBe(true);
    const undecodable = await evaluateCues(null, []);
    expect(undecodable.every((cue) => cue.status === 'notApplicable')).toBe(true);
  });

  it('runs the analyzers registered through the hook and reports what they measured', async () => {
    const seen: string[] = [];
    const analyzers: CueAnalyzer[] = [
      {
        id: 'blinkRate',
        async analyse({ path, probe }) {
          seen.push(`${path}:${probe.kind}`);
          return {
            kind: 'measured',
            value: 2,
            unit: 'blinks per minute',
            level: 'unusual',
            finding: 'Two blinks a minute.',
          };
        },
      },
      {
        id: 'audioLipOffset',
        analyse: async () => ({ kind: 'notApplicable', finding: 'No face speaks in this clip.' }),
      },
    ];
    const input = await context('video.mp4');
    const cues = await evaluateCues(input, analyzers);
    expect(seen).toEqual([`${input.path}:video`]);
    expect(cues[0]).toMatchObject({
      status: 'measured',
      value: 2,
      unit: 'blinks per minute',
      level: 'unusual',
    });
    expect(cues[3]).toMatchObject({ status: 'notApplicable', finding: 'No face speaks in this clip.' });
    expect(cues[1]?.status).toBe('notAnalysed');
  });
});
