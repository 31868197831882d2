// Acceptance of the offline voice match (issue 6) on real speech from ../shared/media/speech:
// LJ Speech (female) towards JFK (male) and back, plus a true octave shift (GRID male towards
// LJ Speech). Figures are measured with the same analysis the engine uses; the LTAS distance is the
// one defined in longTermSpectrum.ts (40 log-mel bands 80 Hz–7.6 kHz, level-independent RMS dB).
import { beforeAll, describe, expect, it } from 'vitest';
import { memorySpeechSource } from './audioFileSources';
import {
  convertSpeechTowards,
  renderConvertedSpeech,
  type VoiceConversionResult,
} from './dspVoiceConversion';
import { longTermSpectralDistanceDb } from './longTermSpectrum';
import type { SpeechProfile } from './speechProfile';
import { identityVoiceMatchPlan } from './voiceMatchPlan';
import {
  clippedSampleCount,
  concatenate,
  decodeSpeech,
  GRID_MALE,
  JFK,
  LJ_0001,
  LJ_0005,
  profileOf,
  sharedSpeech,
  sharedSpeechAvailable,
  SHARED_SPEECH_SKIP,
} from './testSupport/voiceTestMedia';

interface Measured {
  result: VoiceConversionResult;
  output: Float32Array;
  input: SpeechProfile;
  converted: SpeechProfile;
  reference: SpeechProfile;
}

async function convert(
  inputSamples: Float32Array,
  reference: SpeechProfile,
  chunk = 16_384,
): Promise<Measured> {
  const parts: Float32Array[] = [];
  const result = await convertSpeechTowards(
    memorySpeechSource(inputSamples, chunk),
    reference,
    async (samples) => {
      parts.push(samples.slice());
    },
  );
  const output = concatenate(parts);
  return { result, output, input: result.sourceProfile, converted: await profileOf(output), reference };
}

function acceptance(measured: Measured, inputLength: number) {
  const { input, converted, reference, output } = measured;
  const before = longTermSpectralDistanceDb(input.melLtasDb, reference.melLtasDb);
  const after = longTermSpectralDistanceDb(converted.melLtasDb, reference.melLtasDb);
  const figures = {
    inputF0: input.f0!.medianHz,
    referenceF0: reference.f0!.medianHz,
    outputF0: converted.f0!.medianHz,
    f0Error: converted.f0!.medianHz / reference.f0!.medianHz - 1,
    ltasBefore: before,
    ltasAfter: after,
    ltasDrop: 1 - after / before,
    durationError: output.length / inputLength - 1,
    clipped: clippedSampleCount(output),
    voicedRatio: converted.voicedSeconds / input.voicedSeconds,
  };
  // Printed so the closing note can quote the figures (vitest shows console output).
  console.info(JSON.stringify(figures));
  expect(Math.abs(figures.f0Error)).toBeLessThan(0.1);
  expect(figures.ltasDrop).toBeGreaterThanOrEqual(0.4);
  expect(Math.abs(figures.durationError)).toBeLessThan(0.01);
  expect(figures.clipped).toBe(0);
  expect(Math.abs(figures.voicedRatio - 1)).toBeLessThan(0.1);
  return figures;
}

describe.skipIf(!sharedSpeechAvailable)(
  sharedSpeechAvailable
    ? 'DSP voice match on real speech'
    : `DSP voice match on real speech (${SHARED_SPEECH_SKIP})`,
  () => {
    let jfk: Float32Array;
    let ljFirst: Float32Array;
    let ljBoth: Float32Array;
    let jfkProfile: SpeechProfile;
    let ljProfile: SpeechProfile;

    beforeAll(async () => {
      jfk = await decodeSpeech(sharedSpeech(JFK));
      ljFirst = await decodeSpeech(sharedSpeech(LJ_0001));
      ljBoth = concatenate([ljFirst, await decodeSpeech(sharedSpeech(LJ_0005))]);
      jfkProfile = await profileOf(jfk);
      ljProfile = await profileOf(ljBoth);
    });

    it('resynthesises speech faithfully when asked to change nothing (the vocoder alone)', async () => {
      const parts: Float32Array[] = [];
      await renderConvertedSpeech(
        memorySpeechSource(ljFirst),
        identityVoiceMatchPlan(),
        async (samples) => void parts.push(samples.slice()),
      );
      const output = concatenate(parts);
      const input = await profileOf(ljFirst);
      const resynthesised = await profileOf(output);
      expect(output.length).toBe(ljFirst.length);
      expect(longTermSpectralDistanceDb(resynthesised.melLtasDb, input.melLtasDb)).toBeLessThan(1.5);
      expect(Math.abs(resynthesised.f0!.medianHz / input.f0!.medianHz - 1)).toBeLessThan(0.02);
      expect(resynthesised.voicedSeconds / input.voicedSeconds).toBeGreaterThan(0.95);
    });

    it('LJ Speech (female) towards JFK (male) meets the acceptance figures', async () => {
      acceptance(await convert(ljFirst, jfkProfile), ljFirst.length);
    });

    it('JFK (male) towards LJ Speech (female) meets the acceptance figures', async () => {
      acceptance(await convert(jfk, ljProfile), jfk.length);
    });

    it('shifts a low male voice up an octave onto the reference (GRID man towards LJ Speech)', async () => {
      const grid = await decodeSpeech(sharedSpeech(GRID_MALE));
      const measured = await convert(grid, ljProfile);
      console.info(
        JSON.stringify({
          inputF0: measured.input.f0!.medianHz,
          outputF0: measured.converted.f0!.medianHz,
          referenceF0: ljProfile.f0!.medianHz,
        }),
      );
      expect(measured.input.f0!.medianHz).toBeLessThan(0.6 * ljProfile.f0!.medianHz);
      expect(Math.abs(measured.converted.f0!.medianHz / ljProfile.f0!.medianHz - 1)).toBeLessThan(0.1);
      expect(measured.output.length).toBe(grid.length);
      expect(clippedSampleCount(measured.output)).toBe(0);
    });

    it('renders the same samples whatever the block size, in both pass layouts (no clicks at block joins)', async () => {
      const clip = ljFirst.subarray(0, 4 * 22_050);
      const large = await convert(clip, jfkProfile, 65_536);
      const odd = await convert(clip, jfkProfile, 1_234);
      expect(Array.from(odd.output)).toEqual(Array.from(large.output));
      // The streaming layout (long inputs: analyse twice instead of caching frames) is just as
      // independent of how the input is cut.
      const streamed = async (chunk: number) => {
        const parts: Float32Array[] = [];
        const sink = async (samples: Float32Array) => void parts.push(samples.slice());
        await convertSpeechTowards(memorySpeechSource(clip, chunk), jfkProfile, sink, { totalSeconds: 3600 });
        return concatenate(parts);
      };
      const streamedLarge = await streamed(50_000);
      const streamedOdd = await streamed(4_321);
      expect(streamedOdd.length).toBe(clip.length);
      expect(Array.from(streamedOdd)).toEqual(Array.from(streamedLarge));
      // And no discontinuity at any 1 234-sample block edge stands out from the signal's own steps.
      const steps = Array.from(odd.output.subarray(1), (value, index) =>
        Math.abs(value - odd.output[index]!),
      );
      steps.sort((a, b) => a - b);
      const typicalLargeStep = steps[Math.floor(steps.length * 0.999)]!;
      for (let edge = 1_234; edge < odd.output.length; edge += 1_234) {
        expect(Math.abs(odd.output[edge]! - odd.output[edge - 1]!)).toBeLessThanOrEqual(typicalLargeStep);
      }
    });
  },
);
