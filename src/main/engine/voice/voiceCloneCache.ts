// The Voice clone effect's converted sound, cached in the project cache as
// `<cacheDir>/voice-clone/<key>.wav`. The key covers everything the result depends on: the source
// file's content (sha256) and the span read from it, the target voice's analysis, the engine and
// the conversion's version. A re-render with nothing changed reuses the file; a trim, another
// voice or new reference speech makes a new one. Files appear only once complete (WavFileWriter),
// so an interrupted conversion leaves nothing that could be mistaken for a result.
import { createHash } from 'node:crypto';
import { access, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { StudioError } from '../../../shared/errors';
import { fileSpeechSource } from './audioFileSources';
import type { VoicePassProgress } from './dspVoiceConversion';
import { SPEECH_PROFILE_VERSION, type SpeechProfile } from './speechProfile';
import { convertSpeechToWav } from './voiceMatchJobs';
import { convertWithRvcToWav } from './rvc/rvcJobs';

/** The rvc engine's installed files, with their digests (a different model file is a new result). */
export interface VoiceCloneRvcFiles {
  modelPath: string;
  contentVecPath: string;
  rmvpePath?: string;
  sha256s: string[];
}

/** Bump when the conversion's output changes for the same inputs: old cache files are then ignored. */
const VOICE_CLONE_CACHE_VERSION = 1;

export interface VoiceCloneConversionRequest {
  cacheDir: string;
  source: { path: string; sha256: string; name: string };
  /** The span of the source's audio to convert (its own time). */
  span: { startUs: number; endUs: number };
  target: SpeechProfile;
  engine: 'dsp' | 'rvc';
  /** Required with the rvc engine. */
  rvc?: VoiceCloneRvcFiles;
  signal?: AbortSignal;
  onProgress?: (progress: VoicePassProgress) => void;
}

export interface VoiceCloneConversion {
  path: string;
  /** True when the file was already in the cache. */
  reused: boolean;
}

export function voiceCloneCacheKey(request: Omit<VoiceCloneConversionRequest, 'cacheDir'>): string {
  const targetDigest = createHash('sha256').update(JSON.stringify(request.target)).digest('hex');
  return createHash('sha256')
    .update(
      JSON.stringify({
        version: VOICE_CLONE_CACHE_VERSION,
        profileVersion: SPEECH_PROFILE_VERSION,
        source: request.source.sha256,
        span: [request.span.startUs, request.span.endUs],
        target: targetDigest,
        engine: request.engine,
        models: request.engine === 'rvc' ? (request.rvc?.sha256s ?? []) : [],
      }),
    )
    .digest('hex');
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/** The span converted towards the target voice: from the cache, or converted now (and cached). */
export async function convertedVoiceCloneSpan(
  request: VoiceCloneConversionRequest,
): Promise<VoiceCloneConversion> {
  const { span } = request;
  if (span.endUs <= span.startUs) {
    throw new StudioError(
      'INVALID_ARGUMENT',
      `The span of "${request.source.name}" to convert is empty (${span.startUs}–${span.endUs} µs).`,
    );
  }
  const folder = join(request.cacheDir, 'voice-clone');
  const path = join(folder, `${voiceCloneCacheKey(request)}.wav`);
  if (await exists(path)) return { path, reused: true };
  try {
    await mkdir(folder, { recursive: true });
  } catch (error) {
    throw new StudioError('PERMISSION_DENIED', `Cannot create the voice clone cache folder ${folder}.`, {
      cause: error,
    });
  }
  if (request.engine === 'rvc') {
    if (!request.rvc)
      throw new StudioError('INTERNAL', 'The rvc engine was asked for without its model files.');
    const { modelPath, contentVecPath, rmvpePath } = request.rvc;
    await convertWithRvcToWav({
      inputPath: request.source.path,
      startUs: span.startUs,
      endUs: span.endUs,
      models: { modelPath, contentVecPath, ...(rmvpePath ? { rmvpePath } : {}), transposeSemitones: 0 },
      target: request.target,
      outputPath: path,
      signal: request.signal,
      onProgress: (seconds) =>
        request.onProgress?.({ phase: 'converting', processedSeconds: seconds, totalSeconds: null }),
    });
    return { path, reused: false };
  }
  const source = await fileSpeechSource(request.source.path, {
    startUs: span.startUs,
    endUs: span.endUs,
    signal: request.signal,
    label: request.source.name,
  });
  await convertSpeechToWav(source.open, request.target, path, {
    signal: request.signal,
    onProgress: request.onProgress,
    label: source.label,
    totalSeconds: source.durationSeconds ?? undefined,
  });
  return { path, reused: false };
}
