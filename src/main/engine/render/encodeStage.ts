// The place where other parts of the studio plug into a render's encoder without touching the
// pipeline: extra ffmpeg inputs and filtergraph fragments (a visible or invisible watermark), extra
// output arguments (metadata), a transform of the mixed audio PCM before it is encoded (an audio
// watermark), and a step on the finished temporary file before it gets its final name (signing a
// provenance manifest into it). Extensions apply in the order given.
import { StudioError } from '../../../shared/errors';
import type { RenderPlan } from './renderPlan';
import type { ResolvedRenderSettings } from './renderSettings';

export interface EncodeStageContext {
  renderId: string;
  plan: RenderPlan;
  settings: ResolvedRenderSettings;
  /** The final output path (the encoder writes a temporary file beside it). */
  outputPath: string;
}

export interface FilterLabels {
  /** Label (without brackets) of the stream to read, e.g. "0:v" or the previous extension's output. */
  input: string;
  /** Label (without brackets) the fragment must write. */
  output: string;
  /** ffmpeg input numbers of this extension's own `inputs`, in order. */
  inputIndexes: number[];
}

/** Interleaved stereo float32 at the plan's audio sample rate. */
export type AudioPcmTransform = (
  samples: Float32Array,
  firstSampleFrame: number,
) => Float32Array | Promise<Float32Array>;

export interface EncodeStageExtension {
  /** Names the extension in error messages, e.g. "watermark". */
  name: string;
  /** Each entry: one input's options ending in `-i <url>` (use `file:` URLs). */
  inputs?: readonly (readonly string[])[];
  /** A filtergraph fragment from `[input]` to `[output]` on the composited video. */
  videoFilter?(labels: FilterLabels): string;
  /** The same for the mixed audio. */
  audioFilter?(labels: FilterLabels): string;
  outputArguments?: readonly string[];
  /** Must return as many samples as it was given (the audio would drift otherwise). */
  transformAudio?: AudioPcmTransform;
  /** Runs on the finished temporary file; a result is stored as the render's manifest. */
  afterEncode?(temporaryPath: string): Promise<unknown>;
}

export type EncodeStageContributor = (
  context: EncodeStageContext,
) => EncodeStageExtension | null | Promise<EncodeStageExtension | null>;

export interface ComposedEncodeStage {
  extraInputs: (readonly string[])[];
  filterComplex: string | null;
  outputArguments: string[];
  audioTransforms: { name: string; transform: AudioPcmTransform }[];
  afterEncode: { name: string; run(temporaryPath: string): Promise<unknown> }[];
}

/** The encoder reads video as input 0 and audio as input 1; extension inputs follow from 2. */
const FIRST_EXTRA_INPUT = 2;

export function composeEncodeStage(extensions: readonly EncodeStageExtension[]): ComposedEncodeStage {
  const extraInputs: (readonly string[])[] = [];
  const videoParts: { name: string; build: (labels: FilterLabels) => string; indexes: number[] }[] = [];
  const audioParts: typeof videoParts = [];
  for (const extension of extensions) {
    const indexes = (extension.inputs ?? []).map((input) => {
      if (input.at(-2) !== '-i') {
        throw new StudioError(
          'INTERNAL',
          `The ${extension.name} encode extension has an input without "-i <url>" at its end.`,
        );
      }
      extraInputs.push(input);
      return FIRST_EXTRA_INPUT + extraInputs.length - 1;
    });
    if (extension.videoFilter)
      videoParts.push({ name: extension.name, build: extension.videoFilter, indexes });
    if (extension.audioFilter)
      audioParts.push({ name: extension.name, build: extension.audioFilter, indexes });
  }
  const chain = (parts: typeof videoParts, first: string, last: string, prefix: string): string[] =>
    parts.map((part, index) => {
      const input = index === 0 ? first : `${prefix}${index}`;
      const output = index === parts.length - 1 ? last : `${prefix}${index + 1}`;
      const fragment = part.build({ input, output, inputIndexes: part.indexes });
      if (!fragment.includes(`[${output}]`)) {
        throw new StudioError(
          'INTERNAL',
          `The ${part.name} encode extension's filter does not write [${output}].`,
        );
      }
      return fragment;
    });
  const fragments = [...chain(videoParts, '0:v', 'vout', 'vx'), ...chain(audioParts, '1:a', 'aout', 'ax')];
  return {
    extraInputs,
    filterComplex: fragments.length > 0 ? fragments.join(';') : null,
    outputArguments: extensions.flatMap((extension) => [...(extension.outputArguments ?? [])]),
    audioTransforms: extensions.flatMap((extension) =>
      extension.transformAudio ? [{ name: extension.name, transform: extension.transformAudio }] : [],
    ),
    afterEncode: extensions.flatMap((extension) => {
      const after = extension.afterEncode?.bind(extension);
      return after ? [{ name: extension.name, run: after }] : [];
    }),
  };
}
