// The content safety gate: the one call every synthesis path (render, preview, CLI, face swap,
// lip sync) makes before any synthesis work starts. It classifies the sources and the target
// (sampled at least once per second, plus caller-supplied frames) with the three classifiers and
// throws CONTENT_REFUSED when the policy in safetyPolicy.ts says so; the caller has not written
// anything yet, so a refusal leaves the project and the output folder exactly as they were.
// There is no option that skips or loosens the check: the only way to build a gate is with a
// classifier set, and production code only ever builds the embedded three
// (createContentSafetyGate).
import type { Disposable } from '../../../shared/disposable';
import { StudioError } from '../../../shared/errors';
import type { Microseconds } from '../../../shared/time';
import { hashFile } from '../../media/hashFile';
import type { InferenceSessionPool } from '../inference/sessionPool';
import type { RgbPicture } from './classifierInput';
import type { ContentClassifierSet } from './contentClassifiers';
import { openEmbeddedContentClassifiers } from './contentClassifiers';
import { contentRefusedError, previewFrameRefusedError } from './contentRefusal';
import type { PictureVerdict } from './contentVote';
import type { ClassifyProgress, MediaSafetyVerdict } from './mediaVerdicts';
import {
  cacheableProbabilities,
  classifyFileSamples,
  classifyFramesAt,
  classifyPictures,
  summarise,
  verdictsFromCache,
} from './mediaVerdicts';
import { probeForSafety } from './pictureSamples';
import { SAFETY_POLICY_VERSION, TARGET_SAMPLES_PER_SECOND } from './safetyPolicy';
import type { VerdictKey } from './verdictCache';
import { readCachedVerdict, writeCachedVerdict } from './verdictCache';

export type { MediaSafetyVerdict, SampleVerdict } from './mediaVerdicts';

export interface TargetToCheck {
  path: string;
  /** Frames to classify besides the once-per-second grid (e.g. the frames a preview will render). */
  extraFrameTimesUs?: readonly Microseconds[];
}

export interface SynthesisCheckRequest {
  /** Source pictures (face images; a video source is judged like a target). Audio files pass. */
  sources: readonly string[];
  /** Target videos or images the synthesis will write over. */
  targets: readonly (string | TargetToCheck)[];
  signal?: AbortSignal;
  onProgress?: (progress: ClassifyProgress) => void;
}

export interface SafetyClearance {
  /** One verdict per source, then per target; none of them refused. */
  verdicts: MediaSafetyVerdict[];
  elapsedMs: number;
}

export interface ClassifyFileRequestOptions {
  signal?: AbortSignal;
  /**
   * Run all three classifiers on every sample and report every score (the inspector). Otherwise
   * the third classifier only runs where the first two disagree: the same decisions, faster.
   */
  complete?: boolean;
  extraFrameTimesUs?: readonly Microseconds[];
  onProgress?: (progress: ClassifyProgress) => void;
}

export interface PreviewFrameCheck {
  /** The picture the preview is about to synthesise from (RGB24). */
  picture: RgbPicture;
  /** For the message: which file and time the frame comes from. */
  targetPath?: string;
  timeUs?: Microseconds;
}

export interface ContentSafetyGateOptions {
  /** The project cache folder (`<name>.doppel-cache`); results are cached per asset sha256 there. */
  cacheDirectory?: string;
}

/** A verdict-cache write held back until the whole check has passed. */
type CacheWrite = () => Promise<void>;

export class ContentSafetyGate implements Disposable {
  /** Clean verdicts of this session by cache key, for files checked again (render after preview). */
  private readonly remembered = new Map<string, MediaSafetyVerdict>();
  private disposed = false;

  /** The gate owns `classifiers`: dispose() releases their sessions. */
  constructor(
    private readonly classifiers: ContentClassifierSet,
    private readonly options: ContentSafetyGateOptions = {},
    private readonly ownsClassifiers = true,
  ) {}

  /**
   * The same classifiers with another project's cache folder (one gate per open project without
   * reopening the models). The returned gate's dispose() leaves the classifiers to this one.
   */
  forProject(cacheDirectory: string | undefined): ContentSafetyGate {
    this.assertOpen();
    return new ContentSafetyGate(
      this.classifiers,
      cacheDirectory === undefined ? {} : { cacheDirectory },
      false,
    );
  }

  /**
   * THE gate: checks every source, then every target, and throws CONTENT_REFUSED (naming the
   * first flagged file) before the caller starts any synthesis. Resolves with the verdicts when
   * everything is clear.
   */
  async checkBeforeSynthesis(request: SynthesisCheckRequest): Promise<SafetyClearance> {
    const started = performance.now();
    const targets = request.targets.map((target) => (typeof target === 'string' ? { path: target } : target));
    const verdicts = await this.assertAllClear(
      [
        ...request.sources.map((path) => ({ role: 'source' as const, path, extraFrameTimesUs: undefined })),
        ...targets.map((target) => ({
          role: 'target' as const,
          path: target.path,
          extraFrameTimesUs: target.extraFrameTimesUs,
        })),
      ],
      { signal: request.signal, onProgress: request.onProgress },
    );
    return { verdicts, elapsedMs: performance.now() - started };
  }

  async assertSafeSources(
    paths: readonly string[],
    options: ClassifyFileRequestOptions = {},
  ): Promise<MediaSafetyVerdict[]> {
    return this.assertAllClear(
      paths.map((path) => ({ role: 'source' as const, path, extraFrameTimesUs: undefined })),
      options,
    );
  }

  async assertSafeTarget(
    path: string,
    options: ClassifyFileRequestOptions = {},
  ): Promise<MediaSafetyVerdict> {
    const [verdict] = await this.assertAllClear(
      [{ role: 'target', path, extraFrameTimesUs: options.extraFrameTimesUs }],
      options,
    );
    if (verdict === undefined)
      throw new StudioError('INTERNAL', `The content safety check returned no verdict for "${path}".`);
    return verdict;
  }

  /**
   * Checks one frame the preview is about to synthesise from; a flagged frame is refused on its own
   * (no 10% tolerance for a picture that would be shown). Call after checkBeforeSynthesis.
   */
  async checkPreviewFrame(check: PreviewFrameCheck): Promise<PictureVerdict> {
    this.assertOpen();
    const [verdict] = await classifyPictures(this.classifiers, [check.picture]);
    if (verdict === undefined)
      throw new StudioError('INTERNAL', 'The content safety check returned no verdict for a preview frame.');
    if (verdict.flagged) throw previewFrameRefusedError(check.targetPath, check.timeUs, verdict);
    return verdict;
  }

  /** The verdict on any file, for the inspector: never throws CONTENT_REFUSED. */
  async classifyMediaFile(
    path: string,
    options: ClassifyFileRequestOptions = {},
  ): Promise<MediaSafetyVerdict> {
    const cacheWrites: CacheWrite[] = [];
    const verdict = await this.verdictWithCacheWrites(path, options, cacheWrites);
    for (const write of cacheWrites) await write();
    return verdict;
  }

  private async verdictWithCacheWrites(
    path: string,
    options: ClassifyFileRequestOptions,
    cacheWrites: CacheWrite[],
  ): Promise<MediaSafetyVerdict> {
    this.assertOpen();
    const grid = await this.gridVerdict(path, options, cacheWrites);
    const extraTimes = options.extraFrameTimesUs ?? [];
    if (extraTimes.length === 0 || grid.kind !== 'video') return grid;
    const probe = await probeForSafety(path, options.signal);
    const extra = await classifyFramesAt(this.classifiers, path, probe, extraTimes, options);
    return summarise(path, grid.sha256, grid.kind, [...grid.samples, ...extra], grid.fromCache);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.remembered.clear();
    if (this.ownsClassifiers) this.classifiers.dispose();
  }

  private assertOpen(): void {
    if (this.disposed) throw new StudioError('CANCELLED', 'The content safety gate has been disposed.');
  }

  /** The once-per-second verdict: from this session, from the project cache, or computed. */
  private async gridVerdict(
    path: string,
    options: ClassifyFileRequestOptions,
    cacheWrites: CacheWrite[],
  ): Promise<MediaSafetyVerdict> {
    const sha256 = await hashFile(path, { signal: options.signal });
    const key: VerdictKey = {
      sha256,
      policyVersion: SAFETY_POLICY_VERSION,
      classifierFingerprint: this.classifiers.fingerprint,
      samplesPerSecond: TARGET_SAMPLES_PER_SECOND,
    };
    const memoryKey = JSON.stringify(key);
    const complete = options.complete === true;
    const remembered = this.remembered.get(memoryKey);
    if (
      remembered !== undefined &&
      (!complete || remembered.samples.every((sample) => sample.verdict.complete))
    ) {
      return { ...remembered, path };
    }
    const cacheDirectory = this.options.cacheDirectory;
    const cached = cacheDirectory === undefined ? undefined : await readCachedVerdict(cacheDirectory, key);
    const cachedSamples =
      cached === undefined ? undefined : verdictsFromCache(this.classifiers, cached.samples, { complete });
    if (cached !== undefined && cachedSamples !== undefined) {
      const verdict = summarise(path, sha256, cached.kind, cachedSamples, true);
      if (!verdict.refused) this.remembered.set(memoryKey, verdict);
      return verdict;
    }
    const probe = await probeForSafety(path, options.signal);
    const { kind, samples } = await classifyFileSamples(this.classifiers, path, probe, {
      samplesPerSecond: TARGET_SAMPLES_PER_SECOND,
      complete,
      signal: options.signal,
      onProgress: options.onProgress,
    });
    const verdict = summarise(path, sha256, kind, samples, false);
    // Only clean results are kept: a refused run must leave the project folder, cache included,
    // untouched (and keeps no record of what was flagged).
    if (!verdict.refused) {
      this.remembered.set(memoryKey, verdict);
      if (cacheDirectory !== undefined) {
        const entries = samples.map((sample) => ({
          timeUs: sample.timeUs,
          probabilities: cacheableProbabilities(this.classifiers, sample.verdict),
        }));
        cacheWrites.push(() => writeCachedVerdict(cacheDirectory, key, kind, entries));
      }
    }
    return verdict;
  }

  /**
   * Checks every file in order and throws CONTENT_REFUSED for the first flagged one. Cache files
   * are only written once every file is clear, so a refused run writes nothing at all.
   */
  private async assertAllClear(
    files: readonly {
      role: 'source' | 'target';
      path: string;
      extraFrameTimesUs: readonly Microseconds[] | undefined;
    }[],
    options: ClassifyFileRequestOptions,
  ): Promise<MediaSafetyVerdict[]> {
    const cacheWrites: CacheWrite[] = [];
    const verdicts: MediaSafetyVerdict[] = [];
    for (const file of files) {
      const verdict = await this.verdictWithCacheWrites(
        file.path,
        { ...options, extraFrameTimesUs: file.extraFrameTimesUs },
        cacheWrites,
      );
      if (verdict.refused && verdict.kind !== 'none') {
        throw contentRefusedError({
          path: file.path,
          role: file.role,
          kind: verdict.kind,
          sampleCount: verdict.sampleCount,
          flaggedCount: verdict.flaggedCount,
          flagged: verdict.samples.filter((sample) => sample.verdict.flagged),
        });
      }
      verdicts.push(verdict);
    }
    for (const write of cacheWrites) await write();
    return verdicts;
  }
}

export interface CreateContentSafetyGateOptions extends ContentSafetyGateOptions {
  /** User data folder (DOPPEL_HOME / app data), where the converted classifiers are cached. */
  dataDir: string;
  pool: InferenceSessionPool;
  /** models/embedded (packaged builds pass their resources folder). */
  manifestDirectory?: string;
}

/** The production gate: always the three embedded NSFWJS classifiers. */
export async function createContentSafetyGate(
  options: CreateContentSafetyGateOptions,
): Promise<ContentSafetyGate> {
  const classifiers = await openEmbeddedContentClassifiers({
    dataDir: options.dataDir,
    pool: options.pool,
    ...(options.manifestDirectory === undefined ? {} : { manifestDirectory: options.manifestDirectory }),
  });
  return new ContentSafetyGate(
    classifiers,
    options.cacheDirectory === undefined ? {} : { cacheDirectory: options.cacheDirectory },
  );
}
