// Pure building blocks of the converter: layout arithmetic, weight decoding, topological order.
import { describe, expect, it } from 'vitest';
import {
  broadcastShapes,
  constantForNchwBroadcast,
  nhwcAxisToNchwAxis,
  samePadding,
  transposeData,
  transposeMovesData,
} from './layoutMath';
import { decodeWeights, halfToFloat } from './tfjsWeightDecoding';
import { sortTopologically } from './topologicalSort';

describe('layout arithmetic', () => {
  it('transposes like numpy', () => {
    // [2,3] -> [3,2]
    expect(Array.from(transposeData(Float32Array.of(1, 2, 3, 4, 5, 6), [2, 3], [1, 0]))).toEqual([
      1, 4, 2, 5, 3, 6,
    ]);
    // NHWC [1,2,2,2] -> NCHW
    const nhwc = Float32Array.of(0, 1, 2, 3, 4, 5, 6, 7); // (h,w,c) = value bits h*4+w*2+c
    expect(Array.from(transposeData(nhwc, [1, 2, 2, 2], [0, 3, 1, 2]))).toEqual([0, 2, 4, 6, 1, 3, 5, 7]);
  });

  it('puts the odd SAME padding pixel at the end, like TF', () => {
    expect(samePadding(7, 3, 2, 1)).toEqual({ begin: 1, end: 1, outputSize: 4 });
    expect(samePadding(256, 3, 2, 1)).toEqual({ begin: 0, end: 1, outputSize: 128 });
    expect(samePadding(8, 2, 2, 1)).toEqual({ begin: 0, end: 0, outputSize: 4 });
    expect(samePadding(5, 5, 1, 1)).toEqual({ begin: 2, end: 2, outputSize: 5 });
  });

  it('rewrites per-channel constants for NCHW broadcasting', () => {
    expect(constantForNchwBroadcast(Float32Array.of(1, 2, 3), [3]).shape).toEqual([3, 1, 1]);
    expect(constantForNchwBroadcast(Float32Array.of(1, 2, 3), [1, 1, 3]).shape).toEqual([3, 1, 1]);
    expect(constantForNchwBroadcast(Float32Array.of(5), []).shape).toEqual([]);
    const spatial = constantForNchwBroadcast(Float32Array.of(1, 2, 3, 4), [2, 1, 2]);
    expect(spatial.shape).toEqual([2, 2, 1]);
    expect(Array.from(spatial.data)).toEqual([1, 3, 2, 4]);
  });

  it('maps axes and knows when a transpose moves no data', () => {
    expect([0, 1, 2, 3, -1].map(nhwcAxisToNchwAxis)).toEqual([0, 2, 3, 1, 1]);
    expect(transposeMovesData([1, 1404, 1, 1], [0, 2, 3, 1])).toBe(false);
    expect(transposeMovesData([1, 8, 2, 3], [0, 2, 3, 1])).toBe(true);
    expect(broadcastShapes([-1, 4, 4, 8], [8])).toEqual([-1, 4, 4, 8]);
    expect(() => broadcastShapes([3], [4])).toThrow(/do not broadcast/);
  });
});

describe('weight decoding', () => {
  it('decodes IEEE half precision exactly', () => {
    expect(halfToFloat(0x3c00)).toBe(1);
    expect(halfToFloat(0xc000)).toBe(-2);
    expect(halfToFloat(0x3555)).toBeCloseTo(0.333251953125, 12);
    expect(halfToFloat(0x0001)).toBe(2 ** -24);
    expect(halfToFloat(0x7c00)).toBe(Infinity);
    expect(halfToFloat(0x7e00)).toBeNaN();
  });

  it('walks cumulative offsets through a group and dequantizes uint8 affine weights', () => {
    const bytes = Buffer.concat([
      Buffer.from(Float32Array.of(1.5, -2).buffer),
      Buffer.from(Uint8Array.of(0, 10, 255)),
      Buffer.from(Int32Array.of(-1, 7).buffer),
    ]);
    const weights = decodeWeights(
      'test',
      [
        {
          paths: ['a.bin', 'b.bin'],
          weights: [
            { name: 'f', shape: [2], dtype: 'float32' },
            {
              name: 'q',
              shape: [3],
              dtype: 'float32',
              quantization: { dtype: 'uint8', scale: 0.5, min: -1 },
            },
            { name: 'i', shape: [2], dtype: 'int32' },
          ],
        },
      ],
      // The group is split over two shards at an arbitrary byte: offsets continue across them.
      (path) => (path === 'a.bin' ? bytes.subarray(0, 5) : bytes.subarray(5)),
    );
    expect(Array.from(weights.get('f')?.data ?? [])).toEqual([1.5, -2]);
    expect(Array.from(weights.get('q')?.data ?? [])).toEqual([-1, 4, 126.5]);
    expect(Array.from(weights.get('i')?.data ?? [])).toEqual([-1, 7]);
  });
});

describe('topological sort', () => {
  it('puts producers first and otherwise keeps file order', () => {
    const items = [
      { name: 'c', dependencies: ['b'] },
      { name: 'a', dependencies: ['input'] },
      { name: 'b', dependencies: ['a'] },
      { name: 'd', dependencies: ['a'] },
    ];
    expect(sortTopologically(items).map((item) => item.name)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('reports cycles', () => {
    expect(() =>
      sortTopologically([
        { name: 'a', dependencies: ['b'] },
        { name: 'b', dependencies: ['a'] },
      ]),
    ).toThrow(/cycle through: a, b/);
  });
});
