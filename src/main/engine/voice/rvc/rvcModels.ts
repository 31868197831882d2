// Loads the ONNX models of an RVC v2 voice through the shared session pool (engine/inference) and
// checks each is what it claims to be, before any audio is processed:
// - the voice model: RVC v2's export signature exactly (MODELS.md §5.1); a v1 model (256-d phone
//   features) or anything else fails with MODEL_SIGNATURE_MISMATCH naming the file and the
//   difference;
// - ContentVec: one float input [1,1,N] at 16 kHz, output [1,T,768] (checked by a 1 s probe run,
//   since exports name the input differently);
// - RMVPE (optional): the waveform export (inputs waveform [1,N] + threshold, outputs f0 and uv).
import { basename } from 'node:path';
import type { Disposable } from '../../../../shared/disposable';
import { StudioError } from '../../../../shared/errors';
import { readFileWithSha256 } from '../../inference/fileHashing';
import type { ManifestTensor } from '../../inference/modelManifest';
import type { InferenceSessionPool, SessionLease } from '../../inference/sessionPool';
import type { ExpectedSignature } from '../../inference/sessionSignature';

export const CONTENTVEC_SAMPLE_RATE = 16_000;
export const CONTENTVEC_FEATURES = 768;

function tensor(
  name: string,
  dtype: ManifestTensor['dtype'],
  shape: (number | string)[],
  description: string,
): ManifestTensor {
  return { name, dtype, shape, layout: shape.join(' x '), description };
}

/** RVC v2 synthesizer as exported by RVC's infer/modules/onnx/export.py. */
export const RVC_V2_SIGNATURE: ExpectedSignature = {
  inputs: [
    tensor('phone', 'float32', [1, 'T', CONTENTVEC_FEATURES], 'ContentVec layer-12 features, 100 fps'),
    tensor('phone_lengths', 'int64', [1], 'T'),
    tensor('pitch', 'int64', [1, 'T'], 'coarse pitch 1…255'),
    tensor('pitchf', 'float32', [1, 'T'], 'F0 in Hz, 0 = unvoiced'),
    tensor('ds', 'int64', [1], 'speaker id'),
    tensor('rnd', 'float32', [1, 192, 'T'], 'standard normal noise'),
  ],
  outputs: [tensor('audio', 'float32', [1, 1, 'samples'], 'waveform in [-1, 1]')],
};

export const RMVPE_WAVEFORM_SIGNATURE: ExpectedSignature = {
  inputs: [
    tensor('waveform', 'float32', [1, 'N'], '16 kHz mono'),
    tensor('threshold', 'float32', [], 'voicing threshold'),
  ],
  outputs: [
    tensor('f0', 'float32', [1, 'frames'], 'Hz, 10 ms frames'),
    tensor('uv', 'bool', [1, 'frames'], 'unvoiced flags'),
  ],
};

export interface RvcModelPaths {
  modelPath: string;
  contentVecPath: string;
  rmvpePath?: string;
}

export interface RvcModels extends Disposable {
  voice: SessionLease;
  contentVec: SessionLease;
  contentVecInput: string;
  rmvpe: SessionLease | null;
}

async function acquire(
  pool: InferenceSessionPool,
  path: string,
  role: string,
  signature?: ExpectedSignature,
): Promise<SessionLease> {
  let sha256: string;
  try {
    sha256 = (await readFileWithSha256(path)).sha256;
  } catch (error) {
    throw new StudioError(
      'FILE_NOT_FOUND',
      `The ${role} "${path}" cannot be read: ${(error as Error).message}.`,
      {
        cause: error,
      },
    );
  }
  try {
    return await pool.acquire({
      modelId: `rvc-${role.replace(/\s+/g, '-')}:${basename(path)}`,
      modelPath: path,
      expectedSha256: sha256,
      signature,
      provider: 'cpu',
    });
  } catch (error) {
    if (error instanceof StudioError && error.code === 'MODEL_SIGNATURE_MISMATCH') {
      const detail = error.message
        .replace(/^Model "[^"]*" does not match its manifest: /, '')
        .replaceAll('the manifest says', 'expected');
      throw new StudioError(
        'MODEL_SIGNATURE_MISMATCH',
        `"${basename(path)}" is not an ${role} with the expected inputs and outputs: ${detail}`,
        {
          cause: error,
        },
      );
    }
    if (error instanceof StudioError && error.code === 'MODEL_CORRUPT') {
      throw new StudioError(
        'MODEL_CORRUPT',
        `"${basename(path)}" is not an ONNX model onnxruntime can load (the ${role}).`,
        {
          cause: error,
        },
      );
    }
    throw error;
  }
}

/** One second of silence through ContentVec: the output must be [1, T, 768]. */
async function checkContentVec(lease: SessionLease, path: string): Promise<string> {
  const [input] = lease.inputNames;
  if (lease.inputNames.length !== 1 || input === undefined || lease.outputNames.length < 1) {
    throw new StudioError(
      'MODEL_SIGNATURE_MISMATCH',
      `"${basename(path)}" is not a ContentVec model: it has inputs ${lease.inputNames.join(', ') || 'none'} (expected one 16 kHz waveform).`,
    );
  }
  let dims: readonly number[];
  try {
    const outputs = await lease.run({
      [input]: { data: new Float32Array(CONTENTVEC_SAMPLE_RATE), dims: [1, 1, CONTENTVEC_SAMPLE_RATE] },
    });
    dims = outputs[lease.outputNames[0]!]!.dims;
  } catch (error) {
    throw new StudioError(
      'MODEL_SIGNATURE_MISMATCH',
      `"${basename(path)}" is not a ContentVec model: it does not take a [1,1,N] waveform.`,
      {
        cause: error,
      },
    );
  }
  if (dims.length !== 3 || dims[2] !== CONTENTVEC_FEATURES) {
    throw new StudioError(
      'MODEL_SIGNATURE_MISMATCH',
      `"${basename(path)}" is not a ContentVec 768 model: its output is [${dims.join(',')}], expected [1,T,${CONTENTVEC_FEATURES}] (RVC v2 needs 768-d features).`,
    );
  }
  return input;
}

export async function loadRvcModels(pool: InferenceSessionPool, paths: RvcModelPaths): Promise<RvcModels> {
  const leases: SessionLease[] = [];
  try {
    const voice = await acquire(pool, paths.modelPath, 'RVC v2 voice model', RVC_V2_SIGNATURE);
    leases.push(voice);
    const contentVec = await acquire(pool, paths.contentVecPath, 'ContentVec model');
    leases.push(contentVec);
    const contentVecInput = await checkContentVec(contentVec, paths.contentVecPath);
    const rmvpe = paths.rmvpePath
      ? await acquire(pool, paths.rmvpePath, 'RMVPE pitch model', RMVPE_WAVEFORM_SIGNATURE)
      : null;
    if (rmvpe) leases.push(rmvpe);
    return {
      voice,
      contentVec,
      contentVecInput,
      rmvpe,
      dispose: () => leases.forEach((lease) => lease.release()),
    };
  } catch (error) {
    for (const lease of leases) lease.release();
    throw error;
  }
}
