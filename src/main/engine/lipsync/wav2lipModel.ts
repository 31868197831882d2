// Opens a Wav2Lip-96 ONNX model (wav2lip_96 / wav2lip_gan_96, MODELS.md §4) and proves it has
// Wav2Lip's signature before any frame is touched: inputs "source" [1,1,80,16] (mel) and "target"
// [1,6,96,96] (masked face + reference), one float32 output [1,3,96,96]. Output names differ
// between exports, and batch dimensions may be fixed or dynamic, so the check is: the input names,
// one output, then one trial run on zeros whose output must have the expected shape. A wrong
// model fails with MODEL_SIGNATURE_MISMATCH naming the file and what differs.
import { basename } from 'node:path';
import type { Disposable } from '../../../shared/disposable';
import { StudioError } from '../../../shared/errors';
import type { InferenceSessionPool, SessionLease } from '../inference/sessionPool';
import { MEL_BANDS, MEL_WINDOW } from './wav2lipMel';

/** The model's id in the lipsync-wav2lip pack (models/packs/lipsync-wav2lip.json). */
export const WAV2LIP_MODEL_ID = 'wav2lip-gan-96';
export const WAV2LIP_FACE_SIZE = 96;
const SOURCE_DIMS = [1, 1, MEL_BANDS, MEL_WINDOW] as const;
const TARGET_DIMS = [1, 6, WAV2LIP_FACE_SIZE, WAV2LIP_FACE_SIZE] as const;
const OUTPUT_DIMS = [1, 3, WAV2LIP_FACE_SIZE, WAV2LIP_FACE_SIZE] as const;

export interface Wav2LipModelFile {
  path: string;
  sha256: string;
}

export class Wav2LipModel implements Disposable {
  private constructor(
    private readonly lease: SessionLease,
    private readonly outputName: string,
  ) {}

  get provider(): string {
    return this.lease.provider;
  }

  static async open(pool: InferenceSessionPool, file: Wav2LipModelFile): Promise<Wav2LipModel> {
    const lease = await pool.acquire({
      modelId: WAV2LIP_MODEL_ID,
      modelPath: file.path,
      expectedSha256: file.sha256,
    });
    const mismatch = (problem: string): StudioError =>
      new StudioError(
        'MODEL_SIGNATURE_MISMATCH',
        `"${basename(file.path)}" (${file.path}) is not a Wav2Lip-96 model: ${problem}. Wav2Lip takes source [1,1,80,16] and target [1,6,96,96] and gives [1,3,96,96].`,
      );
    try {
      const inputs = [...lease.inputNames].sort();
      if (inputs.length !== 2 || inputs[0] !== 'source' || inputs[1] !== 'target') {
        throw mismatch(`its inputs are ${lease.inputNames.map((name) => `"${name}"`).join(', ') || 'none'}`);
      }
      if (lease.outputNames.length !== 1) {
        throw mismatch(`it has ${lease.outputNames.length} outputs instead of one`);
      }
      const model = new Wav2LipModel(lease, lease.outputNames[0]!);
      let output: { data: Float32Array; dims: readonly number[] };
      try {
        output = await model.runRaw(
          new Float32Array(MEL_BANDS * MEL_WINDOW),
          new Float32Array(6 * WAV2LIP_FACE_SIZE ** 2),
        );
      } catch (error) {
        if (error instanceof StudioError && error.code === 'MODEL_SIGNATURE_MISMATCH') throw error;
        throw mismatch(`a trial run failed (${(error as Error).message.split('\n')[0]})`);
      }
      if (output.dims.join(',') !== OUTPUT_DIMS.join(',')) {
        throw mismatch(`its output has shape [${output.dims.join(',')}]`);
      }
      return model;
    } catch (error) {
      lease.release();
      throw error;
    }
  }

  /** One face: mel window [80·16], face tensor [6·96·96] -> [3·96·96] BGR in [0, 1]. */
  async run(mel: Float32Array, face: Float32Array): Promise<Float32Array> {
    return (await this.runRaw(mel, face)).data;
  }

  private async runRaw(
    mel: Float32Array,
    face: Float32Array,
  ): Promise<{ data: Float32Array; dims: readonly number[] }> {
    const result = await this.lease.run({
      source: { data: mel, dims: SOURCE_DIMS },
      target: { data: face, dims: TARGET_DIMS },
    });
    const output = result[this.outputName];
    if (!output || !(output.data instanceof Float32Array)) {
      throw new StudioError(
        'MODEL_SIGNATURE_MISMATCH',
        `Wav2Lip's output "${this.outputName}" is not float32.`,
      );
    }
    return { data: output.data, dims: output.dims };
  }

  dispose(): void {
    this.lease.release();
  }
}
