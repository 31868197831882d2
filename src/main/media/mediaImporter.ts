// The media import pipeline: per file stat → sha256 → (already in the project? report a duplicate)
// → probe → thumbnails → waveform peaks → Asset → target.addAsset. Files run `concurrency` at a time;
// one bad file lands in `failed` with {path, code, message} and never stops the batch. The store is
// injected as an ImportTarget so this module does not depend on it (and tests need no database).
import path from 'node:path';
import { serializeError, StudioError } from '../../shared/errors';
import { assetSchema, type Asset, type ImportProgress, type ImportResult } from '../../shared/model/schemas';
import { createThumbnails, type ThumbnailOptions } from './filmstrip';
import { statMediaFile } from './fileErrors';
import { hashFile } from './hashFile';
import { timePhase, type ImportTimings } from './importTimings';
import { probeMedia, type MediaProbe } from './probeMedia';
import { createWaveformPeaks } from './waveformPeaks';

export {
  checkAssetFiles,
  verifyRelinkCandidate,
  type MissingAssetFile,
  type RelinkCheck,
} from './assetFiles';

/** What the importer needs from the open project (the store implements it). */
export interface ImportTarget {
  /** `<project>.doppel-cache/`: thumbnails and peaks go to `<cacheDir>/<sha256>/`. */
  readonly cacheDir: string;
  findBySha256(sha256: string): Asset | undefined;
  /** Called once per new asset; `probe` is the MediaProbe (ffprobe JSON in `raw`) for the assets table. */
  addAsset(asset: Asset, probe: unknown): void;
}

export interface ImportOptions {
  /**
   * Progress after every phase change. `completed` counts finished files whether they succeeded or
   * failed (so it always reaches `total`); `failed` counts the failures among them.
   */
  onProgress?(progress: ImportProgress): void;
  /** Cancels the batch: running ffmpeg/ffprobe children are killed, unstarted files fail with CANCELLED. */
  signal?: AbortSignal;
  /** Files processed at once (default 2: each file already runs ffmpeg, and the CI box has 2 cores). */
  concurrency?: number;
  newId(): string;
  batchId: string;
  /** Collects per-phase durations for benchmarks. */
  timings?: ImportTimings;
  thumbnails?: Pick<ThumbnailOptions, 'tileHeight' | 'posterMaxHeight' | 'count'>;
}

type FileOutcome =
  | { kind: 'imported'; path: string; asset: Asset; duplicate: boolean }
  | { kind: 'failed'; path: string; code: string; message: string };

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => (resolve = done));
  return { promise, resolve };
}

function buildAsset(
  filePath: string,
  id: string,
  sha256: string,
  sizeBytes: number,
  probe: MediaProbe,
  thumbnailCount: number,
  hasPeaks: boolean,
): Asset {
  const candidate: Asset = {
    id,
    name: path.basename(filePath),
    path: filePath,
    kind: probe.kind,
    sha256,
    sizeBytes,
    durationUs: probe.kind === 'image' ? null : probe.durationUs,
    width: probe.width,
    height: probe.height,
    fps: probe.fps,
    hasVideo: probe.hasVideo,
    hasAudio: probe.hasAudio,
    videoCodec: probe.videoCodec,
    audioCodec: probe.audioCodec,
    rotation: probe.rotation,
    status: 'ok',
    importedAt: new Date().toISOString(),
    thumbnailCount,
    hasPeaks,
  };
  const parsed = assetSchema.safeParse(candidate);
  if (!parsed.success) {
    throw new StudioError(
      'INTERNAL',
      `The asset built for "${filePath}" is invalid: ${parsed.error.message}`,
    );
  }
  return parsed.data;
}

/** Imports files into `target`; resolves with every file's outcome (it does not reject per file). */
export async function importMediaFiles(
  paths: readonly string[],
  target: ImportTarget,
  options: ImportOptions,
): Promise<ImportResult> {
  const started = performance.now();
  const { signal, timings } = options;
  const files = paths.map((filePath) => path.resolve(filePath));
  const outcomes = new Array<FileOutcome | undefined>(files.length);
  const inFlightBySha = new Map<string, Promise<Asset | null>>();
  let completed = 0;
  let failed = 0;

  const report = (phase: ImportProgress['phase'], currentPath: string | null): void => {
    try {
      options.onProgress?.({
        batchId: options.batchId,
        total: files.length,
        completed,
        failed,
        currentPath,
        phase,
      });
    } catch {
      // A broken progress listener must not fail the import.
    }
  };

  const importOne = async (filePath: string): Promise<{ asset: Asset; duplicate: boolean }> => {
    report('hashing', filePath);
    if (timings) timings.files++;
    const sizeBytes = await timePhase(timings, 'hashing', () => statMediaFile(filePath));
    const sha256 = await timePhase(timings, 'hashing', () => hashFile(filePath, { signal }));

    // Same content already in the project, or being imported by another worker of this batch.
    for (;;) {
      const existing = target.findBySha256(sha256);
      if (existing) return { asset: existing, duplicate: true };
      const inFlight = inFlightBySha.get(sha256);
      if (!inFlight) break;
      const asset = await inFlight;
      if (asset) return { asset, duplicate: true };
    }
    const mine = deferred<Asset | null>();
    inFlightBySha.set(sha256, mine.promise);
    try {
      report('probing', filePath);
      const probe = await timePhase(timings, 'probing', () => probeMedia(filePath, { signal }));
      report('thumbnails', filePath);
      const thumbnails = await timePhase(timings, 'thumbnails', () =>
        createThumbnails(filePath, probe, target.cacheDir, sha256, { ...options.thumbnails, signal }),
      );
      let hasPeaks = false;
      if (probe.audioStreamIndex !== null) {
        const audioStreamIndex = probe.audioStreamIndex;
        report('waveform', filePath);
        await timePhase(timings, 'waveform', () =>
          createWaveformPeaks(filePath, audioStreamIndex, target.cacheDir, sha256, { signal }),
        );
        hasPeaks = true;
      }
      const asset = buildAsset(
        filePath,
        options.newId(),
        sha256,
        sizeBytes,
        probe,
        thumbnails.count,
        hasPeaks,
      );
      await timePhase(timings, 'storing', () => target.addAsset(asset, probe));
      mine.resolve(asset);
      return { asset, duplicate: false };
    } catch (error) {
      inFlightBySha.delete(sha256);
      mine.resolve(null);
      throw error;
    }
  };

  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length) {
      const index = next++;
      const filePath = files[index] as string;
      let outcome: FileOutcome;
      try {
        if (signal?.aborted) throw new StudioError('CANCELLED', `Importing "${filePath}" was cancelled.`);
        outcome = { kind: 'imported', path: filePath, ...(await importOne(filePath)) };
      } catch (error) {
        outcome = { kind: 'failed', path: filePath, ...serializeError(error) };
      }
      outcomes[index] = outcome;
      completed++;
      if (outcome.kind === 'failed') failed++;
      report(outcome.kind === 'failed' ? 'failed' : 'done', filePath);
    }
  };
  const concurrency = Math.max(1, Math.min(16, Math.floor(options.concurrency ?? 2)));
  await Promise.all(Array.from({ length: Math.min(concurrency, files.length) }, worker));
  if (timings) timings.wallMs += performance.now() - started;

  const result: ImportResult = { batchId: options.batchId, imported: [], failed: [] };
  for (const outcome of outcomes) {
    if (!outcome) continue;
    if (outcome.kind === 'imported') {
      result.imported.push({ path: outcome.path, asset: outcome.asset, duplicate: outcome.duplicate });
    } else {
      result.failed.push({ path: outcome.path, code: outcome.code, message: outcome.message });
    }
  }
  return result;
}
