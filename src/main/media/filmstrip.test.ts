import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assetCachePath } from './assetCache';
import { chooseThumbnailCount, createThumbnails, readFilmstripInfo, scaledSize } from './filmstrip';
import { hashFile } from './hashFile';
import {
  createFixtureFolder,
  sharedMedia,
  sharedMediaAvailable,
  SHARED_MEDIA_SKIP_MESSAGE,
  type FixtureFolder,
  type FixtureName,
} from './mediaTestFixtures';
import { probeMedia } from './probeMedia';

let fixtures: FixtureFolder;
let cacheDir: string;
beforeAll(async () => {
  fixtures = await createFixtureFolder();
  cacheDir = path.join(fixtures.dir, 'cache');
});
afterAll(async () => {
  await fixtures.cleanup();
});

async function thumbnailsOf(file: string, options: Parameters<typeof createThumbnails>[4] = {}) {
  const sha256 = await hashFile(file);
  const probe = await probeMedia(file);
  const result = await createThumbnails(file, probe, cacheDir, sha256, options);
  return { sha256, probe, result };
}

/** Mean brightness of each tile: a black (padding) tile means the sprite ran out of frames. */
async function tileBrightness(spritePath: string, count: number, tileWidth: number): Promise<number[]> {
  const { data, info } = await sharp(spritePath).greyscale().raw().toBuffer({ resolveWithObject: true });
  return Array.from({ length: count }, (_, tile) => {
    let sum = 0;
    for (let y = 0; y < info.height; y++) {
      for (let x = tile * tileWidth; x < (tile + 1) * tileWidth; x++) sum += data[y * info.width + x] ?? 0;
    }
    return sum / (tileWidth * info.height);
  });
}

describe('filmstrip sprites', () => {
  it('writes N evenly spaced tiles of a fixed height, a poster and the geometry', async () => {
    const file = await fixtures.fixture('video.mp4');
    const { sha256, result } = await thumbnailsOf(file, { count: 4 });
    expect(result).toMatchObject({ count: 4, tileWidth: 120, tileHeight: 90, hasPoster: true });
    const sprite = await sharp(assetCachePath(cacheDir, sha256, 'filmstrip')).metadata();
    expect([sprite.format, sprite.width, sprite.height]).toEqual(['jpeg', 480, 90]);
    const poster = await sharp(assetCachePath(cacheDir, sha256, 'poster')).metadata();
    expect([poster.width, poster.height]).toEqual([160, 120]); // never enlarged past the source
    for (const brightness of await tileBrightness(result.filmstripPath as string, 4, 120)) {
      expect(brightness).toBeGreaterThan(40);
    }
    expect(await readFilmstripInfo(cacheDir, sha256)).toEqual({
      version: 1,
      count: 4,
      tileWidth: 120,
      tileHeight: 90,
      hasPoster: true,
    });
    // Only final files remain: temporary names were renamed or removed.
    expect((await readdir(path.dirname(result.filmstripPath as string))).sort()).toEqual([
      'filmstrip.jpg',
      'filmstrip.json',
      'poster.jpg',
    ]);
  });

  it('fills every tile even when the clip has fewer frames than tiles', async () => {
    const { result } = await thumbnailsOf(await fixtures.fixture('one-frame.mp4'), { count: 5 });
    expect(result.count).toBe(5);
    const brightness = await tileBrightness(result.filmstripPath as string, 5, result.tileWidth);
    expect(Math.min(...brightness)).toBeGreaterThan(40);
    expect(result.hasPoster).toBe(true);
  });

  it('turns tiles upright for a rotated video', async () => {
    const { probe, result } = await thumbnailsOf(await fixtures.fixture('marker-rotated.mp4'), { count: 2 });
    expect(probe.rotation).not.toBe(0);
    // 64x32 coded, shown 32x64: tiles are portrait.
    expect([result.tileWidth, result.tileHeight]).toEqual([46, 90]);
    const sprite = await sharp(result.filmstripPath as string).metadata();
    expect([sprite.width, sprite.height]).toEqual([92, 90]);
  });

  it('makes a one-tile strip and a poster for still images (sharp, and ffmpeg for BMP)', async () => {
    for (const name of ['picture.png', 'picture.jpg', 'picture.bmp'] satisfies FixtureName[]) {
      const { result } = await thumbnailsOf(await fixtures.fixture(name));
      expect(result, name).toMatchObject({ count: 1, tileWidth: 120, tileHeight: 90, hasPoster: true });
      const tile = await sharp(result.filmstripPath as string).metadata();
      expect([tile.format, tile.width, tile.height], name).toEqual(['jpeg', 120, 90]);
      expect((await stat(result.posterPath as string)).size, name).toBeGreaterThan(0);
    }
  });

  it('makes nothing for audio', async () => {
    const { result } = await thumbnailsOf(await fixtures.fixture('tone.wav'));
    expect(result).toMatchObject({ count: 0, filmstripPath: null, posterPath: null });
  });

  it('chooses one tile per second within limits and keeps tiles even-sized', () => {
    expect(
      [null, 0, 40_000, 1_000_000, 3_000_001, 11_000_000, 3_600_000_000].map(chooseThumbnailCount),
    ).toEqual([1, 1, 1, 1, 4, 11, 60]);
    expect(scaledSize(1920, 1080, 90)).toEqual({ width: 160, height: 90 });
    expect(scaledSize(64, 48, 360, true)).toEqual({ width: 64, height: 48 });
    expect(scaledSize(10_000, 100, 90)).toEqual({ width: 720, height: 90 });
  });

  it('returns null geometry for an asset that has none', async () => {
    expect(await readFilmstripInfo(cacheDir, 'f'.repeat(64))).toBeNull();
    expect(() => assetCachePath(cacheDir, '../../etc', 'poster')).toThrow(/not a sha256/);
  });
});

describe.skipIf(!sharedMediaAvailable)(
  `filmstrip of real media (${SHARED_MEDIA_SKIP_MESSAGE} → skipped)`,
  () => {
    it('makes a 3-tile strip of the 3 s GRID clip', async () => {
      const { result } = await thumbnailsOf(sharedMedia('videos/grid_bbaf2n_h264_aac.mp4'));
      expect(result).toMatchObject({ count: 3, tileWidth: 112, tileHeight: 90, hasPoster: true });
      const brightness = await tileBrightness(result.filmstripPath as string, 3, 112);
      expect(Math.min(...brightness)).toBeGreaterThan(20);
      const poster = await sharp(result.posterPath as string).metadata();
      expect([poster.width, poster.height]).toEqual([360, 288]);
    });
  },
);
