// The pieces of the neural swap on their own: the least-squares similarity (checked against a plain
// normal-equations solve), emap extraction from the protobuf (float32 and float16, cached by
// sha256), the latent, the box mask and the paste-back.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import onnxProto from 'onnx-proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyAffine } from '../../face/faceGeometry';
import {
  encodeOnnxModel,
  float32Tensor,
  nodeProto,
  valueInfo,
} from '../../inference/tfjsConverter/onnxModelWriter';
import { inswapperFixtureEmap, writeInswapperFixture } from '../../models/testSupport/packFixtureModels';
import { ARCFACE_112_V2, ARCFACE_128, estimateSimilarity, type FivePoints } from './faceAlignment';
import { emapCachePath, extractEmap, inswapperLatent, loadInswapperEmap } from './inswapperEmap';
import { boxMask, pasteBack } from './pasteBack';

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'doppel-neural-parts-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

/** Least squares over (a, b, tx, ty) by the normal equations, solved by Gaussian elimination. */
function similarityByNormalEquations(from: FivePoints, to: FivePoints): number[] {
  const rows: number[][] = [];
  const values: number[] = [];
  from.forEach(([x, y], index) => {
    rows.push([x, -y, 1, 0], [y, x, 0, 1]);
    values.push(to[index]![0], to[index]![1]);
  });
  const normal = [0, 1, 2, 3].map((i) =>
    [0, 1, 2, 3].map((j) => rows.reduce((sum, row) => sum + row[i]! * row[j]!, 0)),
  );
  const right = [0, 1, 2, 3].map((i) => rows.reduce((sum, row, r) => sum + row[i]! * values[r]!, 0));
  for (let pivot = 0; pivot < 4; pivot++) {
    for (let row = pivot + 1; row < 4; row++) {
      const factor = normal[row]![pivot]! / normal[pivot]![pivot]!;
      for (let column = pivot; column < 4; column++)
        normal[row]![column]! -= factor * normal[pivot]![column]!;
      right[row]! -= factor * right[pivot]!;
    }
  }
  const solution = [0, 0, 0, 0];
  for (let row = 3; row >= 0; row--) {
    let sum = right[row]!;
    for (let column = row + 1; column < 4; column++) sum -= normal[row]![column]! * solution[column]!;
    solution[row] = sum / normal[row]![row]!;
  }
  return solution;
}

describe('five-point alignment', () => {
  it('recovers an exact similarity and matches the least-squares solution on noisy points', () => {
    const angle = 0.35;
    const scale = 2.3;
    const moved: FivePoints = ARCFACE_112_V2.points.map(([x, y]) => [
      scale * (Math.cos(angle) * x - Math.sin(angle) * y) + 40,
      scale * (Math.sin(angle) * x + Math.cos(angle) * y) - 12,
    ]);
    const back = estimateSimilarity(moved, ARCFACE_112_V2.points);
    ARCFACE_112_V2.points.forEach(([x, y], index) => {
      const mapped = applyAffine(back, moved[index]![0], moved[index]![1]);
      expect(mapped.x).toBeCloseTo(x, 9);
      expect(mapped.y).toBeCloseTo(y, 9);
    });
    const noisy: FivePoints = moved.map(([x, y], index) => [
      x + [1.5, -2, 0.7, 3, -1][index]!,
      y + [-1, 2.5, 0, -0.5, 1.2][index]!,
    ]);
    const [a, b, tx, ty] = similarityByNormalEquations(noisy, ARCFACE_128.points);
    const estimated = estimateSimilarity(noisy, ARCFACE_128.points);
    expect(estimated[0]).toBeCloseTo(a!, 10);
    expect(estimated[3]).toBeCloseTo(b!, 10);
    expect(estimated[2]).toBeCloseTo(tx!, 8);
    expect(estimated[5]).toBeCloseTo(ty!, 8);
    expect(estimated[1]).toBeCloseTo(-b!, 10);
  });

  it('has the templates of MODELS.md (arcface_128 = arcface_112_v2 moved 8 px right)', () => {
    expect(ARCFACE_128.points[0]).toEqual([46.2946, 51.6963]);
    expect(ARCFACE_128.points[4]).toEqual([78.7299, 92.2041]);
  });
});

describe('inswapper emap', () => {
  it('reads the last initializer of the model, caches it by sha256 and builds the latent', async () => {
    const modelPath = join(folder, 'inswapper_128.onnx');
    await writeInswapperFixture(modelPath);
    const bytes = await readFile(modelPath);
    const expected = inswapperFixtureEmap();
    expect(extractEmap(bytes, modelPath)).toEqual(expected);

    const sha = createHash('sha256').update(bytes).digest('hex');
    const first = await loadInswapperEmap(modelPath, sha);
    expect(first).toMatchObject({ fromCache: false });
    expect(existsSync(emapCachePath(modelPath, sha))).toBe(true);
    const second = await loadInswapperEmap(modelPath, sha);
    expect(second.fromCache).toBe(true);
    expect(second.emap).toEqual(expected);
    expect((await loadInswapperEmap(modelPath, 'f'.repeat(64))).fromCache).toBe(false);

    const embedding = Float32Array.from({ length: 512 }, (_, index) => Math.sin(index * 0.37) * 3);
    const latent = inswapperLatent(embedding, expected);
    expect(Math.hypot(...latent)).toBeCloseTo(1, 5);
    // latent ∝ (e/|e|)·emap: column 5 by hand.
    const norm = Math.hypot(...embedding);
    let column5 = 0;
    for (let row = 0; row < 512; row++) column5 += (embedding[row]! / norm) * expected[row * 512 + 5]!;
    let whole = 0;
    for (let column = 0; column < 512; column++) {
      let value = 0;
      for (let row = 0; row < 512; row++) value += (embedding[row]! / norm) * expected[row * 512 + column]!;
      whole += value * value;
    }
    expect(latent[5]).toBeCloseTo(column5 / Math.sqrt(whole), 5);
    const scaled = inswapperLatent(
      embedding.map((value) => value * 10),
      expected,
    );
    expect(Math.max(...scaled.map((value, index) => Math.abs(value - latent[index]!)))).toBeLessThan(1e-6);
  });

  it('reads a float16 emap and names the problem with anything else', async () => {
    const { onnx } = onnxProto;
    const halves = new Uint16Array(512 * 512).fill(0x3c00); // 1.0
    halves[1] = 0xc000; // -2.0
    const withHalfEmap = encodeOnnxModel({
      graphName: 'fp16',
      nodes: [nodeProto('Relu', 'r', ['x'], ['y'])],
      initializers: [
        float32Tensor('other', [2], Float32Array.of(1, 2)),
        onnx.TensorProto.create({
          name: 'emap',
          dims: [512, 512],
          dataType: 10,
          rawData: new Uint8Array(halves.buffer),
        }),
      ],
      inputs: [valueInfo('x', 'float32', [1])],
      outputs: [valueInfo('y', 'float32', [1])],
      docString: 'fp16 emap',
      producerVersion: '1',
      metadata: {},
    });
    const emap = extractEmap(withHalfEmap, 'fp16.onnx');
    expect([emap[0], emap[1], emap[2]]).toEqual([1, -2, 1]);

    const wrongShape = encodeOnnxModel({
      graphName: 'small',
      nodes: [nodeProto('Relu', 'r', ['x'], ['y'])],
      initializers: [float32Tensor('last_one', [4, 4], new Float32Array(16))],
      inputs: [valueInfo('x', 'float32', [1])],
      outputs: [valueInfo('y', 'float32', [1])],
      docString: '',
      producerVersion: '1',
      metadata: {},
    });
    expect(() => extractEmap(wrongShape, 'small.onnx')).toThrow(
      'Cannot read the emap of small.onnx: its last initializer "last_one" is [4,4], not [512,512].',
    );
    const garbage = join(folder, 'garbage.onnx');
    await writeFile(garbage, 'definitely not protobuf \xff\xff\xff');
    await expect(loadInswapperEmap(garbage, 'a'.repeat(64))).rejects.toMatchObject({
      code: 'MODEL_CORRUPT',
      message: expect.stringContaining(`Cannot read the emap of ${garbage}`),
    });
  });
});

describe('paste-back', () => {
  it('uses a feathered box mask: zero at the crop edge, one in the middle', () => {
    const mask = boxMask(128);
    expect(mask[0]).toBeLessThan(0.01);
    expect(mask[64 * 128 + 64]).toBeCloseTo(1, 5);
    for (let column = 1; column <= 64; column++)
      expect(mask[64 * 128 + column]!).toBeGreaterThanOrEqual(mask[64 * 128 + column - 1]!);
    expect(mask[64 * 128 + 5]).toBeCloseTo(mask[64 * 128 + 122]!, 6);
    expect(mask[9 * 128 + 64]).toBeGreaterThan(0.2);
    expect(mask[9 * 128 + 64]).toBeLessThan(0.8);
  });

  it('blends the crop only inside its footprint', () => {
    const width = 200;
    const frame = { width, height: 160, data: new Uint8Array(width * 160 * 3).fill(100) };
    const crop = new Float32Array(128 * 128 * 3).fill(220);
    // Crop pixel (u, v) shows frame pixel (u + 30, v + 10), at half scale.
    const cropToFrame = [0.5, 0, 30, 0, 0.5, 10] as const;
    const frameToCrop = [2, 0, -60, 0, 2, -20] as const;
    const box = pasteBack(frame, { cropRgb: crop, size: 128, frameToCrop, cropToFrame, mask: boxMask(128) });
    expect(box).toEqual({ x0: 30, y0: 10, x1: 94, y1: 74 });
    const at = (x: number, y: number) => frame.data[(y * width + x) * 3]!;
    expect(at(62, 42)).toBe(220);
    expect(at(30, 42)).toBeLessThan(112);
    expect(at(32, 42)).toBeLessThan(at(40, 42));
    expect(at(20, 42)).toBe(100);
    expect(at(150, 100)).toBe(100);
    let changedOutside = 0;
    for (let y = 0; y < 160; y++)
      for (let x = 0; x < width; x++)
        if ((x < 30 || x > 94 || y < 10 || y > 74) && at(x, y) !== 100) changedOutside += 1;
    expect(changedOutside).toBe(0);
  });
});
