// Everything both lip-sync engines need about one clip, loaded once per worker: the face track
// (from the cached face analysis), how the analysed picture sits in the output frames, the
// video's frame rate, and the new speech decoded to 16 kHz mono over the span it plays.
// Frame timing: output frame -> source frame index (to find the face) from the frame's source
// time; output frame -> speech time from its timeline time, relative to where the speech starts.
import { analysisFrameIndexAt, outputFrameMicroseconds } from '../face/analysisFrameIndex';
import { readFile } from 'node:fs/promises';
import { StudioError } from '../../../shared/errors';
import type { Rational } from '../../../shared/time';
import { decodeAudioFile } from '../../media/audioPcmStream';
import { faceAnalysisSchema, type FaceAnalysis } from '../face/faceAnalysisResult';
import { fitIntoFrame, trackMeshesFromAnalysis, type FrameFit, type TrackMeshes } from './faceTrackMeshes';
import type { ResolvedLipSync } from './lipSyncParams';

/** 16 kHz mono: what both engines analyse (Wav2Lip's rate). */
export const LIP_SYNC_AUDIO_RATE = 16_000;
/** Longest speech one lip-sync effect decodes into memory (16 kHz float: ~115 KB per second). */
const MAX_SPEECH_SECONDS = 3 * 3600;

export interface LipSyncClip {
  track: TrackMeshes;
  fit: FrameFit;
  /** The video's own frame rate (source frame indexes). */
  fps: Rational;
  /** A variable-frame-rate video's frame times (see faceAnalysisResult.ts). */
  frameTimesUs?: number[];
  /** One output frame of the render, µs (0 for a single preview frame; see analysisFrameIndex.ts). */
  outputFrameUs: number;
  /** The speech, from the moment it starts playing on the timeline. */
  speech: Float32Array;
  resolved: ResolvedLipSync;
  frameWidth: number;
  frameHeight: number;
}

export async function readFaceAnalysisFile(path: string): Promise<FaceAnalysis> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new StudioError(
      'FILE_NOT_FOUND',
      `The face analysis ${path} cannot be read: analyse the clip's faces again.`,
      {
        cause: error,
      },
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const parsed = faceAnalysisSchema.safeParse(json);
  if (!parsed.success) {
    throw new StudioError(
      'MEDIA_UNREADABLE',
      `The face analysis ${path} is not in this studio's format: analyse the clip again.`,
    );
  }
  return parsed.data;
}

export async function loadLipSyncClip(
  resolved: ResolvedLipSync,
  trackId: number | null,
  frame: { width: number; height: number; outputFrameRate?: Rational },
  signal?: AbortSignal,
): Promise<LipSyncClip> {
  const analysis = await readFaceAnalysisFile(resolved.facesPath);
  const track = trackMeshesFromAnalysis(analysis, trackId, `"${resolved.video.path}"`);
  const audio = resolved.audio;
  const spanUs = audio.endUs - audio.startUs;
  const speech =
    spanUs > 0
      ? await decodeAudioFile(audio.path, {
          sampleRate: LIP_SYNC_AUDIO_RATE,
          ...(audio.inUs > 0 ? { startUs: audio.inUs } : {}),
          durationUs: spanUs,
          maxSeconds: MAX_SPEECH_SECONDS,
          ...(signal ? { signal } : {}),
        })
      : new Float32Array(0);
  return {
    track,
    fit: fitIntoFrame(analysis.width, analysis.height, frame.width, frame.height),
    fps: analysis.fps ?? { num: 25, den: 1 },
    ...(analysis.frameTimesUs === undefined ? {} : { frameTimesUs: analysis.frameTimesUs }),
    outputFrameUs: outputFrameMicroseconds(frame.outputFrameRate),
    speech,
    resolved,
    frameWidth: frame.width,
    frameHeight: frame.height,
  };
}

/** The source frame shown at `sourceUs` (the frame whose span contains it). */
export function sourceFrameIndex(clip: LipSyncClip, sourceUs: number): number {
  return analysisFrameIndexAt(clip, sourceUs, clip.outputFrameUs);
}

/** Seconds into the decoded speech at timeline time `timelineUs` (negative before it starts). */
export function speechSeconds(clip: LipSyncClip, timelineUs: number): number {
  return (timelineUs - clip.resolved.audio.startUs) / 1_000_000;
}

export function frameSeconds(clip: LipSyncClip): number {
  return clip.fps.den / clip.fps.num;
}
