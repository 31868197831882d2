// The RVC job the CLI and the service run: speech from a file (or typed text, spoken by espeak-ng
// first) converted by an RVC v2 voice model into a WAV at the model's rate. Models are loaded and
// checked before any audio is read; the output appears only once complete.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InferenceSessionPool } from '../../inference/sessionPool';
import { WavFileWriter } from '../../../media/wavFileWriter';
import { fileSpeechSource } from '../audioFileSources';
import type { SpeechProfile } from '../speechProfile';
import { synthesizeSpeech } from '../textToSpeech';
import { VOICE_SAMPLE_RATE } from '../voiceFrameGeometry';
import { speakerVoiceFor } from '../voiceMatchJobs';
import type { VoiceOutputProvenance, VoiceProvenanceSummary } from '../voiceProvenance';
import { CONTENTVEC_SAMPLE_RATE, loadRvcModels, type RvcModelPaths } from './rvcModels';
import { convertWithRvc } from './rvcVoiceConversion';

export interface RvcJobRequest {
  inputPath?: string;
  /** A span of `inputPath` (a clip's in and out points); none = the whole file. */
  startUs?: number;
  endUs?: number;
  text?: string;
  models: RvcModelPaths & { transposeSemitones: number };
  /** The reference voice's profile: F0 is moved onto its median (null: only the transpose). */
  target: SpeechProfile | null;
  outputPath: string;
  signal?: AbortSignal;
  onProgress?: (processedSeconds: number) => void;
  /** Watermarks the samples and signs the finished file (voiceProvenance.ts). */
  provenance?: VoiceOutputProvenance;
}

export interface RvcJobResult {
  outputPath: string;
  sampleRate: number;
  sampleCount: number;
  sourceProfile: SpeechProfile;
  provenance: VoiceProvenanceSummary | null;
}

export async function convertWithRvcToWav(request: RvcJobRequest): Promise<RvcJobResult> {
  const pool = new InferenceSessionPool();
  const scratch = await mkdtemp(join(tmpdir(), 'doppel-rvc-'));
  let writer: WavFileWriter | null = null;
  try {
    const models = await loadRvcModels(pool, request.models);
    try {
      let inputPath = request.inputPath;
      if (request.text !== undefined) {
        // espeak speaks at 22.05 kHz; a WAV lets ffmpeg give ContentVec its 16 kHz.
        const speech = await synthesizeSpeech(request.text, {
          voice: request.target ? speakerVoiceFor(request.target) : 'male',
        });
        inputPath = join(scratch, 'typed-text.wav');
        const spoken = await WavFileWriter.create(inputPath, {
          sampleRate: VOICE_SAMPLE_RATE,
          channels: 1,
          sampleFormat: 'float32',
        });
        await spoken.write(speech.samples);
        await spoken.close();
      }
      const source = await fileSpeechSource(inputPath as string, {
        signal: request.signal,
        ...(request.text === undefined ? { startUs: request.startUs, endUs: request.endUs } : {}),
      });
      const result = await convertWithRvc(
        models,
        source.open,
        source.openAtRate(CONTENTVEC_SAMPLE_RATE),
        async (sampleRate) => {
          writer = await WavFileWriter.create(request.outputPath, {
            sampleRate,
            channels: 1,
            sampleFormat: 'pcm16',
          });
          const opened = writer;
          const provenance = request.provenance;
          return provenance
            ? (samples) => opened.write(provenance.watermark(samples, sampleRate))
            : (samples) => opened.write(samples);
        },
        {
          transposeSemitones: request.models.transposeSemitones,
          target: request.target,
          signal: request.signal,
          onProgress: request.onProgress,
        },
      );
      await (writer as WavFileWriter | null)?.close();
      const signed = request.provenance ? await request.provenance.sign(request.outputPath) : null;
      return { outputPath: request.outputPath, ...result, provenance: signed };
    } finally {
      models.dispose();
    }
  } catch (error) {
    await (writer as WavFileWriter | null)?.abort();
    throw error;
  } finally {
    pool.dispose();
    await rm(scratch, { recursive: true, force: true });
  }
}
