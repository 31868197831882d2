// The worker pool with real worker threads running the real worker entry (through tsx, as in a
// source checkout), and the built-layout lookup of the worker file.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { StudioError } from '../../../shared/errors';
import { locateFrameProcessorWorker } from './frameWorkerEntry';
import { FrameWorkerPool } from './frameWorkerPool';
import { FrameBufferPool, processInOrder } from './orderedFrameProcessing';

const pools: FrameWorkerPool[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.stop()));
});

function startPool(size: number): FrameWorkerPool {
  const pool = new FrameWorkerPool(size);
  pools.push(pool);
  return pool;
}

const info = (outputFrame: number) => ({
  outputFrame,
  timelineUs: outputFrame * 40_000,
  sourceUs: null,
  clipId: 'c',
  assetId: 'a',
});

async function* numberedFrames(count: number, buffers: FrameBufferPool): AsyncGenerator<ArrayBuffer> {
  for (let index = 0; index < count; index += 1) {
    const buffer = buffers.take();
    new Uint8Array(buffer).fill(index % 256);
    yield buffer;
  }
}

describe('frame worker pool', () => {
  it('processes frames in worker threads and delivers them in order with a bounded number in flight', async () => {
    const pool = startPool(2);
    const steps = [{ processorId: 'colorBalance', params: { red: 2, green: 1, blue: 0 } }];
    await pool.prepare('grade', steps, { width: 4, height: 2, pixelFormat: 'rgb24' });
    const buffers = new FrameBufferPool(4 * 2 * 3);
    const delivered: number[][] = [];
    let inFlight = 0;
    let maxInFlight = 0;

    const count = await processInOrder(
      numberedFrames(40, buffers),
      async (buffer, index) => {
        inFlight += 1;
        maxInFlight = Math.max(maxInFlight, inFlight);
        try {
          return await pool.process('grade', buffer, info(index));
        } finally {
          inFlight -= 1;
        }
      },
      async (buffer) => {
        delivered.push([...new Uint8Array(buffer).subarray(0, 3)]);
        buffers.give(buffer);
      },
      4,
    );

    expect(count).toBe(40);
    // In order, and really processed: red doubled (clamped), blue zeroed.
    expect(delivered).toEqual(Array.from({ length: 40 }, (_, index) => [Math.min(255, index * 2), index, 0]));
    expect(maxInFlight).toBeLessThanOrEqual(4);
    // Buffers came back from the workers and were reused: a handful, not one per frame.
    expect(buffers.allocatedCount).toBeLessThanOrEqual(6);
    await pool.close();
  });

  it('fails the frame with the processor error (code and message kept)', async () => {
    const pool = startPool(1);
    await pool.prepare('failing', [{ processorId: 'passThrough', params: { failAtFrame: 3 } }], {
      width: 2,
      height: 2,
      pixelFormat: 'rgb24',
    });
    await expect(pool.process('failing', new ArrayBuffer(12), info(2))).resolves.toBeInstanceOf(ArrayBuffer);
    const error = await pool
      .process('failing', new ArrayBuffer(12), info(3))
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StudioError);
    expect((error as StudioError).message).toContain('fail at frame 3');
  });

  it('refuses an unknown processor and bad params when preparing', async () => {
    const pool = startPool(1);
    await expect(
      pool.prepare('x', [{ processorId: 'noSuchEffect', params: {} }], {
        width: 2,
        height: 2,
        pixelFormat: 'rgb24',
      }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(
      pool.prepare('y', [{ processorId: 'colorBalance', params: { red: -3 } }], {
        width: 2,
        height: 2,
        pixelFormat: 'rgb24',
      }),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('fails outstanding frames with CANCELLED when disposed', async () => {
    const pool = startPool(1);
    await pool.prepare('pass', [{ processorId: 'passThrough', params: {} }], {
      width: 64,
      height: 64,
      pixelFormat: 'yuv420p',
    });
    const pending = pool.process('pass', new ArrayBuffer(64 * 64 * 1.5), info(0));
    pool.dispose();
    await expect(pending).rejects.toMatchObject({ code: 'CANCELLED' });
    // The thread disposed its processors and exited by itself (1 would mean it was terminated).
    expect(await pool.stop()).toEqual([0]);
  });
});

describe('frame worker entry', () => {
  const folders: string[] = [];
  afterEach(() => {
    for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
  });

  it('uses the TypeScript worker beside a .ts module, and the built worker beside or above a .js chunk', () => {
    expect(
      locateFrameProcessorWorker(pathToFileURL('/repo/src/main/engine/render/frameWorkerEntry.ts').href),
    ).toEqual({
      kind: 'typescript',
      path: '/repo/src/main/engine/render/frameProcessorWorker.ts',
    });
    const out = mkdtempSync(join(tmpdir(), 'doppel-built-'));
    folders.push(out);
    mkdirSync(join(out, 'chunks'));
    writeFileSync(join(out, 'frameProcessorWorker.js'), '');
    expect(locateFrameProcessorWorker(pathToFileURL(join(out, 'chunks', 'createStudio-x1.js')).href)).toEqual(
      {
        kind: 'javascript',
        path: join(out, 'frameProcessorWorker.js'),
      },
    );
    expect(locateFrameProcessorWorker(pathToFileURL(join(out, 'cli.js')).href).path).toBe(
      join(out, 'frameProcessorWorker.js'),
    );
    expect(() => locateFrameProcessorWorker(pathToFileURL(join(tmpdir(), 'nowhere', 'x.js')).href)).toThrow(
      /rebuild the studio/,
    );
  });
});
