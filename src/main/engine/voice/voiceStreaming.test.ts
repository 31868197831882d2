// Long inputs are streamed: a generated speech-like recording of several minutes (3 by default,
// four times the 45 s above which frames are no longer cached;
// DOPPEL_VOICE_LONG_MINUTES to change, DOPPEL_VOICE_TWO_HOURS=1 for the two-hour case) is converted
// from file to file while resident memory is sampled; it must stay flat after warm-up.
// Timing is not asserted here (that is `npm run bench -- voice`).
import { stat } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileSpeechSource, memorySpeechSource } from './audioFileSources';
import { profileSpeech } from './dspVoiceConversion';
import { convertSpeechToWav } from './voiceMatchJobs';
import { VOICE_SAMPLE_RATE } from './voiceFrameGeometry';
import {
  decodeSpeech,
  ffmpegFixture,
  speechLikeLavfi,
  temporaryFolder,
  type TemporaryFolder,
} from './testSupport/voiceTestMedia';

const twoHours = process.env.DOPPEL_VOICE_TWO_HOURS === '1';
const minutes = twoHours ? 120 : Number(process.env.DOPPEL_VOICE_LONG_MINUTES ?? 3);
/** Allowed growth of resident memory between the first quarter of the conversion and its end. */
const RSS_GROWTH_LIMIT_MB = 40;

let folder: TemporaryFolder;
beforeAll(async () => {
  folder = await temporaryFolder();
});
afterAll(async () => {
  await folder.cleanup();
});

describe('streaming a long input', () => {
  it(
    `converts ${minutes} minutes of speech with flat memory`,
    async () => {
      const input = folder.file('long.flac');
      await ffmpegFixture([
        '-f',
        'lavfi',
        '-i',
        speechLikeLavfi(minutes * 60, VOICE_SAMPLE_RATE, 120),
        '-c:a',
        'flac',
        input,
      ]);
      const referenceFile = folder.file('reference.wav');
      await ffmpegFixture([
        '-f',
        'lavfi',
        '-i',
        speechLikeLavfi(8, VOICE_SAMPLE_RATE, 220),
        '-c:a',
        'pcm_s16le',
        referenceFile,
      ]);
      const target = await profileSpeech(memorySpeechSource(await decodeSpeech(referenceFile)));
      const source = await fileSpeechSource(input);
      const samples: { fraction: number; rssMb: number }[] = [];
      const output = folder.file('long-converted.wav');
      await convertSpeechToWav(source.open, target, output, {
        totalSeconds: source.durationSeconds ?? undefined,
        onProgress: (progress) => {
          if (progress.phase !== 'converting' || !progress.totalSeconds) return;
          samples.push({
            fraction: progress.processedSeconds / progress.totalSeconds,
            rssMb: process.memoryUsage().rss / 1e6,
          });
        },
      });
      const warm = samples
        .filter((sample) => sample.fraction > 0.1 && sample.fraction <= 0.25)
        .map((sample) => sample.rssMb);
      const late = samples.filter((sample) => sample.fraction > 0.25).map((sample) => sample.rssMb);
      const growth = Math.max(...late) - Math.max(...warm);
      console.info(
        JSON.stringify({
          minutes,
          warmRssMb: Math.max(...warm),
          peakRssMb: Math.max(...late),
          growthMb: growth,
        }),
      );
      expect(warm.length).toBeGreaterThan(10);
      expect(growth).toBeLessThan(RSS_GROWTH_LIMIT_MB);
      // The whole length came through: 16-bit mono at 22 050 Hz plus the 44-byte header.
      expect((await stat(output)).size).toBe(44 + 2 * Math.round(minutes * 60 * VOICE_SAMPLE_RATE));
    },
    twoHours ? 6 * 3600_000 : 600_000,
  );
});
