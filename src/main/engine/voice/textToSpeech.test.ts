// Text to speech: clause splitting (pure), espeak-ng through wasm (real synthesis), and text spoken
// in a reference voice (acceptance: median F0 within 10% of the reference's, speech of a
// plausible length for the words).
import { describe, expect, it } from 'vitest';
import { memorySpeechSource } from './audioFileSources';
import { convertSpeechTowards } from './dspVoiceConversion';
import { splitIntoClauses, synthesizeSpeech } from './textToSpeech';
import { speakerVoiceFor } from './voiceMatchJobs';
import { VOICE_SAMPLE_RATE } from './voiceFrameGeometry';
import {
  clippedSampleCount,
  concatenate,
  decodeSpeech,
  JFK,
  LJ_0001,
  LJ_0005,
  profileOf,
  sharedSpeech,
  sharedSpeechAvailable,
  SHARED_SPEECH_SKIP,
} from './testSupport/voiceTestMedia';

describe('splitIntoClauses', () => {
  it('cuts at punctuation followed by a space and gives each its pause', () => {
    expect(splitIntoClauses('Hello there, friend. Is it 3.5 dollars? Yes; fine: ok… Done')).toEqual([
      { text: 'Hello there,', pauseAfterMs: 200 },
      { text: 'friend.', pauseAfterMs: 450 },
      { text: 'Is it 3.5 dollars?', pauseAfterMs: 450 },
      { text: 'Yes;', pauseAfterMs: 300 },
      { text: 'fine:', pauseAfterMs: 300 },
      { text: 'ok…', pauseAfterMs: 600 },
      { text: 'Done', pauseAfterMs: 0 },
    ]);
  });

  it('pauses longer between paragraphs and ignores punctuation-only pieces', () => {
    expect(splitIntoClauses('First line.\n\n  Second -- line !!')).toEqual([
      { text: 'First line.', pauseAfterMs: 700 },
      { text: 'Second -- line!!', pauseAfterMs: 0 },
    ]);
    expect(splitIntoClauses(' ... ')).toEqual([]);
  });
});

/** Longest run of samples below −50 dBFS between `from` and `to` (seconds). */
function longestSilence(samples: Float32Array, from: number, to: number): number {
  let longest = 0;
  let run = 0;
  for (
    let index = Math.round(from * VOICE_SAMPLE_RATE);
    index < Math.round(to * VOICE_SAMPLE_RATE);
    index++
  ) {
    run = Math.abs(samples[index] ?? 0) < 0.003 ? run + 1 : 0;
    longest = Math.max(longest, run);
  }
  return longest / VOICE_SAMPLE_RATE;
}

describe('synthesizeSpeech (espeak-ng wasm)', () => {
  it('speaks each clause and puts the punctuation pause between them', async () => {
    const speech = await synthesizeSpeech('We choose to go, to the moon. And do the other things.');
    expect(speech.sampleRate).toBe(VOICE_SAMPLE_RATE);
    expect(speech.clauses.map((clause) => clause.text)).toEqual([
      'We choose to go,',
      'to the moon.',
      'And do the other things.',
    ]);
    const [first, second, third] = speech.clauses as [
      (typeof speech.clauses)[0],
      (typeof speech.clauses)[0],
      (typeof speech.clauses)[0],
    ];
    const seconds = (samples: number) => samples / VOICE_SAMPLE_RATE;
    const afterComma = longestSilence(
      speech.samples,
      seconds(first.endSample) - 0.05,
      seconds(second.startSample) + 0.05,
    );
    const afterStop = longestSilence(
      speech.samples,
      seconds(second.endSample) - 0.05,
      seconds(third.startSample) + 0.05,
    );
    expect(afterComma).toBeGreaterThanOrEqual(0.2);
    expect(afterStop).toBeGreaterThanOrEqual(0.45);
    expect(afterStop).toBeGreaterThan(afterComma + 0.2);
    // 11 words at ~165 words per minute plus pauses: 3–7 s.
    expect(speech.samples.length / VOICE_SAMPLE_RATE).toBeGreaterThan(3);
    expect(speech.samples.length / VOICE_SAMPLE_RATE).toBeLessThan(7);
  });

  it('refuses empty and overlong text with a clear message', async () => {
    await expect(synthesizeSpeech('   ')).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: /no text/,
    });
    await expect(synthesizeSpeech('a'.repeat(6000))).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: /at most 5000/,
    });
  });
});

describe.skipIf(!sharedSpeechAvailable)(
  sharedSpeechAvailable
    ? 'text to speech in a reference voice'
    : `text to speech in a reference voice (${SHARED_SPEECH_SKIP})`,
  () => {
    const text = 'Ask not what your country can do for you. Ask what you can do, for your country!';
    it.each([
      ['LJ Speech', [LJ_0001, LJ_0005]],
      ['JFK', [JFK]],
    ])('speaks typed text with the median pitch of %s', async (_name, references) => {
      const reference = await profileOf(
        concatenate(await Promise.all(references.map((file) => decodeSpeech(sharedSpeech(file))))),
      );
      const speech = await synthesizeSpeech(text, { voice: speakerVoiceFor(reference) });
      const parts: Float32Array[] = [];
      await convertSpeechTowards(
        memorySpeechSource(speech.samples),
        reference,
        async (samples) => void parts.push(samples.slice()),
      );
      const output = concatenate(parts);
      const spoken = await profileOf(output);
      const figures = {
        referenceF0: reference.f0!.medianHz,
        outputF0: spoken.f0!.medianHz,
        f0Error: spoken.f0!.medianHz / reference.f0!.medianHz - 1,
        seconds: output.length / VOICE_SAMPLE_RATE,
        voicedSeconds: spoken.voicedSeconds,
      };
      console.info(JSON.stringify(figures));
      expect(Math.abs(figures.f0Error)).toBeLessThan(0.1);
      // 18 words: intelligible speech runs ~2–4 words per second, plus the pauses.
      expect(figures.seconds).toBeGreaterThan(18 / 4);
      expect(figures.seconds).toBeLessThan(18 / 2 + 2);
      expect(figures.voicedSeconds / figures.seconds).toBeGreaterThan(0.3);
      expect(clippedSampleCount(output)).toBe(0);
    });
  },
);
