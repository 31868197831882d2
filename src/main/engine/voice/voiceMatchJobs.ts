// The voice jobs the service and the CLI run: speech (a file span or typed text) converted towards a
// target voice and written as a WAV, streaming end to end. Writing goes through WavFileWriter, which
// only puts the file in place once it is complete: a failure or a cancel leaves nothing behind.
import { StudioError } from '../../../shared/errors';
import { WavFileWriter } from '../../media/wavFileWriter';
import { memorySpeechSource } from './audioFileSources';
import { convertSpeechTowards, type PcmChunkSource, type VoicePassProgress } from './dspVoiceConversion';
import type { SpeechProfile } from './speechProfile';
import { synthesizeSpeech, type SpeakerVoice } from './textToSpeech';
import { VOICE_SAMPLE_RATE } from './voiceFrameGeometry';
import type { VoiceMatchPlan } from './voiceMatchPlan';
import type { VoiceOutputProvenance, VoiceProvenanceSummary } from './voiceProvenance';

export interface VoiceJobOptions {
  signal?: AbortSignal;
  onProgress?: (progress: VoicePassProgress) => void;
  /** Watermarks the samples and signs the finished file (voiceProvenance.ts); tests of the DSP alone leave it out. */
  provenance?: VoiceOutputProvenance;
}

export interface VoiceJobResult {
  outputPath: string;
  sampleCount: number;
  durationSeconds: number;
  sampleRate: number;
  plan: VoiceMatchPlan;
  sourceProfile: SpeechProfile;
  provenance: VoiceProvenanceSummary | null;
}

/** espeak's female variant above this target median F0, its male voice below. */
const FEMALE_VOICE_F0_HZ = 165;

/** Converts `source` towards `target` into a 16-bit mono WAV at `outputPath`. */
export async function convertSpeechToWav(
  source: PcmChunkSource,
  target: SpeechProfile,
  outputPath: string,
  options: VoiceJobOptions & { label?: string; totalSeconds?: number } = {},
): Promise<VoiceJobResult> {
  const writer = await WavFileWriter.create(outputPath, {
    sampleRate: VOICE_SAMPLE_RATE,
    channels: 1,
    sampleFormat: 'pcm16',
  });
  try {
    const provenance = options.provenance;
    const sink = provenance
      ? (samples: Float32Array) => writer.write(provenance.watermark(samples, VOICE_SAMPLE_RATE))
      : (samples: Float32Array) => writer.write(samples);
    const result = await convertSpeechTowards(source, target, sink, {
      signal: options.signal,
      onProgress: options.onProgress,
      totalSeconds: options.totalSeconds,
      label: options.label,
    });
    await writer.close();
    const signed = provenance ? await provenance.sign(outputPath) : null;
    return {
      outputPath,
      sampleCount: result.sampleCount,
      durationSeconds: result.durationSeconds,
      sampleRate: VOICE_SAMPLE_RATE,
      plan: result.plan,
      sourceProfile: result.sourceProfile,
      provenance: signed,
    };
  } catch (error) {
    await writer.abort();
    throw error;
  }
}

/** The espeak voice closest to the target: its formants start nearer, so less warping is needed. */
export function speakerVoiceFor(target: SpeechProfile): SpeakerVoice {
  return (target.f0?.medianHz ?? 0) >= FEMALE_VOICE_F0_HZ ? 'female' : 'male';
}

/** Speaks `text` with espeak-ng, converts it towards `target`, writes a WAV at `outputPath`. */
export async function speakTextToWav(
  text: string,
  target: SpeechProfile,
  outputPath: string,
  options: VoiceJobOptions = {},
): Promise<VoiceJobResult> {
  if (!target.f0)
    throw new StudioError('INVALID_ARGUMENT', 'The target voice has no pitch analysis to speak with.');
  const speech = await synthesizeSpeech(text, { voice: speakerVoiceFor(target) });
  return convertSpeechToWav(memorySpeechSource(speech.samples), target, outputPath, {
    ...options,
    label: 'the typed text',
    totalSeconds: speech.samples.length / VOICE_SAMPLE_RATE,
  });
}
