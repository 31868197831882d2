// Test support, shared by every engine that uses model packs: small ONNX models the project
// generates at test time (never committed) with the SAME input/output names, shapes and types as
// the real pack models (MODELS.md), so the real code path — download, hash, signature check,
// onnxruntime session, pre/post-processing — runs end to end. Each computes something simple but
// real that depends on every input, so a test can tell a wrong feed from a right one:
// - inswapper_128: target [1,3,128,128] + source [1,512] -> sigmoid(4·(target − 0.5) + tint), the
//   tint a projection of source·emap; emap [512,512] is the graph's LAST initializer, as in the real
//   file, so emap extraction is exercised.
// - ArcFace w600k_r50: [1,3,112,112] -> [1,512], a linear map of the 14x14-pooled face.
// - GFPGAN 1.4: [1,3,512,512] -> same, a contrast change inside [-1,1].
// - Wav2Lip 96: source mel [1,1,80,16] + target [1,6,96,96] -> [1,3,96,96], the reference half
//   brightened by the mel's mean.
// - RMVPE (mel input): [1,128,frames] -> [1,frames,360] salience.
// - ContentVec, RVC v2 voice, RMVPE waveform export: the voice engine's fixtures, re-exported.
import { writeFile } from 'node:fs/promises';
import {
  encodeOnnxModel,
  float32Tensor,
  int64Tensor,
  intAttribute,
  intsAttribute,
  nodeProto,
  valueInfo,
  type NodeProto,
  type TensorProto,
  type ValueInfoProto,
} from '../../inference/tfjsConverter/onnxModelWriter';

import { writeContentVecFixture } from '../../voice/testSupport/rvcFixtureModels';

export {
  writeContentVecFixture,
  writeRmvpeFixture as writeRmvpeWaveformFixture,
  writeRvcVoiceFixture,
} from '../../voice/testSupport/rvcFixtureModels';

/** Deterministic pseudo-random numbers (mulberry32), so fixture bytes and hashes never change. */
export function fixtureRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = Math.imul(state ^ (state >>> 15), state | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

function gaussianMatrix(rows: number, columns: number, scale: number, seed: number): Float32Array {
  const random = fixtureRandom(seed);
  const values = new Float32Array(rows * columns);
  for (let index = 0; index < values.length; index++) {
    // Box–Muller: normal values, so projections keep their spread.
    const radius = Math.sqrt(-2 * Math.log(Math.max(1e-12, random())));
    values[index] = radius * Math.cos(2 * Math.PI * random()) * scale;
  }
  return values;
}

function model(
  name: string,
  nodes: NodeProto[],
  initializers: TensorProto[],
  inputs: ValueInfoProto[],
  outputs: ValueInfoProto[],
): Uint8Array {
  return encodeOnnxModel({
    graphName: name,
    nodes,
    initializers,
    inputs,
    outputs,
    docString: `Doppel Studio test fixture with the signature of ${name}; not a real model.`,
    producerVersion: '1',
    metadata: {},
  });
}

const scalar = (name: string, value: number) => float32Tensor(name, [], Float32Array.of(value));

/** The emap the inswapper fixture carries (rows = embedding, columns = latent). */
export function inswapperFixtureEmap(): Float32Array {
  return gaussianMatrix(512, 512, 1 / Math.sqrt(512), 7);
}

export async function writeInswapperFixture(
  path: string,
  options: { cropSize?: number } = {},
): Promise<void> {
  const size = options.cropSize ?? 128;
  const nodes = [
    nodeProto('MatMul', 'identity_projection', ['source', 'emap_probe'], ['projected']),
    nodeProto('MatMul', 'identity_tint', ['projected', 'tint_weights'], ['tint']),
    nodeProto('Reshape', 'tint_per_channel', ['tint', 'tint_shape'], ['tint_4d']),
    nodeProto('Sub', 'centre', ['target', 'half'], ['centred']),
    nodeProto('Mul', 'contrast', ['centred', 'four'], ['contrasted']),
    nodeProto('Add', 'mix_identity', ['contrasted', 'tint_4d'], ['mixed']),
    nodeProto('Sigmoid', 'to_unit_range', ['mixed'], ['output']),
  ];
  const initializers = [
    gaussianMatrixTensor('tint_weights', 512, 3, 1.5, 11),
    int64Tensor('tint_shape', [4], [1, 3, 1, 1]),
    scalar('half', 0.5),
    scalar('four', 4),
    // Last, as in InsightFace's file: the swapper's emap (read by the engine, not fed).
    float32Tensor('emap_probe', [512, 512], inswapperFixtureEmap()),
  ];
  await writeFile(
    path,
    model(
      'inswapper_128',
      nodes,
      initializers,
      [valueInfo('target', 'float32', [1, 3, size, size]), valueInfo('source', 'float32', [1, 512])],
      [valueInfo('output', 'float32', [1, 3, size, size])],
    ),
  );
}

function gaussianMatrixTensor(
  name: string,
  rows: number,
  columns: number,
  scale: number,
  seed: number,
): TensorProto {
  return float32Tensor(name, [rows, columns], gaussianMatrix(rows, columns, scale, seed));
}

export async function writeArcfaceFixture(path: string): Promise<void> {
  const nodes = [
    nodeProto(
      'AveragePool',
      'pool',
      ['input.1'],
      ['pooled'],
      [intsAttribute('kernel_shape', [14, 14]), intsAttribute('strides', [14, 14])],
    ),
    nodeProto('Reshape', 'flatten', ['pooled', 'flat_shape'], ['flat']),
    nodeProto('MatMul', 'embed', ['flat', 'embedding_weights'], ['683']),
  ];
  await writeFile(
    path,
    model(
      'arcface_w600k_r50',
      nodes,
      [int64Tensor('flat_shape', [2], [1, 192]), gaussianMatrixTensor('embedding_weights', 192, 512, 1, 3)],
      [valueInfo('input.1', 'float32', ['batch', 3, 112, 112])],
      [valueInfo('683', 'float32', ['batch', 512])],
    ),
  );
}

export async function writeGfpganFixture(path: string): Promise<void> {
  const nodes = [
    nodeProto('Mul', 'contrast', ['input', 'gain'], ['scaled']),
    nodeProto('Clip', 'bound', ['scaled', 'low', 'high'], ['output']),
  ];
  await writeFile(
    path,
    model(
      'gfpgan_1.4',
      nodes,
      [scalar('gain', 1.25), scalar('low', -1), scalar('high', 1)],
      [valueInfo('input', 'float32', [1, 3, 512, 512])],
      [valueInfo('output', 'float32', [1, 3, 512, 512])],
    ),
  );
}

export async function writeWav2LipFixture(path: string): Promise<void> {
  const nodes = [
    nodeProto(
      'Slice',
      'reference_half',
      ['target', 'slice_starts', 'slice_ends', 'slice_axes'],
      ['reference'],
    ),
    nodeProto(
      'ReduceMean',
      'loudness',
      ['source'],
      ['mel_mean'],
      [intsAttribute('axes', [1, 2, 3]), intAttribute('keepdims', 1)],
    ),
    nodeProto('Mul', 'loudness_gain', ['mel_mean', 'quarter'], ['shift']),
    nodeProto('Add', 'speak', ['reference', 'shift'], ['moved']),
    nodeProto('Clip', 'bound', ['moved', 'zero', 'one'], ['output']),
  ];
  await writeFile(
    path,
    model(
      'wav2lip_gan_96',
      nodes,
      [
        int64Tensor('slice_starts', [1], [3]),
        int64Tensor('slice_ends', [1], [6]),
        int64Tensor('slice_axes', [1], [1]),
        scalar('quarter', 0.25),
        scalar('zero', 0),
        scalar('one', 1),
      ],
      [valueInfo('source', 'float32', [1, 1, 80, 16]), valueInfo('target', 'float32', [1, 6, 96, 96])],
      [valueInfo('output', 'float32', [1, 3, 96, 96])],
    ),
  );
}

export async function writeRmvpeMelFixture(path: string): Promise<void> {
  const nodes = [
    nodeProto('Transpose', 'time_major', ['mel'], ['frames'], [intsAttribute('perm', [0, 2, 1])]),
    nodeProto('MatMul', 'salience_logits', ['frames', 'bin_weights'], ['logits']),
    nodeProto('Sigmoid', 'salience', ['logits'], ['hidden']),
  ];
  await writeFile(
    path,
    model(
      'rmvpe',
      nodes,
      [gaussianMatrixTensor('bin_weights', 128, 360, 0.1, 5)],
      [valueInfo('mel', 'float32', [1, 128, 'frames'])],
      [valueInfo('hidden', 'float32', [1, 'frames', 360])],
    ),
  );
}

/** The writer of each pack model id's fixture. */
export const PACK_FIXTURE_WRITERS: Readonly<Record<string, (path: string) => Promise<void>>> = {
  'inswapper-128': (path) => writeInswapperFixture(path),
  'arcface-w600k-r50': writeArcfaceFixture,
  'gfpgan-1.4': writeGfpganFixture,
  'wav2lip-gan-96': writeWav2LipFixture,
  'contentvec-768-l12': (path) => writeContentVecFixture(path),
  rmvpe: writeRmvpeMelFixture,
};
