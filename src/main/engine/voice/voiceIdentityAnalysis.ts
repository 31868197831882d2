// Builds a voice identity's analysis from its reference speech: one SpeechProfile over all the
// references (10–60 s recommended), with the checks that keep a useless reference out: too short,
// silent, or without voiced speech. Every refusal names the file and says what is wrong; a short
// but usable reference passes with a warning the identity panel shows.
import { StudioError } from '../../../shared/errors';
import type { PcmChunkSource } from './dspVoiceConversion';
import { SpeechProfileAccumulator, type SpeechProfile } from './speechProfile';
import { StreamingVoiceAnalyzer } from './streamingVoiceAnalyzer';
import { FRAME_HOP, VOICE_SAMPLE_RATE } from './voiceFrameGeometry';

export const MIN_REFERENCE_SECONDS = 3;
export const RECOMMENDED_REFERENCE_SECONDS = 10;
/** Beyond this, more reference adds nothing to the statistics: reading stops. */
export const MAX_ANALYSED_REFERENCE_SECONDS = 120;
/** A reference whose loudest sample is below this is silence (or a muted track). */
const SILENT_PEAK_DBFS = -50;
const MIN_VOICED_SECONDS_PER_SOURCE = 0.3;
const MIN_VOICED_SECONDS_TOTAL = 1;
/** Silence put between references so one's end does not blend into the next's start. */
const GAP_SECONDS = 0.1;

export interface VoiceReferenceSource {
  /** Names the reference in messages ("jfk.wav", "clip.mp4 (0:03–0:20)"). */
  label: string;
  open: PcmChunkSource;
}

export interface ReferenceSourceSummary {
  label: string;
  durationSeconds: number;
  voicedSeconds: number;
  peakDbfs: number;
}

export interface VoiceReferenceAnalysis {
  profile: SpeechProfile;
  sources: ReferenceSourceSummary[];
  /** Usable but worth fixing (e.g. less than 10 s of speech). */
  warnings: string[];
}

export interface ReferenceAnalysisOptions {
  signal?: AbortSignal;
  onProgress?: (analysedSeconds: number) => void;
}

function formatSeconds(seconds: number): string {
  return `${seconds.toFixed(seconds < 10 ? 2 : 1)} s`;
}

export async function analyseVoiceReferences(
  references: readonly VoiceReferenceSource[],
  options: ReferenceAnalysisOptions = {},
): Promise<VoiceReferenceAnalysis> {
  if (references.length === 0)
    throw new StudioError('INVALID_ARGUMENT', 'A voice identity needs at least one reference.');
  const profile = new SpeechProfileAccumulator();
  // Frames arrive ~0.2 s behind the samples; each is credited to the reference it falls in.
  const boundaries: { label: string; start: number; end: number; voicedFrames: number }[] = [];
  const analyzer = new StreamingVoiceAnalyzer({ aperiodicity: false }, (frame) => {
    profile.addFrame(frame);
    if (frame.f0Hz <= 0) return;
    const at = frame.index * FRAME_HOP;
    const owner = boundaries.find((entry) => at >= entry.start && at < entry.end);
    if (owner) owner.voicedFrames++;
  });
  const limit = MAX_ANALYSED_REFERENCE_SECONDS * VOICE_SAMPLE_RATE;
  const summaries: ReferenceSourceSummary[] = [];
  let total = 0;
  let truncated = false;
  for (const reference of references) {
    if (total >= limit) {
      truncated = true;
      break;
    }
    if (total > 0) {
      const gap = new Float32Array(Math.round(GAP_SECONDS * VOICE_SAMPLE_RATE));
      analyzer.push(gap);
      profile.pushSamples(gap);
      total += gap.length;
    }
    const entry = { label: reference.label, start: total, end: Infinity, voicedFrames: 0 };
    boundaries.push(entry);
    let samples = 0;
    let peak = 0;
    for await (const chunk of reference.open()) {
      if (options.signal?.aborted) throw new StudioError('CANCELLED', 'The voice analysis was cancelled.');
      const take = chunk.subarray(0, Math.max(0, Math.min(chunk.length, limit - total)));
      for (let index = 0; index < take.length; index++) peak = Math.max(peak, Math.abs(take[index]!));
      analyzer.push(take);
      profile.pushSamples(take);
      samples += take.length;
      total += take.length;
      options.onProgress?.(total / VOICE_SAMPLE_RATE);
      if (total >= limit) {
        truncated = take.length < chunk.length || truncated;
        break;
      }
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    entry.end = total;
    summaries.push({
      label: reference.label,
      durationSeconds: samples / VOICE_SAMPLE_RATE,
      voicedSeconds: 0,
      peakDbfs: 20 * Math.log10(peak + 1e-20),
    });
  }
  analyzer.finish();
  boundaries.forEach((entry, index) => {
    summaries[index]!.voicedSeconds = (entry.voicedFrames * FRAME_HOP) / VOICE_SAMPLE_RATE;
  });
  const result = profile.result();
  return { profile: result, sources: summaries, warnings: checkReferences(summaries, result, truncated) };
}

/** Throws for references that cannot make a voice; returns warnings for weak ones. */
function checkReferences(
  sources: ReferenceSourceSummary[],
  profile: SpeechProfile,
  truncated: boolean,
): string[] {
  for (const source of sources) {
    if (source.durationSeconds === 0) {
      throw new StudioError('MEDIA_UNREADABLE', `The reference "${source.label}" contains no audio samples.`);
    }
    if (source.peakDbfs < SILENT_PEAK_DBFS) {
      throw new StudioError(
        'INVALID_ARGUMENT',
        `The reference "${source.label}" is silent (its loudest sample is ${source.peakDbfs === -400 ? '-∞' : source.peakDbfs.toFixed(0)} dBFS): it has no speech to learn a voice from.`,
      );
    }
    if (source.voicedSeconds < MIN_VOICED_SECONDS_PER_SOURCE) {
      throw new StudioError(
        'INVALID_ARGUMENT',
        `The reference "${source.label}" has no voiced speech (${formatSeconds(source.voicedSeconds)} with a pitch): use a recording of someone talking.`,
      );
    }
  }
  const totalSeconds = sources.reduce((sum, source) => sum + source.durationSeconds, 0);
  if (totalSeconds < MIN_REFERENCE_SECONDS) {
    const which =
      sources.length === 1
        ? `The reference "${sources[0]!.label}" is only ${formatSeconds(totalSeconds)} long`
        : `The references (${sources.map((source) => `"${source.label}" ${formatSeconds(source.durationSeconds)}`).join(', ')}) add up to only ${formatSeconds(totalSeconds)}`;
    throw new StudioError(
      'INVALID_ARGUMENT',
      `${which}; a voice needs at least ${MIN_REFERENCE_SECONDS} s of speech (${RECOMMENDED_REFERENCE_SECONDS}–60 s recommended).`,
    );
  }
  if (profile.voicedSeconds < MIN_VOICED_SECONDS_TOTAL) {
    throw new StudioError(
      'INVALID_ARGUMENT',
      `The references hold only ${formatSeconds(profile.voicedSeconds)} of voiced speech; at least ${MIN_VOICED_SECONDS_TOTAL} s is needed.`,
    );
  }
  const warnings: string[] = [];
  if (totalSeconds < RECOMMENDED_REFERENCE_SECONDS) {
    warnings.push(
      `Only ${formatSeconds(totalSeconds)} of reference speech: ${RECOMMENDED_REFERENCE_SECONDS}–60 s gives a steadier voice match.`,
    );
  }
  if (truncated) {
    warnings.push(`Only the first ${MAX_ANALYSED_REFERENCE_SECONDS} s of reference speech were analysed.`);
  }
  return warnings;
}
