import { copyFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assetSchema,
  importProgressSchema,
  importResultSchema,
  type Asset,
  type ImportProgress,
} from '../../shared/model/schemas';
import { readFilmstripInfo } from './filmstrip';
import { createImportTimings, importTimingPhases, importTimingShares } from './importTimings';
import {
  checkAssetFiles,
  importMediaFiles,
  verifyRelinkCandidate,
  type ImportOptions,
  type ImportTarget,
} from './mediaImporter';
import {
  createFixtureFolder,
  sharedMedia,
  sharedMediaAvailable,
  SHARED_MEDIA_SKIP_MESSAGE,
  type FixtureFolder,
} from './mediaTestFixtures';
import { readPeaks } from './waveformPeaks';

let fixtures: FixtureFolder;
beforeAll(async () => {
  fixtures = await createFixtureFolder();
});
afterAll(async () => {
  await fixtures.cleanup();
});

/** The store's side of the contract, in memory. */
class MemoryTarget implements ImportTarget {
  readonly assets = new Map<string, Asset>();
  readonly probes = new Map<string, unknown>();
  addCalls = 0;
  constructor(readonly cacheDir: string) {}
  findBySha256(sha256: string): Asset | undefined {
    return [...this.assets.values()].find((asset) => asset.sha256 === sha256);
  }
  addAsset(asset: Asset, probe: unknown): void {
    this.addCalls++;
    this.assets.set(asset.id, asset);
    this.probes.set(asset.id, probe);
  }
}

let ids = 0;
function importOptions(overrides: Partial<ImportOptions> = {}): ImportOptions & { events: ImportProgress[] } {
  const events: ImportProgress[] = [];
  return {
    events,
    batchId: `batch-${++ids}`,
    newId: () => `asset-${++ids}`,
    onProgress: (progress) => events.push(progress),
    ...overrides,
  };
}

describe('importMediaFiles', () => {
  it('imports good files, fails bad ones with clear errors, and reports progress up to total', async () => {
    const target = new MemoryTarget(path.join(fixtures.dir, 'cache-batch'));
    const missing = path.join(fixtures.dir, 'deleted-before-import.mp4');
    const paths = [
      await fixtures.fixture('video.mp4'),
      await fixtures.fixture('tone.wav'),
      await fixtures.fixture('picture.jpg'),
      await fixtures.fixture('text-renamed.mp4'),
      await fixtures.fixture('empty.mp4'),
      missing,
      await fixtures.fixture('picture.xbm'),
      await fixtures.fixture('truncated-moov-at-end.mp4'),
    ];
    const options = importOptions();
    const result = await importMediaFiles(paths, target, options);

    expect(importResultSchema.parse(result)).toEqual(result);
    expect(result.batchId).toBe(options.batchId);
    expect(
      result.imported.map((entry) => [path.basename(entry.path), entry.asset.kind, entry.duplicate]),
    ).toEqual([
      ['video.mp4', 'video', false],
      ['tone.wav', 'audio', false],
      ['picture.jpg', 'image', false],
    ]);
    expect(result.failed.map((entry) => [path.basename(entry.path), entry.code])).toEqual([
      ['text-renamed.mp4', 'MEDIA_UNREADABLE'],
      ['empty.mp4', 'FILE_EMPTY'],
      ['deleted-before-import.mp4', 'FILE_NOT_FOUND'],
      ['picture.xbm', 'UNSUPPORTED_FORMAT'],
      ['truncated-moov-at-end.mp4', 'MEDIA_UNREADABLE'],
    ]);
    for (const failure of result.failed) expect(failure.message).toContain(failure.path);
    expect(result.failed[0]?.message).toContain('is not a media file ffprobe can read');
    expect(result.failed[4]?.message).toContain('looks truncated or damaged');

    const [video, audio, image] = result.imported.map((entry) => entry.asset);
    expect(video).toMatchObject({
      name: 'video.mp4',
      path: paths[0],
      status: 'ok',
      durationUs: 1_000_000,
      width: 160,
      height: 120,
      fps: { num: 25, den: 1 },
      hasVideo: true,
      hasAudio: true,
      thumbnailCount: 1,
      hasPeaks: true,
    });
    expect(audio).toMatchObject({ kind: 'audio', thumbnailCount: 0, hasPeaks: true, width: null });
    expect(image).toMatchObject({ kind: 'image', durationUs: null, thumbnailCount: 1, hasPeaks: false });
    for (const asset of [video, audio, image]) {
      expect(assetSchema.parse(asset)).toEqual(asset);
      expect(Date.parse(asset?.importedAt ?? '')).not.toBeNaN();
    }
    expect(target.addCalls).toBe(3);
    expect(target.probes.get(video?.id ?? '')).toMatchObject({
      kind: 'video',
      raw: { streams: expect.any(Array) },
    });
    expect(await readFilmstripInfo(target.cacheDir, video?.sha256 ?? '')).toMatchObject({ count: 1 });
    expect((await readPeaks(target.cacheDir, audio?.sha256 ?? ''))?.peaks).toHaveLength(100);

    // Progress: valid events of this batch, `completed` only grows and reaches total on the last one.
    const { events } = options;
    for (const event of events) expect(importProgressSchema.parse(event)).toEqual(event);
    expect(events.every((event) => event.batchId === options.batchId && event.total === paths.length)).toBe(
      true,
    );
    const completedSeries = events.map((event) => event.completed);
    expect([...completedSeries].sort((a, b) => a - b)).toEqual(completedSeries);
    expect(events.at(-1)).toMatchObject({ completed: 8, failed: 5, total: 8 });
    const finished = events.filter((event) => event.phase === 'done' || event.phase === 'failed');
    expect(finished.map((event) => event.currentPath).sort()).toEqual([...paths].sort());
    const waveformPaths = events
      .filter((event) => event.phase === 'waveform')
      .map((event) => event.currentPath);
    expect(waveformPaths.sort()).toEqual([paths[0], paths[1]].sort()); // files run 2 at a time
  });

  it('recognises a duplicate by content: same asset, no re-probe, nothing added', async () => {
    const target = new MemoryTarget(path.join(fixtures.dir, 'cache-duplicates'));
    const original = await fixtures.fixture('video-no-audio.mp4');
    const first = await importMediaFiles([original], target, importOptions());
    const asset = first.imported[0]?.asset;
    expect(asset).toBeDefined();

    const copy = path.join(fixtures.dir, 'same content, new name.mp4');
    await copyFile(original, copy);
    const options = importOptions();
    const again = await importMediaFiles([original, copy], target, options);
    expect(again.failed).toEqual([]);
    expect(again.imported).toEqual([
      { path: original, asset, duplicate: true },
      { path: copy, asset, duplicate: true },
    ]);
    expect(target.addCalls).toBe(1);
    expect(options.events.some((event) => event.phase === 'probing')).toBe(false);
  });

  it('imports the same content twice in one batch only once', async () => {
    const target = new MemoryTarget(path.join(fixtures.dir, 'cache-same-batch'));
    const original = await fixtures.fixture('picture.png');
    const copy = path.join(fixtures.dir, 'picture copy.png');
    await copyFile(original, copy);
    const result = await importMediaFiles([original, copy], target, importOptions({ concurrency: 2 }));
    // Either file may finish hashing first; exactly one is imported and the other joins it.
    expect(result.imported.map((entry) => entry.duplicate).sort()).toEqual([false, true]);
    expect(result.imported[1]?.asset).toEqual(result.imported[0]?.asset);
    expect(target.addCalls).toBe(1);
  });

  it('puts a file the store refuses into failed without stopping the batch', async () => {
    const target = new MemoryTarget(path.join(fixtures.dir, 'cache-refusing'));
    let calls = 0;
    target.addAsset = (asset) => {
      if (calls++ === 0) throw new Error('database is locked');
      target.assets.set(asset.id, asset);
    };
    const result = await importMediaFiles(
      [await fixtures.fixture('picture.png'), await fixtures.fixture('picture.bmp')],
      target,
      importOptions({ concurrency: 1 }),
    );
    expect(result.failed).toEqual([
      { path: await fixtures.fixture('picture.png'), code: 'INTERNAL', message: 'database is locked' },
    ]);
    expect(result.imported).toHaveLength(1);
  });

  it('fails every file with CANCELLED when the batch is cancelled', async () => {
    const target = new MemoryTarget(path.join(fixtures.dir, 'cache-cancelled'));
    const controller = new AbortController();
    controller.abort();
    const paths = [await fixtures.fixture('video.mp4'), await fixtures.fixture('tone.wav')];
    const options = importOptions({ signal: controller.signal });
    const result = await importMediaFiles(paths, target, options);
    expect(result.imported).toEqual([]);
    expect(result.failed.map((entry) => entry.code)).toEqual(['CANCELLED', 'CANCELLED']);
    expect(options.events.at(-1)).toMatchObject({ completed: 2, failed: 2 });
    expect(target.addCalls).toBe(0);
  });

  it('stops a running import when cancelled mid-way', async () => {
    const target = new MemoryTarget(path.join(fixtures.dir, 'cache-cancel-midway'));
    const controller = new AbortController();
    const options = importOptions({
      signal: controller.signal,
      concurrency: 1,
      onProgress: (event) => {
        if (event.phase === 'thumbnails') controller.abort();
      },
    });
    const paths = [await fixtures.fixture('video.mp4'), await fixtures.fixture('tone.wav')];
    const result = await importMediaFiles(paths, target, options);
    expect(result.failed.map((entry) => entry.code)).toEqual(['CANCELLED', 'CANCELLED']);
    expect(target.addCalls).toBe(0);
  });
});

describe('missing files and relinking', () => {
  it('flags assets whose files are gone', async () => {
    const kept = await fixtures.fixture('picture.jpg');
    const gone = path.join(fixtures.dir, 'gone.jpg');
    await copyFile(kept, gone);
    await rm(gone);
    expect(
      await checkAssetFiles([
        { id: 'a', path: kept },
        { id: 'b', path: gone },
        { id: 'c', path: fixtures.dir },
      ]),
    ).toEqual([
      { assetId: 'b', path: gone },
      { assetId: 'c', path: fixtures.dir },
    ]);
    expect(await checkAssetFiles([])).toEqual([]);
  });

  it('accepts a relink candidate only when its content is the same', async () => {
    const target = new MemoryTarget(path.join(fixtures.dir, 'cache-relink'));
    const original = await fixtures.fixture('picture.bmp');
    const { imported } = await importMediaFiles([original], target, importOptions());
    const asset = imported[0]?.asset as Asset;
    const moved = path.join(fixtures.dir, 'moved.bmp');
    await copyFile(original, moved);
    expect(await verifyRelinkCandidate(asset, moved)).toEqual({
      sameContent: true,
      sha256: asset.sha256,
      sizeBytes: asset.sizeBytes,
    });
    const other = await verifyRelinkCandidate(asset, await fixtures.fixture('picture.png'));
    expect(other.sameContent).toBe(false);
    expect(other.sha256).toMatch(/^[0-9a-f]{64}$/);
    await expect(verifyRelinkCandidate(asset, path.join(fixtures.dir, 'nowhere.bmp'))).rejects.toMatchObject({
      code: 'FILE_NOT_FOUND',
    });
  });
});

describe.skipIf(!sharedMediaAvailable)(
  `importing real media (${SHARED_MEDIA_SKIP_MESSAGE} → skipped)`,
  () => {
    it('imports a talking-head clip, a face and speech, and times each phase', async () => {
      const target = new MemoryTarget(path.join(fixtures.dir, 'cache-real'));
      const timings = createImportTimings();
      const paths = [
        sharedMedia('videos/grid_bbaf2n_h264_aac.mp4'),
        sharedMedia('faces/grid_bbaf2n.jpg'),
        sharedMedia('speech/grid_bbaf2n_male_16k.wav'),
      ];
      const options = importOptions({ timings });
      const result = await importMediaFiles(paths, target, options);
      expect(result.failed).toEqual([]);
      expect(
        result.imported.map((entry) => [entry.asset.kind, entry.asset.thumbnailCount, entry.asset.hasPeaks]),
      ).toEqual([
        ['video', 3, true],
        ['image', 1, false],
        ['audio', 0, true],
      ]);
      expect(options.events.at(-1)).toMatchObject({ completed: 3, failed: 0, total: 3 });

      expect(timings.files).toBe(3);
      expect(timings.wallMs).toBeGreaterThan(0);
      for (const phase of ['hashing', 'probing', 'thumbnails', 'waveform'] as const) {
        expect(timings.phasesMs[phase], phase).toBeGreaterThan(0);
      }
      const shares = importTimingShares(timings);
      expect(importTimingPhases.reduce((sum, phase) => sum + shares[phase], 0)).toBeCloseTo(1, 6);
    });
  },
);
