// The offline (DSP) voice match, end to end, streaming over the input:
//   pass 1    analyse the input speech into a SpeechProfile (F0 statistics, average spectra);
//   plan      F0 mapping, formant warp and equaliser towards the target profile (voiceMatchPlan);
//   calibrate render the first 12 s, measure its long-term spectrum, correct the equaliser;
//   pass 2    analyse again frame by frame and render (ConversionRenderer) into the sink.
// Memory is constant in the input length. Short inputs (≤ 45 s: clips, typed text) keep their
// analysis frames from pass 1, so calibration and pass 2 only synthesise.
// This is signal processing: it moves pitch, formants and timbre towards the reference speaker; it
// is not a neural "voice clone" (see the RVC adapter for that).
import { StudioError } from '../../../shared/errors';
import { ConversionRenderer, type ConvertibleFrame, type PcmChunkSink } from './conversionRenderer';
import { SpeechProfileAccumulator, type SpeechProfile } from './speechProfile';
import { frameCountFor, StreamingVoiceAnalyzer, type AnalysisFrame } from './streamingVoiceAnalyzer';
import { VOICE_SAMPLE_RATE } from './voiceFrameGeometry';
import { calibrateEqualizer, planVoiceMatch, type VoiceMatchPlan } from './voiceMatchPlan';

export type { PcmChunkSink } from './conversionRenderer';

/** Mono float32 at VOICE_SAMPLE_RATE; called once per pass, so it must be re-openable. */
export type PcmChunkSource = () => AsyncIterable<Float32Array>;

export interface VoicePassProgress {
  phase: 'analysing' | 'converting';
  processedSeconds: number;
  /** Known when the caller gave the input's duration. */
  totalSeconds: number | null;
}

export interface VoicePassOptions {
  signal?: AbortSignal;
  onProgress?: (progress: VoicePassProgress) => void;
  totalSeconds?: number;
  /** What the messages call the input ("speech.wav", "the typed text"). */
  label?: string;
}

export interface VoiceConversionResult {
  plan: VoiceMatchPlan;
  sourceProfile: SpeechProfile;
  sampleCount: number;
  durationSeconds: number;
}

/** The calibration render covers at most this much of the input (its start): enough speech for a steady LTAS. */
const CALIBRATION_SECONDS = 12;
/**
 * Inputs up to this long keep their analysis frames from pass 1 (Float32: ~0.8 MB per second,
 * 37 MB at the limit), so calibration and rendering only synthesise.
 */
const FRAME_CACHE_SECONDS = 45;
/** Hand the event loop back every so often, so a long conversion never starves other work. */
const YIELD_EVERY_MS = 40;

async function* withYields(
  chunks: AsyncIterable<Float32Array>,
  signal?: AbortSignal,
): AsyncGenerator<Float32Array> {
  let last = performance.now();
  for await (const chunk of chunks) {
    if (signal?.aborted) throw new StudioError('CANCELLED', 'Voice conversion was cancelled.');
    yield chunk;
    if (performance.now() - last > YIELD_EVERY_MS) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      last = performance.now();
    }
  }
}

/** Frames of a short input, kept from pass 1 (as Float32Arrays, ~0.8 MB per second). */
interface FrameCache {
  frames: ConvertibleFrame[];
  sampleCount: number;
}

interface ProfilePass {
  profile: SpeechProfile;
  cache: FrameCache | null;
}

async function runProfilePass(
  source: PcmChunkSource,
  keepFrames: boolean,
  options: VoicePassOptions,
): Promise<ProfilePass> {
  const profile = new SpeechProfileAccumulator();
  const limit = FRAME_CACHE_SECONDS * VOICE_SAMPLE_RATE;
  let kept: ConvertibleFrame[] | null = keepFrames ? [] : null;
  // Frames kept for reuse need everything; statistics of a long input need every other envelope.
  const analyzer = new StreamingVoiceAnalyzer(
    { aperiodicity: keepFrames, envelopeEvery: keepFrames ? 1 : 2 },
    (frame) => {
      profile.addFrame(frame);
      kept?.push(compactFrame(frame));
    },
  );
  for await (const chunk of withYields(source(), options.signal)) {
    profile.pushSamples(chunk);
    analyzer.push(chunk);
    if (kept && analyzer.sampleCount > limit) kept = null;
    options.onProgress?.({
      phase: 'analysing',
      processedSeconds: analyzer.sampleCount / VOICE_SAMPLE_RATE,
      totalSeconds: options.totalSeconds ?? null,
    });
  }
  analyzer.finish();
  return {
    profile: profile.result(),
    cache: kept ? { frames: kept, sampleCount: analyzer.sampleCount } : null,
  };
}

function convertible(frame: AnalysisFrame): ConvertibleFrame {
  if (!frame.logEnvelope)
    throw new StudioError('INTERNAL', `voice analysis skipped the envelope of frame ${frame.index}`);
  return frame as ConvertibleFrame;
}

function compactFrame(frame: AnalysisFrame): ConvertibleFrame {
  return {
    f0Hz: frame.f0Hz,
    logEnvelope: Float32Array.from(convertible(frame).logEnvelope),
    aperiodicity: frame.aperiodicity ? Float32Array.from(frame.aperiodicity) : null,
  };
}

/** Pass 1 (and reference analysis): streams speech into its SpeechProfile. */
export async function profileSpeech(
  source: PcmChunkSource,
  options: VoicePassOptions = {},
): Promise<SpeechProfile> {
  return (await runProfilePass(source, false, options)).profile;
}

/** Analyses and renders a whole source with `plan` (pass 2, streaming). */
export async function renderConvertedSpeech(
  source: PcmChunkSource,
  plan: VoiceMatchPlan,
  sink: PcmChunkSink,
  options: VoicePassOptions = {},
): Promise<number> {
  const renderer = new ConversionRenderer(plan, sink);
  const analyzer = new StreamingVoiceAnalyzer({ aperiodicity: true }, (frame) =>
    renderer.pushFrame(convertible(frame)),
  );
  for await (const chunk of withYields(source(), options.signal)) {
    analyzer.push(chunk);
    await renderer.flushReady();
    options.onProgress?.({
      phase: 'converting',
      processedSeconds: analyzer.sampleCount / VOICE_SAMPLE_RATE,
      totalSeconds: options.totalSeconds ?? null,
    });
  }
  analyzer.finish();
  return renderer.finish(analyzer.sampleCount);
}

/** Renders cached frames with `plan` (no analysis). */
async function renderCachedFrames(
  cache: FrameCache,
  plan: VoiceMatchPlan,
  sink: PcmChunkSink,
  options: VoicePassOptions,
): Promise<number> {
  const renderer = new ConversionRenderer(plan, sink);
  const framesPerProgress = 200;
  for (let index = 0; index < cache.frames.length; index++) {
    renderer.pushFrame(cache.frames[index]!);
    if (index % framesPerProgress === framesPerProgress - 1) {
      if (options.signal?.aborted) throw new StudioError('CANCELLED', 'Voice conversion was cancelled.');
      await renderer.flushReady();
      options.onProgress?.({
        phase: 'converting',
        processedSeconds:
          Math.min(cache.sampleCount, (index * cache.sampleCount) / cache.frames.length) / VOICE_SAMPLE_RATE,
        totalSeconds: cache.sampleCount / VOICE_SAMPLE_RATE,
      });
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
  return renderer.finish(cache.sampleCount);
}

/** The cached frames covering the first `limit` samples. */
function firstFramesOf(cache: FrameCache, limit: number): FrameCache {
  if (cache.sampleCount <= limit) return cache;
  const frames = frameCountFor(limit);
  return { frames: cache.frames.slice(0, frames), sampleCount: limit };
}

/** Yields only the first `limit` samples of a source (stopping the decoder after that). */
function firstSamplesOf(source: PcmChunkSource, limit: number): PcmChunkSource {
  return () => ({
    async *[Symbol.asyncIterator]() {
      let taken = 0;
      for await (const chunk of source()) {
        const take = Math.min(chunk.length, limit - taken);
        if (take > 0) yield chunk.subarray(0, take);
        taken += take;
        if (taken >= limit) return;
      }
    },
  });
}

/**
 * Renders the start of the input with the predicted plan, measures the output's LTAS and corrects
 * the equaliser from it (see calibrateEqualizer).
 */
async function calibratePlan(
  source: PcmChunkSource,
  cache: FrameCache | null,
  plan: VoiceMatchPlan,
  sourceProfile: SpeechProfile,
  target: SpeechProfile,
  options: VoicePassOptions,
): Promise<VoiceMatchPlan> {
  const measured = new SpeechProfileAccumulator();
  const sink = async (samples: Float32Array) => measured.pushSamples(samples);
  if (cache)
    await renderCachedFrames(firstFramesOf(cache, CALIBRATION_SECONDS * VOICE_SAMPLE_RATE), plan, sink, {
      signal: options.signal,
    });
  else
    await renderConvertedSpeech(firstSamplesOf(source, CALIBRATION_SECONDS * VOICE_SAMPLE_RATE), plan, sink, {
      signal: options.signal,
    });
  return calibrateEqualizer(plan, measured.result().ltasPowerDb, sourceProfile, target);
}

/** All passes: converts the speech from `source` towards `target`, streaming into `sink`. */
export async function convertSpeechTowards(
  source: PcmChunkSource,
  target: SpeechProfile,
  sink: PcmChunkSink,
  options: VoicePassOptions = {},
): Promise<VoiceConversionResult> {
  const label = options.label ?? 'the input';
  const keepFrames = options.totalSeconds === undefined || options.totalSeconds <= FRAME_CACHE_SECONDS;
  const { profile: sourceProfile, cache } = await runProfilePass(source, keepFrames, options);
  if (sourceProfile.durationSeconds === 0) {
    throw new StudioError('MEDIA_UNREADABLE', `${label} contains no audio samples.`);
  }
  const predicted = planVoiceMatch(sourceProfile, target);
  const plan = await calibratePlan(source, cache, predicted, sourceProfile, target, options);
  const sampleCount = cache
    ? await renderCachedFrames(cache, plan, sink, options)
    : await renderConvertedSpeech(source, plan, sink, options);
  return { plan, sourceProfile, sampleCount, durationSeconds: sampleCount / VOICE_SAMPLE_RATE };
}
