import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashFile } from './hashFile';

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'doppel-hash-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('hashFile', () => {
  it('matches sha256 of the bytes across many chunks and reports progress', async () => {
    const bytes = randomBytes(3 * 1024 * 1024 + 123);
    const file = path.join(folder, 'big.bin');
    await writeFile(file, bytes);
    const progress: number[] = [];
    const digest = await hashFile(file, { onProgress: (hashed) => progress.push(hashed) });
    expect(digest).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(progress.length).toBeGreaterThanOrEqual(4); // 1 MiB chunks: never the whole file at once
    expect(progress.at(-1)).toBe(bytes.length);
  });

  it('hashes an empty file', async () => {
    const file = path.join(folder, 'empty.bin');
    await writeFile(file, '');
    expect(await hashFile(file)).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('names a missing file', async () => {
    const file = path.join(folder, 'gone.bin');
    await expect(hashFile(file)).rejects.toMatchObject({
      code: 'FILE_NOT_FOUND',
      message: `"${file}" no longer exists (moved, renamed or deleted?).`,
    });
  });

  it('stops when cancelled', async () => {
    const file = path.join(folder, 'cancel.bin');
    await writeFile(file, randomBytes(4 * 1024 * 1024));
    const controller = new AbortController();
    const hashing = hashFile(file, { signal: controller.signal, onProgress: () => controller.abort() });
    await expect(hashing).rejects.toMatchObject({ code: 'CANCELLED' });
    controller.abort();
    await expect(hashFile(file, { signal: controller.signal })).rejects.toMatchObject({ code: 'CANCELLED' });
  });
});
