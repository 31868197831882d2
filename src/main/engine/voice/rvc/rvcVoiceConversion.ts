// Neural voice conversion with an RVC v2 voice model (what the field calls voice cloning), after
// RVC's pipeline.py: 16 kHz speech -> 48 Hz high-pass -> ContentVec features (doubled to 100 fps)
// + F0 (RMVPE when installed, else the studio's own tracker) -> the voice model -> waveform at the
// model's rate. Streamed in 10 s blocks with 0.5 s of context on each side and a 40 ms crossfade
// at every join, so memory stays flat and joins do not click. Pass 1 (at 22.05 kHz) measures the
// input's F0 track and statistics, so the pitch can be moved to the target's median like the DSP
// engine does (plus the user's transpose).
import { StudioError } from '../../../../shared/errors';
import type { PcmChunkSink, PcmChunkSource } from '../dspVoiceConversion';
import { LookAheadLimiter } from '../outputConditioning';
import { seededRandom } from '../pulseVocoderSynthesizer';
import { SpeechProfileAccumulator, type SpeechProfile } from '../speechProfile';
import { StreamingVoiceAnalyzer } from '../streamingVoiceAnalyzer';
import { mapF0, planVoiceMatch } from '../voiceMatchPlan';
import { ONSET_LEAD_FRAMES } from '../voicingOnsetCompensator';
import { CONTENTVEC_FEATURES, CONTENTVEC_SAMPLE_RATE, type RvcModels } from './rvcModels';
import { coarsePitchTrack, resampleF0Track, transposeTrack } from './rvcPitch';

const BLOCK = 10 * CONTENTVEC_SAMPLE_RATE;
const CONTEXT = CONTENTVEC_SAMPLE_RATE / 2;
const CROSSFADE = Math.round(0.04 * CONTENTVEC_SAMPLE_RATE);
const FRAME = 160; // 10 ms at 16 kHz: RVC's pitch and (doubled) feature frame
const NOISE_CHANNELS = 192;
const RMVPE_THRESHOLD = 0.03;

export interface RvcConversionOptions {
  transposeSemitones: number;
  /** When given, F0 is mapped onto the target's median and spread before the transpose. */
  target: SpeechProfile | null;
  signal?: AbortSignal;
  onProgress?: (processedSeconds: number) => void;
}

export interface RvcConversionResult {
  sampleRate: number;
  sampleCount: number;
  sourceProfile: SpeechProfile;
}

/** Pass 1: the input's statistics and its F0 track (5 ms frames), onsets moved to where voicing starts. */
async function trackPitch(source: PcmChunkSource, signal?: AbortSignal) {
  const profile = new SpeechProfileAccumulator();
  let track = new Float32Array(1 << 14);
  let frames = 0;
  const analyzer = new StreamingVoiceAnalyzer({ aperiodicity: false, envelopeEvery: 2 }, (frame) => {
    profile.addFrame(frame);
    if (frames === track.length)
      track = Float32Array.from({ length: track.length * 2 }, (_, i) => track[i] ?? 0);
    track[frames++] = frame.f0Hz;
  });
  for await (const chunk of source()) {
    if (signal?.aborted) throw new StudioError('CANCELLED', 'Voice conversion was cancelled.');
    profile.pushSamples(chunk);
    analyzer.push(chunk);
  }
  analyzer.finish();
  return { profile: profile.result(), track: track.subarray(0, frames) };
}

/** Moves every voiced stretch's start ONSET_LEAD_FRAMES earlier (see VoicingOnsetCompensator). */
function extendOnsets(track: Float32Array): void {
  for (let frame = 1; frame < track.length; frame++) {
    if (track[frame]! > 0 && track[frame - 1] === 0) {
      for (
        let back = 1;
        back <= ONSET_LEAD_FRAMES && frame - back >= 0 && track[frame - back] === 0;
        back++
      ) {
        track[frame - back] = track[frame]!;
      }
    }
  }
}

/** Second-order Butterworth high-pass at 48 Hz (RVC filters its input the same way, to remove rumble). */
class HighPass48 {
  private readonly b: [number, number, number];
  private readonly a: [number, number];
  private x1 = 0;
  private x2 = 0;
  private y1 = 0;
  private y2 = 0;

  constructor(sampleRate: number) {
    const k = Math.tan((Math.PI * 48) / sampleRate);
    const norm = 1 / (1 + Math.SQRT2 * k + k * k);
    this.b = [norm, -2 * norm, norm];
    this.a = [2 * (k * k - 1) * norm, (1 - Math.SQRT2 * k + k * k) * norm];
  }

  process(samples: Float32Array): Float32Array {
    const out = new Float32Array(samples.length);
    for (let index = 0; index < samples.length; index++) {
      const x = samples[index]!;
      const y =
        this.b[0] * x + this.b[1] * this.x1 + this.b[2] * this.x2 - this.a[0] * this.y1 - this.a[1] * this.y2;
      this.x2 = this.x1;
      this.x1 = x;
      this.y2 = this.y1;
      this.y1 = y;
      out[index] = y;
    }
    return out;
  }
}

/** Opens the output once the model's sample rate is known (after the first block). */
export type RvcSinkFactory = (sampleRate: number) => Promise<PcmChunkSink>;

class BlockRenderer {
  private sampleRate = 0;
  private tail: Float32Array | null = null;
  private readonly random = seededRandom(0x7a11);
  private readonly limiter = new LookAheadLimiter();
  private sink: PcmChunkSink | null = null;
  written = 0;

  constructor(
    private readonly models: RvcModels,
    private readonly f0At: (
      startSeconds: number,
      frames: number,
      segment: Float32Array,
    ) => Promise<Float32Array>,
    private readonly createSink: RvcSinkFactory,
  ) {}

  get rate(): number {
    return this.sampleRate;
  }

  /** `segment` = CONTEXT + up to BLOCK + CONTEXT samples starting at `start − CONTEXT`. */
  async render(segment: Float32Array, start: number, blockLength: number, last: boolean): Promise<void> {
    const audio = await this.synthesise(segment, start);
    const ratio = this.sampleRate / CONTENTVEC_SAMPLE_RATE;
    const at = (position: number) => Math.round(position * ratio);
    let from = at(CONTEXT);
    if (this.tail) {
      // Crossfade the previous block's last 2×CROSSFADE with this block's first.
      const fadeStart = at(CONTEXT - CROSSFADE);
      const mixed = new Float32Array(this.tail.length);
      for (let index = 0; index < mixed.length; index++) {
        const weight = (index + 0.5) / mixed.length;
        mixed[index] = this.tail[index]! * (1 - weight) + (audio[fadeStart + index] ?? 0) * weight;
      }
      await this.emit(mixed);
      from = fadeStart + mixed.length;
    }
    const end = at(CONTEXT + blockLength);
    if (last) {
      this.tail = null;
      await this.emit(audio.subarray(from, end));
      return;
    }
    await this.emit(audio.subarray(from, end - at(CROSSFADE)));
    this.tail = audio.slice(end - at(CROSSFADE), end + at(CROSSFADE));
  }

  async finish(totalOutput: number): Promise<number> {
    const missing = totalOutput - (this.written + this.limiter.latency);
    if (missing > 0) await this.emit(new Float32Array(missing));
    const tail = this.limiter.flush();
    const keep = Math.max(0, Math.min(tail.length, totalOutput - this.written));
    this.written += keep;
    await this.write(tail.subarray(0, keep));
    return this.written;
  }

  private async emit(samples: Float32Array): Promise<void> {
    const limited = this.limiter.process(samples);
    this.written += limited.length;
    await this.write(limited);
  }

  private async write(samples: Float32Array): Promise<void> {
    this.sink ??= await this.createSink(this.sampleRate);
    await this.sink(samples);
  }

  private async synthesise(segment: Float32Array, start: number): Promise<Float32Array> {
    const { contentVec, contentVecInput, voice } = this.models;
    const features = await contentVec.run({
      [contentVecInput]: { data: segment, dims: [1, 1, segment.length] },
    });
    const output = features[contentVec.outputNames[0]!]!;
    const featureFrames = output.dims[1]!;
    const phoneFrames = Math.min(2 * featureFrames, Math.floor(segment.length / FRAME));
    if (phoneFrames < 1)
      throw new StudioError('INTERNAL', 'RVC: the speech block is too short for ContentVec.');
    const raw = output.data as Float32Array;
    // Each ContentVec frame (20 ms) twice: RVC's 100 fps.
    const phone = new Float32Array(phoneFrames * CONTENTVEC_FEATURES);
    for (let frame = 0; frame < phoneFrames; frame++) {
      const sourceFrame = Math.min(featureFrames - 1, frame >> 1);
      phone.set(
        raw.subarray(sourceFrame * CONTENTVEC_FEATURES, (sourceFrame + 1) * CONTENTVEC_FEATURES),
        frame * CONTENTVEC_FEATURES,
      );
    }
    const f0 = await this.f0At((start - CONTEXT) / CONTENTVEC_SAMPLE_RATE, phoneFrames, segment);
    const noise = new Float32Array(NOISE_CHANNELS * phoneFrames);
    for (let index = 0; index < noise.length; index += 2) {
      const radius = Math.sqrt(-2 * Math.log(1 - this.random()));
      const angle = 2 * Math.PI * this.random();
      noise[index] = radius * Math.cos(angle);
      if (index + 1 < noise.length) noise[index + 1] = radius * Math.sin(angle);
    }
    const result = await voice.run({
      phone: { data: phone, dims: [1, phoneFrames, CONTENTVEC_FEATURES] },
      phone_lengths: { data: BigInt64Array.of(BigInt(phoneFrames)), dims: [1] },
      pitch: { data: coarsePitchTrack(f0), dims: [1, phoneFrames] },
      pitchf: { data: f0, dims: [1, phoneFrames] },
      ds: { data: BigInt64Array.of(0n), dims: [1] },
      rnd: { data: noise, dims: [1, NOISE_CHANNELS, phoneFrames] },
    });
    const audio = result[voice.outputNames[0]!]!.data as Float32Array;
    const hop = audio.length / phoneFrames;
    if (!Number.isInteger(hop) || hop < 80 || hop > 1000) {
      throw new StudioError(
        'MODEL_SIGNATURE_MISMATCH',
        `The RVC voice model returned ${audio.length} samples for ${phoneFrames} frames; RVC v2 gives a whole number of samples (320, 400 or 480) per 10 ms frame.`,
      );
    }
    if (this.sampleRate === 0) this.sampleRate = hop * 100;
    return audio;
  }
}

/** Converts the speech of `source` with an RVC v2 voice; `source16k` is the same speech at 16 kHz. */
export async function convertWithRvc(
  models: RvcModels,
  source: PcmChunkSource,
  source16k: PcmChunkSource,
  createSink: RvcSinkFactory,
  options: RvcConversionOptions,
): Promise<RvcConversionResult> {
  const { profile, track } = await trackPitch(source, options.signal);
  const mapping = options.target ? planVoiceMatch(profile, options.target).f0 : null;
  const mapped = track.map((value) => mapF0(value, mapping));
  extendOnsets(mapped);
  const f0At = async (startSeconds: number, frames: number, segment: Float32Array): Promise<Float32Array> => {
    let f0: Float32Array;
    if (models.rmvpe) {
      const out = await models.rmvpe.run({
        waveform: { data: segment, dims: [1, segment.length] },
        threshold: { data: Float32Array.of(RMVPE_THRESHOLD), dims: [] },
      });
      const detected = out.f0!.data as Float32Array;
      f0 = Float32Array.from({ length: frames }, (_, frame) => mapF0(detected[frame] ?? 0, mapping));
    } else {
      f0 = resampleF0Track(mapped, startSeconds, frames);
    }
    return transposeTrack(f0, options.transposeSemitones);
  };

  const renderer = new BlockRenderer(models, f0At, createSink);
  const highPass = new HighPass48(CONTENTVEC_SAMPLE_RATE);
  let pending = new Float32Array(CONTEXT); // the silence before the signal is the first block's left context
  let blockStart = 0;
  let total = 0;
  for await (const chunk of source16k()) {
    if (options.signal?.aborted) throw new StudioError('CANCELLED', 'Voice conversion was cancelled.');
    const filtered = highPass.process(chunk);
    const joined = new Float32Array(pending.length + filtered.length);
    joined.set(pending);
    joined.set(filtered, pending.length);
    pending = joined;
    total += chunk.length;
    while (pending.length >= CONTEXT + BLOCK + CONTEXT) {
      await renderer.render(pending.subarray(0, CONTEXT + BLOCK + CONTEXT), blockStart, BLOCK, false);
      pending = pending.slice(BLOCK);
      blockStart += BLOCK;
      options.onProgress?.(blockStart / CONTENTVEC_SAMPLE_RATE);
    }
  }
  const remaining = total - blockStart;
  if (remaining > 0 || blockStart === 0) {
    const segment = new Float32Array(CONTEXT + Math.max(remaining, FRAME) + CONTEXT);
    segment.set(pending.subarray(0, Math.min(pending.length, segment.length)));
    await renderer.render(segment, blockStart, remaining, true);
  }
  if (total === 0) throw new StudioError('MEDIA_UNREADABLE', 'The input contains no audio samples.');
  const totalOutput = Math.round((total * renderer.rate) / CONTENTVEC_SAMPLE_RATE);
  const sampleCount = await renderer.finish(totalOutput);
  return { sampleRate: renderer.rate, sampleCount, sourceProfile: profile };
}
