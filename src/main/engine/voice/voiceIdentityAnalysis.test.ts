// Reference analysis: what the identity panel shows for good references, and the refusals (each
// naming the file) for references that cannot make a voice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileSpeechSource } from './audioFileSources';
import { analyseVoiceReferences } from './voiceIdentityAnalysis';
import {
  ffmpegFixture,
  JFK,
  LJ_0001,
  sharedSpeech,
  sharedSpeechAvailable,
  SHARED_SPEECH_SKIP,
  speechLikeLavfi,
  temporaryFolder,
  type TemporaryFolder,
} from './testSupport/voiceTestMedia';

let folder: TemporaryFolder;
beforeAll(async () => {
  folder = await temporaryFolder();
});
afterAll(async () => {
  await folder.cleanup();
});

async function analyseFiles(...paths: string[]) {
  return analyseVoiceReferences(await Promise.all(paths.map((path) => fileSpeechSource(path))));
}

describe('reference refusals', () => {
  it('refuses a reference shorter than 3 s, naming it', async () => {
    const short = folder.file('short voice.wav');
    await ffmpegFixture(['-f', 'lavfi', '-i', speechLikeLavfi(2), '-c:a', 'pcm_s16le', short]);
    await expect(analyseFiles(short)).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringMatching(/"short voice\.wav" is only 2\.00 s long; a voice needs at least 3 s/),
    });
  });

  it('refuses a silent reference, naming it', async () => {
    const silent = folder.file('silent.wav');
    await ffmpegFixture([
      '-f',
      'lavfi',
      '-i',
      'anullsrc=r=44100:cl=stereo',
      '-t',
      '12',
      '-c:a',
      'pcm_s16le',
      silent,
    ]);
    await expect(analyseFiles(silent)).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringMatching(/"silent\.wav" is silent/),
    });
  });

  it('refuses noise without any voiced speech, and a file without sound', async () => {
    const noise = folder.file('hiss.wav');
    await ffmpegFixture(['-f', 'lavfi', '-i', 'anoisesrc=a=0.2:c=white:d=6', '-c:a', 'pcm_s16le', noise]);
    await expect(analyseFiles(noise)).rejects.toMatchObject({
      message: expect.stringMatching(/"hiss\.wav" has no voiced speech/),
    });
    const picture = folder.file('still.png');
    await ffmpegFixture(['-f', 'lavfi', '-i', 'testsrc=size=32x32:rate=1', '-frames:v', '1', picture]);
    await expect(analyseFiles(picture)).rejects.toMatchObject({
      code: 'UNSUPPORTED_FORMAT',
      message: /has no audio stream/,
    });
  });
});

describe.skipIf(!sharedSpeechAvailable)(
  sharedSpeechAvailable ? 'reference analysis' : `reference analysis (${SHARED_SPEECH_SKIP})`,
  () => {
    it('gives F0 median and range, formants and a 40-band LTAS; warns under 10 s', async () => {
      const jfk = await analyseFiles(sharedSpeech(JFK));
      expect(jfk.profile.f0!.medianHz).toBeGreaterThan(200);
      expect(jfk.profile.f0!.medianHz).toBeLessThan(280);
      expect(jfk.profile.f0!.p5Hz).toBeLessThan(jfk.profile.f0!.medianHz);
      expect(jfk.profile.f0!.p95Hz).toBeGreaterThan(jfk.profile.f0!.medianHz);
      expect(jfk.profile.melLtasDb).toHaveLength(40);
      expect(jfk.profile.formantsHz).not.toBeNull();
      expect(jfk.warnings).toEqual([]);
      expect(jfk.sources[0]).toMatchObject({ label: JFK, durationSeconds: expect.closeTo(11, 1) });

      const lj = await analyseFiles(sharedSpeech(LJ_0001));
      expect(lj.warnings.join(' ')).toMatch(/Only 9\.66 s of reference speech/);
      expect(lj.profile.f0!.medianHz).toBeGreaterThan(180);
      expect(lj.profile.f0!.medianHz).toBeLessThan(250);
    });

    it('takes the sound of a video clip and a span of a file', async () => {
      const video = folder.file('talking.mp4');
      await ffmpegFixture([
        ...['-f', 'lavfi', '-i', 'testsrc=size=64x48:rate=25', '-i', sharedSpeech(JFK)],
        ...['-shortest', '-c:v', 'mpeg4', '-c:a', 'aac', video],
      ]);
      const fromVideo = await analyseFiles(video);
      expect(fromVideo.profile.f0!.medianHz).toBeGreaterThan(200);
      const span = await analyseVoiceReferences([
        await fileSpeechSource(sharedSpeech(JFK), { startUs: 1_000_000, endUs: 8_000_000 }),
      ]);
      expect(span.sources[0]!.durationSeconds).toBeCloseTo(7, 1);
      expect(span.sources[0]!.label).toBe(`${JFK} (0:01.0–0:08.0)`);
    });
  },
);
