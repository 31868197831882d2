// Geometry of the invisible audio watermark, shared by the embedder and the detector.
//
// Time is cut into 40 ms symbols (a whole number of samples at every common rate: 320 at 8 kHz,
// 1764 at 44.1 kHz, 1920 at 48 kHz) and the 1-5 kHz band into four 1 kHz sub-bands: each
// symbol x sub-band "tile" carries one codeword bit as a noise-like burst, the sum of 40
// sinusoids on the symbol's 25 Hz frequency grid with pseudo-random phases (a continuous-time
// definition, so the same template exists at any sample rate and the detector can work at 16 kHz
// whatever rate the render used). 1-5 kHz is where speech and music have energy to hide the
// burst in and where AAC keeps the signal at ordinary bit rates.
// Bits repeat every 88 symbols (3.52 s); each bit sits in all four sub-bands, 22 symbols
// (0.88 s) apart, so a pause in speech never takes a whole bit with it.
import { StudioError } from '../../../../shared/errors';
import { SeededRandom } from './pseudoRandom';
import { WATERMARK_CODEWORD_BITS } from './watermarkPayload';

export const AUDIO_SYMBOL_SECONDS = 0.04;
export const AUDIO_SUBBANDS = 4;
const SUBBAND_START_HZ = [1000, 2000, 3000, 4000];
const TONES_PER_SUBBAND = 40;
const TONE_SPACING_HZ = 1 / AUDIO_SYMBOL_SECONDS;
/** Templates per sub-band; tiles pick one pseudo-randomly, so neighbouring tiles differ. */
const TEMPLATE_BANK_SIZE = 16;
/** Cosine fade at both ends of a burst, so tile boundaries do not click. */
const FADE_SECONDS = 0.0025;
const SYMBOLS_PER_PERIOD = WATERMARK_CODEWORD_BITS;
const SUBBAND_STAGGER = SYMBOLS_PER_PERIOD / AUDIO_SUBBANDS;
const LAYOUT_KEY = 'doppel-studio/audio-watermark-layout/v1';

export interface AudioTile {
  bit: number;
  sign: 1 | -1;
  template: number;
}

interface AudioLayout {
  /** Indexed by (symbol % 88) * 4 + sub-band. */
  tiles: AudioTile[];
  /** Phases per [template][sub-band][tone]. */
  phases: Float64Array[][];
}

let cachedLayout: AudioLayout | null = null;

function audioLayout(): AudioLayout {
  if (cachedLayout) return cachedLayout;
  const random = new SeededRandom(LAYOUT_KEY);
  const order = random.permutation(SYMBOLS_PER_PERIOD);
  const tiles: AudioTile[] = [];
  for (let symbol = 0; symbol < SYMBOLS_PER_PERIOD; symbol++) {
    for (let band = 0; band < AUDIO_SUBBANDS; band++) {
      const bit = order[(symbol + band * SUBBAND_STAGGER) % SYMBOLS_PER_PERIOD] as number;
      tiles.push({ bit, sign: random.nextSign(), template: random.nextIndex(TEMPLATE_BANK_SIZE) });
    }
  }
  const phases = Array.from({ length: TEMPLATE_BANK_SIZE }, () =>
    Array.from({ length: AUDIO_SUBBANDS }, () =>
      Float64Array.from({ length: TONES_PER_SUBBAND }, () => 2 * Math.PI * random.nextFloat()),
    ),
  );
  cachedLayout = { tiles, phases };
  return cachedLayout;
}

export function audioTile(symbol: number, band: number): AudioTile {
  const period = ((symbol % SYMBOLS_PER_PERIOD) + SYMBOLS_PER_PERIOD) % SYMBOLS_PER_PERIOD;
  return audioLayout().tiles[period * AUDIO_SUBBANDS + band] as AudioTile;
}

/** Samples per symbol at `sampleRate`; refuses rates where 40 ms is not a whole number of samples. */
export function samplesPerSymbol(sampleRate: number): number {
  if (!Number.isInteger(sampleRate) || sampleRate < 8000 || sampleRate % 25 !== 0) {
    throw new StudioError(
      'INVALID_ARGUMENT',
      `The audio watermark needs a sample rate of at least 8000 Hz that is a multiple of 25 Hz, got ${sampleRate}.`,
    );
  }
  return Math.round(sampleRate * AUDIO_SYMBOL_SECONDS);
}

/** Templates at one sample rate: [template][band] -> one symbol of samples, unit mean square. */
export type TemplateBank = Float32Array[][];

const banks = new Map<number, TemplateBank>();

/**
 * Every template sampled at `sampleRate`. The scale is analytic (40 unit tones with random phases
 * have mean square 20), not measured, so templates at 16 and 48 kHz match in amplitude.
 */
export function audioTemplateBank(sampleRate: number): TemplateBank {
  const cached = banks.get(sampleRate);
  if (cached) return cached;
  const length = samplesPerSymbol(sampleRate);
  const fadeSamples = FADE_SECONDS * sampleRate;
  const fade = Float64Array.from({ length }, (_, index) => {
    const edge = Math.min(index + 0.5, length - index - 0.5);
    return edge >= fadeSamples ? 1 : 0.5 - 0.5 * Math.cos((Math.PI * edge) / fadeSamples);
  });
  const scale = 1 / Math.sqrt(TONES_PER_SUBBAND / 2);
  const bank = audioLayout().phases.map((bandPhases) =>
    bandPhases.map((phases, band) => {
      const template = new Float32Array(length);
      for (let tone = 0; tone < TONES_PER_SUBBAND; tone++) {
        const step =
          (2 * Math.PI * ((SUBBAND_START_HZ[band] as number) + tone * TONE_SPACING_HZ)) / sampleRate;
        const phase = phases[tone] as number;
        for (let index = 0; index < length; index++) {
          template[index] = (template[index] as number) + Math.cos(step * (index + 0.5) + phase);
        }
      }
      for (let index = 0; index < length; index++) {
        template[index] = (template[index] as number) * scale * (fade[index] as number);
      }
      return template;
    }),
  );
  banks.set(sampleRate, bank);
  return bank;
}

/**
 * Streaming 1-5 kHz band-pass (two cascaded second-order Butterworth sections): measures how much
 * in-band signal a tile has, to scale the burst to it (embedder) or normalise by it (detector).
 */
export class BandEnergyFilter {
  private readonly sections: { b: number[]; a: number[]; state: number[] }[];

  constructor(sampleRate: number) {
    const section = (type: 'high' | 'low', frequency: number) => {
      const omega = (2 * Math.PI * frequency) / sampleRate;
      const alpha = Math.sin(omega) / Math.SQRT2;
      const cos = Math.cos(omega);
      const a0 = 1 + alpha;
      const b =
        type === 'high'
          ? [(1 + cos) / 2, -(1 + cos), (1 + cos) / 2]
          : [(1 - cos) / 2, 1 - cos, (1 - cos) / 2];
      return { b: b.map((value) => value / a0), a: [(-2 * cos) / a0, (1 - alpha) / a0], state: [0, 0] };
    };
    this.sections = [section('high', 1000), section('low', Math.min(5000, sampleRate * 0.45))];
  }

  /** Filters one sample (transposed direct form II). */
  next(input: number): number {
    let value = input;
    for (const { b, a, state } of this.sections) {
      const output = (b[0] as number) * value + (state[0] as number);
      state[0] = (b[1] as number) * value - (a[0] as number) * output + (state[1] as number);
      state[1] = (b[2] as number) * value - (a[1] as number) * output;
      value = output;
    }
    return value;
  }
}
