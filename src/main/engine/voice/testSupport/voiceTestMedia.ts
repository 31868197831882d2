// Test-only helpers for the voice engine: the shared speech clips (tests skip with a message when
// ../shared/media is absent), decoding to the voice rate, generated fixtures (made by ffmpeg at run
// time into a temporary folder), and the measurements the acceptance criteria are stated in.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeAudioFile } from '../../../media/audioPcmStream';
import { locateFfmpeg } from '../../../media/ffmpegLocator';
import { runProcess } from '../../../media/runProcess';
import { memorySpeechSource } from '../audioFileSources';
import { profileSpeech } from '../dspVoiceConversion';
import type { SpeechProfile } from '../speechProfile';
import { VOICE_SAMPLE_RATE } from '../voiceFrameGeometry';

const repositoryRoot = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../../..');
export const SHARED_SPEECH_DIR = path.resolve(repositoryRoot, '../shared/media/speech');
export const sharedSpeechAvailable = existsSync(path.join(SHARED_SPEECH_DIR, 'jfk_inaugural_16k.wav'));
export const SHARED_SPEECH_SKIP = `shared speech clips not found at ${SHARED_SPEECH_DIR}: the acceptance tests need ../shared/media/speech`;

export function sharedSpeech(name: string): string {
  return path.join(SHARED_SPEECH_DIR, name);
}

export const JFK = 'jfk_inaugural_16k.wav';
export const LJ_0001 = 'ljspeech_LJ001-0001.wav';
export const LJ_0005 = 'ljspeech_LJ001-0005.wav';
export const GRID_MALE = 'grid_bbaf2n_male_16k.wav';

export async function decodeSpeech(filePath: string): Promise<Float32Array> {
  return decodeAudioFile(filePath, { sampleRate: VOICE_SAMPLE_RATE });
}

export function concatenate(parts: readonly Float32Array[]): Float32Array {
  const total = parts.reduce((sum, part) => sum + part.length, 0);
  const joined = new Float32Array(total);
  let offset = 0;
  for (const part of parts) {
    joined.set(part, offset);
    offset += part.length;
  }
  return joined;
}

export async function profileOf(samples: Float32Array): Promise<SpeechProfile> {
  return profileSpeech(memorySpeechSource(samples));
}

/** Samples at (or beyond) 16-bit full scale: what "clipped" means for a WAV we write. */
export function clippedSampleCount(samples: Float32Array): number {
  let clipped = 0;
  for (const sample of samples) if (Math.abs(sample) >= 32767 / 32768) clipped++;
  return clipped;
}

export interface TemporaryFolder {
  dir: string;
  file(name: string): string;
  cleanup(): Promise<void>;
}

export async function temporaryFolder(prefix = 'doppel-voice-test-'): Promise<TemporaryFolder> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  return {
    dir,
    file: (name) => path.join(dir, name),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

/** Runs ffmpeg to make a fixture (tests may spawn; this goes through src/main/media). */
export async function ffmpegFixture(args: string[]): Promise<void> {
  await runProcess(await locateFfmpeg(), ['-hide_banner', '-nostdin', '-v', 'error', '-y', ...args], {
    label: 'ffmpeg (voice test fixture)',
  });
}

/**
 * A speech-like synthetic signal from lavfi: a harmonic source (±6% around f0Hz) with slow intonation,
 * syllable-rate loudness and short noise bursts, so every part of the pipeline has work to do.
 */
export function speechLikeLavfi(seconds: number, sampleRate = VOICE_SAMPLE_RATE, f0Hz = 140): string {
  const phase = `(${f0Hz}*t+${(f0Hz / 17).toFixed(2)}*sin(2*PI*0.4*t))`;
  const voice = `(sin(2*PI*${phase})+0.6*sin(4*PI*${phase})+0.4*sin(6*PI*${phase})+0.2*sin(10*PI*${phase}))`;
  const syllables = '(0.55+0.45*sin(2*PI*3.3*t))';
  const bursts = '(gt(sin(2*PI*1.1*t)\\,0.93)*(random(0)-0.5))';
  // Commas inside a filter option must be escaped (\,) or the filtergraph parser splits there.
  return `aevalsrc=0.12*${syllables}*${voice}+0.3*${bursts}:s=${sampleRate}:d=${seconds}`;
}
