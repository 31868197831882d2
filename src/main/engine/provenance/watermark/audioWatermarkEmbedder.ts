// Embeds the audio watermark into PCM as it streams to the encoder (any chunk size, any channel
// count, same number of samples out as in). Each tile (40 ms x 1 kHz) gets "improved spread
// spectrum": the host's own component along the tile's template is removed and replaced by
// +/- a, where a follows the tile's 1-5 kHz loudness (20 dB below it). Removing the host
// component is what lets a three-second clip carry 88 bits: the detector then sees the watermark
// and the codec's noise, not the speech. Tiles cut by a chunk boundary are handled per part: the
// correlation is a sum over samples, so cancelling each part cancels the whole.
// The same burst goes into every channel, so a mono downmix keeps it.
import { StudioError } from '../../../../shared/errors';
import {
  AUDIO_SUBBANDS,
  audioTemplateBank,
  audioTile,
  BandEnergyFilter,
  samplesPerSymbol,
  type TemplateBank,
} from './audioWatermarkLayout';
import { WATERMARK_CODEWORD_BITS } from './watermarkPayload';

/** Watermark RMS relative to the host's 1-5 kHz RMS (0.1 = -20 dB; 21-32 dB below the whole signal on speech). */
export const DEFAULT_AUDIO_WATERMARK_STRENGTH = 0.1;

export interface AudioWatermarkEmbedderOptions {
  codeword: Uint8Array;
  sampleRate: number;
  channels: number;
  strength?: number;
}

export class AudioWatermarkEmbedder {
  private readonly bank: TemplateBank;
  private readonly symbolLength: number;
  private readonly strength: number;
  private readonly channels: number;
  private readonly codeword: Uint8Array;
  private bandFilter: BandEnergyFilter;
  private readonly sampleRate: number;
  private nextFrame = 0;

  constructor(options: AudioWatermarkEmbedderOptions) {
    if (options.codeword.length !== WATERMARK_CODEWORD_BITS) {
      throw new StudioError(
        'INTERNAL',
        `An audio watermark needs ${WATERMARK_CODEWORD_BITS} bits, got ${options.codeword.length}.`,
      );
    }
    if (!Number.isInteger(options.channels) || options.channels < 1 || options.channels > 16) {
      throw new StudioError(
        'INVALID_ARGUMENT',
        `The audio watermark cannot handle ${options.channels} channels.`,
      );
    }
    this.symbolLength = samplesPerSymbol(options.sampleRate);
    this.bank = audioTemplateBank(options.sampleRate);
    this.sampleRate = options.sampleRate;
    this.bandFilter = new BandEnergyFilter(options.sampleRate);
    this.strength = options.strength ?? DEFAULT_AUDIO_WATERMARK_STRENGTH;
    this.channels = options.channels;
    this.codeword = options.codeword;
  }

  /**
   * Watermarks interleaved float samples in place and returns them. `firstSampleFrame` is the
   * index (in frames, from the start of the output) of the chunk's first frame.
   */
  process(samples: Float32Array, firstSampleFrame: number): Float32Array {
    const channels = this.channels;
    if (samples.length % channels !== 0) {
      throw new StudioError(
        'INTERNAL',
        `${samples.length} samples are not whole frames of ${channels} channels.`,
      );
    }
    // A jump (seek, retry) restarts the band filter instead of carrying state across the gap.
    if (firstSampleFrame !== this.nextFrame) this.bandFilter = new BandEnergyFilter(this.sampleRate);
    const frames = samples.length / channels;
    const end = firstSampleFrame + frames;
    this.nextFrame = end;
    let start = firstSampleFrame;
    while (start < end) {
      const symbol = Math.floor(start / this.symbolLength);
      const stop = Math.min(end, (symbol + 1) * this.symbolLength);
      this.embedPart(samples, firstSampleFrame, symbol, start, stop);
      start = stop;
    }
    return samples;
  }

  /** One part of one symbol: frames [start, stop) of the output, inside `samples`. */
  private embedPart(
    samples: Float32Array,
    chunkStart: number,
    symbol: number,
    start: number,
    stop: number,
  ): void {
    const channels = this.channels;
    const length = stop - start;
    const mono = new Float64Array(length);
    let bandEnergy = 0;
    for (let index = 0; index < length; index++) {
      const base = (start - chunkStart + index) * channels;
      let sum = 0;
      for (let channel = 0; channel < channels; channel++) sum += samples[base + channel] as number;
      const value = sum / channels;
      mono[index] = value;
      const band = this.bandFilter.next(value);
      bandEnergy += band * band;
    }
    const amplitude = (this.strength * Math.sqrt(bandEnergy / length)) / Math.sqrt(AUDIO_SUBBANDS);
    const offsetInSymbol = start - symbol * this.symbolLength;
    for (let band = 0; band < AUDIO_SUBBANDS; band++) {
      const tile = audioTile(symbol, band);
      const template = (this.bank[tile.template] as Float32Array[])[band] as Float32Array;
      let projection = 0;
      let norm = 0;
      for (let index = 0; index < length; index++) {
        const value = template[offsetInSymbol + index] as number;
        projection += (mono[index] as number) * value;
        norm += value * value;
      }
      if (norm < 1e-9) continue;
      const chip = this.codeword[tile.bit] === 1 ? tile.sign : -tile.sign;
      const coefficient = chip * amplitude - projection / norm;
      for (let index = 0; index < length; index++) {
        const delta = coefficient * (template[offsetInSymbol + index] as number);
        const base = (start - chunkStart + index) * channels;
        for (let channel = 0; channel < channels; channel++) {
          samples[base + channel] = (samples[base + channel] as number) + delta;
        }
      }
    }
  }
}
