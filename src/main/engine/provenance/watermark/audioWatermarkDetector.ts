// Reads the audio watermark back from mono PCM at 16 kHz (ffmpeg resamples any input).
// 1. Alignment: codecs and tools may shift audio by a few milliseconds (AAC priming). The first
//    110 symbols are cross-correlated with their templates over +/-50 ms by FFT, and the lag
//    where the per-bit sums are strongest (sign-agnostic, so no payload is assumed) wins.
// 2. Evidence: at that lag every tile gives v = <r, p> / |p|^2 divided by the tile's 1-5 kHz
//    RMS (the embedder scaled the burst to that RMS), summed per bit with the tile signs.
// 3. Noise: the spread of the tiles of one bit around their mean, pooled over the bits. Without a
//    watermark that is the spread of v itself; with one it is what the codec added (the embedder
//    removed the host's own component along each template), so z = bit mean x sqrt(tiles) /
//    spread measures the real reliability of each bit.
import FFT from 'fft.js';
import type { MediaProbe } from '../../../media/probeMedia';
import { decodeAudioFile } from '../../../media/audioPcmStream';
import {
  AUDIO_SUBBANDS,
  audioTemplateBank,
  audioTile,
  BandEnergyFilter,
  samplesPerSymbol,
} from './audioWatermarkLayout';
import { emptyVerdict, verdictFromBitEvidence, type WatermarkVerdict } from './watermarkEvidence';
import { WATERMARK_CODEWORD_BITS } from './watermarkPayload';

export const AUDIO_ANALYSIS_RATE = 16_000;
const MAX_LAG = 800;
const SYNC_SYMBOLS = 110;
const FFT_SIZE = 4096;
/** Tiles quieter than this (1-5 kHz RMS, full scale = 1) carry nothing the codec kept. */
const SILENT_BAND_RMS = 1e-4;

export interface AudioWatermarkDetection extends WatermarkVerdict {
  secondsAnalysed: number;
  /** Alignment found, in milliseconds (positive: the audio arrives late). */
  offsetMs: number;
}

function prefixEnergy(samples: Float32Array): Float64Array {
  const filter = new BandEnergyFilter(AUDIO_ANALYSIS_RATE);
  const prefix = new Float64Array(samples.length + 1);
  for (let index = 0; index < samples.length; index++) {
    const value = filter.next(samples[index] as number);
    prefix[index + 1] = (prefix[index] as number) + value * value;
  }
  return prefix;
}

function bandRms(prefix: Float64Array, start: number, length: number): number {
  const from = Math.max(0, Math.min(prefix.length - 1, start));
  const to = Math.max(0, Math.min(prefix.length - 1, start + length));
  return to > from ? Math.sqrt(((prefix[to] as number) - (prefix[from] as number)) / length) : 0;
}

/** The lag (in samples, within +/-MAX_LAG) that best aligns the symbols with the audio. */
function findAlignment(samples: Float32Array, prefix: Float64Array, symbols: number): number {
  const length = samplesPerSymbol(AUDIO_ANALYSIS_RATE);
  const bank = audioTemplateBank(AUDIO_ANALYSIS_RATE);
  const fft = new FFT(FFT_SIZE);
  const spectrumOf = (input: Float64Array): number[] => {
    const out = fft.createComplexArray();
    fft.realTransform(out, input);
    fft.completeSpectrum(out);
    return out;
  };
  const templateSpectra = bank.map((bands) =>
    bands.map((template) => {
      const padded = new Float64Array(FFT_SIZE);
      padded.set(template);
      return spectrumOf(padded);
    }),
  );
  const lags = 2 * MAX_LAG + 1;
  const bitSums = Array.from({ length: WATERMARK_CODEWORD_BITS }, () => new Float64Array(lags));
  const segment = new Float64Array(FFT_SIZE);
  const product = fft.createComplexArray();
  const correlation = fft.createComplexArray();
  const count = Math.min(symbols, SYNC_SYMBOLS);
  for (let symbol = 0; symbol < count; symbol++) {
    const origin = symbol * length - MAX_LAG;
    segment.fill(0);
    for (let index = 0; index < length + 2 * MAX_LAG; index++) {
      const source = origin + index;
      if (source >= 0 && source < samples.length) segment[index] = samples[source] as number;
    }
    const spectrum = spectrumOf(segment);
    for (let band = 0; band < AUDIO_SUBBANDS; band++) {
      const tile = audioTile(symbol, band);
      const template = (templateSpectra[tile.template] as number[][])[band] as number[];
      for (let bin = 0; bin < FFT_SIZE; bin++) {
        const re = spectrum[2 * bin] as number;
        const im = spectrum[2 * bin + 1] as number;
        const tre = template[2 * bin] as number;
        const tim = template[2 * bin + 1] as number;
        product[2 * bin] = re * tre + im * tim;
        product[2 * bin + 1] = im * tre - re * tim;
      }
      fft.inverseTransform(correlation, product);
      const sums = bitSums[tile.bit] as Float64Array;
      for (let lag = 0; lag < lags; lag++) {
        const rms = bandRms(prefix, origin + lag, length);
        if (rms < SILENT_BAND_RMS) continue;
        sums[lag] = (sums[lag] as number) + (tile.sign * (correlation[2 * lag] as number)) / (length * rms);
      }
    }
  }
  let best = 0;
  let bestScore = -Infinity;
  for (let lag = 0; lag < lags; lag++) {
    let score = 0;
    for (const sums of bitSums) score += Math.abs(sums[lag] as number);
    if (score > bestScore) {
      bestScore = score;
      best = lag;
    }
  }
  return best - MAX_LAG;
}

/** Pure: detection on mono PCM at AUDIO_ANALYSIS_RATE. */
export function detectAudioWatermarkInSamples(samples: Float32Array): AudioWatermarkDetection {
  const length = samplesPerSymbol(AUDIO_ANALYSIS_RATE);
  const symbols = Math.floor(samples.length / length);
  const secondsAnalysed = samples.length / AUDIO_ANALYSIS_RATE;
  if (symbols < 4) return { ...emptyVerdict(), secondsAnalysed, offsetMs: 0 };
  const prefix = prefixEnergy(samples);
  const lag = findAlignment(samples, prefix, symbols);
  const bank = audioTemplateBank(AUDIO_ANALYSIS_RATE);
  const values: number[][] = Array.from({ length: WATERMARK_CODEWORD_BITS }, () => []);
  for (let symbol = 0; symbol < symbols; symbol++) {
    const start = symbol * length + lag;
    const rms = bandRms(prefix, start, length);
    if (rms < SILENT_BAND_RMS || start < 0 || start + length > samples.length) continue;
    for (let band = 0; band < AUDIO_SUBBANDS; band++) {
      const tile = audioTile(symbol, band);
      const template = (bank[tile.template] as Float32Array[])[band] as Float32Array;
      let signal = 0;
      for (let index = 0; index < length; index++)
        signal += (samples[start + index] as number) * (template[index] as number);
      (values[tile.bit] as number[]).push((tile.sign * signal) / (length * rms));
    }
  }
  const offsetMs = (lag * 1000) / AUDIO_ANALYSIS_RATE;
  const means = values.map(
    (tiles) => tiles.reduce((sum, value) => sum + value, 0) / Math.max(1, tiles.length),
  );
  let squares = 0;
  let degreesOfFreedom = 0;
  values.forEach((tiles, bit) => {
    for (const value of tiles) squares += (value - (means[bit] as number)) ** 2;
    degreesOfFreedom += Math.max(0, tiles.length - 1);
  });
  // Two tiles per bit at the least, so every bit has a mean and the spread has enough samples.
  if (
    degreesOfFreedom < WATERMARK_CODEWORD_BITS ||
    values.some((tiles) => tiles.length < 2) ||
    squares === 0
  ) {
    return { ...emptyVerdict(), secondsAnalysed, offsetMs };
  }
  const sigma = Math.sqrt(squares / degreesOfFreedom);
  const evidence = Float64Array.from(
    means,
    (mean, bit) => (mean * Math.sqrt((values[bit] as number[]).length)) / sigma,
  );
  return { ...verdictFromBitEvidence(evidence), secondsAnalysed, offsetMs };
}

export interface DetectAudioWatermarkOptions {
  /** Only the start of long files is read. */
  maxSeconds?: number;
  signal?: AbortSignal;
  probe?: MediaProbe;
}

/** Looks for the studio's audio watermark in the first audio stream of any media file. */
export async function detectAudioWatermark(
  inputPath: string,
  options: DetectAudioWatermarkOptions = {},
): Promise<AudioWatermarkDetection> {
  const maxSeconds = options.maxSeconds ?? 60;
  const samples = await decodeAudioFile(inputPath, {
    sampleRate: AUDIO_ANALYSIS_RATE,
    durationUs: maxSeconds * 1_000_000,
    maxSeconds: maxSeconds + 1,
    signal: options.signal,
    probe: options.probe,
  });
  return detectAudioWatermarkInSamples(samples);
}
