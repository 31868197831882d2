// "colorBalance": per-channel gain, brightness offset and saturation, the grade a user reaches for
// to match a swapped face's clip to its neighbours or to warm up a cold shot. Gains and brightness
// go through one 256-entry table per channel (built once in prepare); saturation mixes each pixel
// with its luma (BT.709 weights), so 0 is greyscale and 1 leaves colours alone.
import { z } from 'zod';
import { StudioError } from '../../../../shared/errors';
import type { FrameProcessor, ProcessorFrame } from '../frameProcessor';

const paramsSchema = z
  .object({
    red: z.number().min(0).max(4).default(1),
    green: z.number().min(0).max(4).default(1),
    blue: z.number().min(0).max(4).default(1),
    /** Added after the gains, as a fraction of full scale (-1..1). */
    brightness: z.number().min(-1).max(1).default(0),
    saturation: z.number().min(0).max(4).default(1),
  })
  .strict();

export type ColorBalanceParams = z.infer<typeof paramsSchema>;

export const COLOR_BALANCE_PROCESSOR_ID = 'colorBalance';

function channelTable(gain: number, brightness: number): Uint8Array {
  const table = new Uint8Array(256);
  for (let value = 0; value < 256; value += 1) {
    table[value] = Math.min(255, Math.max(0, Math.round(value * gain + brightness * 255)));
  }
  return table;
}

/** Applies the tables, then the saturation mix, in place. Exported for its unit test. */
export function applyColorBalance(frame: ProcessorFrame, params: ColorBalanceParams): void {
  const red = channelTable(params.red, params.brightness);
  const green = channelTable(params.green, params.brightness);
  const blue = channelTable(params.blue, params.brightness);
  const { data } = frame;
  const saturation = params.saturation;
  const length = frame.width * frame.height * 3;
  for (let offset = 0; offset < length; offset += 3) {
    let r = red[data[offset]!]!;
    let g = green[data[offset + 1]!]!;
    let b = blue[data[offset + 2]!]!;
    if (saturation !== 1) {
      const luma = 0.2126 * r + 0.7152 * g + 0.0722 * b;
      r = luma + (r - luma) * saturation;
      g = luma + (g - luma) * saturation;
      b = luma + (b - luma) * saturation;
    }
    // A Uint8Array truncates and wraps around: clamp, and add 0.5 so truncating rounds.
    data[offset] = r <= 0 ? 0 : r >= 255 ? 255 : r + 0.5;
    data[offset + 1] = g <= 0 ? 0 : g >= 255 ? 255 : g + 0.5;
    data[offset + 2] = b <= 0 ? 0 : b >= 255 ? 255 : b + 0.5;
  }
}

export function createColorBalanceProcessor(): FrameProcessor<ColorBalanceParams> {
  return {
    id: COLOR_BALANCE_PROCESSOR_ID,
    displayName: 'Colour balance',
    requiredModels: [],
    paramFields: [
      { name: 'red', type: 'number', label: 'Red gain', min: 0, max: 4, step: 0.05 },
      { name: 'green', type: 'number', label: 'Green gain', min: 0, max: 4, step: 0.05 },
      { name: 'blue', type: 'number', label: 'Blue gain', min: 0, max: 4, step: 0.05 },
      { name: 'brightness', type: 'number', label: 'Brightness', min: -1, max: 1, step: 0.01 },
      { name: 'saturation', type: 'number', label: 'Saturation', min: 0, max: 4, step: 0.05 },
    ],
    needsFramesInOrder: false,
    pixelFormats: ['rgb24'],
    parseParams(raw) {
      const parsed = paramsSchema.safeParse(raw ?? {});
      if (!parsed.success) {
        throw new StudioError(
          'INVALID_ARGUMENT',
          `Colour balance settings are invalid: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`,
        );
      }
      return parsed.data;
    },
    async preCheck() {},
    async prepare(params) {
      return {
        processFrame(frame) {
          applyColorBalance(frame, params);
        },
        dispose() {},
      };
    },
  };
}
