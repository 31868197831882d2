// Classifies every sampled picture of one file and turns the results into a verdict: the step the
// gate, the inspector and the bench share. Pictures are classified in small batches (copied out of
// the decoder's reused buffer), so memory stays flat whatever the video's length.
import type { Microseconds } from '../../../shared/time';
import { StudioError } from '../../../shared/errors';
import type { RgbPicture } from './classifierInput';
import type { ContentClassifierSet } from './contentClassifiers';
import type { ModelOpinion, PictureVerdict } from './contentVote';
import { isRefused, isVoteDecided, modelOpinion, voteOnPicture } from './contentVote';
import type { PictureKind } from './pictureSamples';
import { pictureKindOf, samplePictures } from './pictureSamples';
import type { MediaProbe } from '../../media/probeMedia';
import { readRgbFrameAt } from '../../media/sampledRgbFrames';
import type { CachedSample } from './verdictCache';

/** Pictures per classifier run; small enough that 299x299 batches stay a few MB. */
const CLASSIFY_BATCH_SIZE = 4;

export interface SampleVerdict {
  /** null for a still image. */
  timeUs: Microseconds | null;
  verdict: PictureVerdict;
}

export interface MediaSafetyVerdict {
  path: string;
  sha256: string;
  /** 'none': the file has no picture (audio), so there is nothing to classify. */
  kind: PictureKind;
  refused: boolean;
  sampleCount: number;
  flaggedCount: number;
  /** Highest vote score (median of the classifiers' sexual scores) over the samples; 0 with no picture. */
  highestVoteScore: number;
  /** Highest single classifier's sexual score over the samples. */
  highestModelScore: number;
  samples: SampleVerdict[];
  /** Whether the classifier results came from the project cache. */
  fromCache: boolean;
}

export interface ClassifyProgress {
  path: string;
  samplesClassified: number;
}

export interface ClassifyOptions {
  /** Run every classifier on every picture, even when the vote is already decided (the inspector). */
  complete?: boolean;
}

/**
 * Classifies pictures and votes on each. Classifiers run in the set's order (cheapest first); a
 * picture whose vote is decided is not shown to the remaining ones unless `complete` is set.
 */
export async function classifyPictures(
  classifiers: ContentClassifierSet,
  pictures: readonly RgbPicture[],
  options: ClassifyOptions = {},
): Promise<PictureVerdict[]> {
  const voterCount = classifiers.classifiers.length;
  const opinions: ModelOpinion[][] = pictures.map(() => []);
  for (const classifier of classifiers.classifiers) {
    const pending = pictures
      .map((_, index) => index)
      .filter((index) => options.complete === true || !isVoteDecided(opinions[index] ?? [], voterCount));
    if (pending.length === 0) break;
    const results = await classifier.classify(pending.map((index) => pictures[index] as RgbPicture));
    pending.forEach((pictureIndex, resultIndex) =>
      opinions[pictureIndex]?.push(results[resultIndex] as ModelOpinion),
    );
  }
  return opinions.map((pictureOpinions) => voteOnPicture(pictureOpinions, voterCount));
}

/**
 * Rebuilds the verdicts of cached samples with the current policy, or undefined when the cache
 * cannot answer: a classifier it skipped is needed (the vote is undecided without it, or a
 * complete result was asked for).
 */
export function verdictsFromCache(
  classifiers: ContentClassifierSet,
  samples: readonly CachedSample[],
  options: ClassifyOptions = {},
): SampleVerdict[] | undefined {
  const voterCount = classifiers.classifiers.length;
  const verdicts: SampleVerdict[] = [];
  for (const sample of samples) {
    if (sample.probabilities.length !== voterCount) return undefined;
    const opinions: ModelOpinion[] = [];
    classifiers.classifiers.forEach((classifier, index) => {
      const byLabel = sample.probabilities[index];
      if (byLabel === null || byLabel === undefined) return;
      opinions.push(
        modelOpinion(
          classifier.modelId,
          classifier.classLabels,
          classifier.classLabels.map((label) => byLabel[label] ?? Number.NaN),
        ),
      );
    });
    // Skipped classifiers are only ever the last ones: a gap means the entry is not ours.
    if (
      opinions.length === 0 ||
      opinions.some((opinion, index) => opinion.modelId !== classifiers.classifiers[index]?.modelId)
    )
      return undefined;
    if (!isVoteDecided(opinions, voterCount) || (options.complete === true && opinions.length < voterCount))
      return undefined;
    verdicts.push({ timeUs: sample.timeUs, verdict: voteOnPicture(opinions, voterCount) });
  }
  return verdicts;
}

/** What the cache stores of a verdict: each classifier's probabilities, null for one that did not run. */
export function cacheableProbabilities(
  classifiers: ContentClassifierSet,
  verdict: PictureVerdict,
): (Record<string, number> | null)[] {
  return classifiers.classifiers.map(
    (classifier) =>
      verdict.opinions.find((opinion) => opinion.modelId === classifier.modelId)?.probabilities ?? null,
  );
}

export function summarise(
  path: string,
  sha256: string,
  kind: PictureKind,
  samples: SampleVerdict[],
  fromCache: boolean,
): MediaSafetyVerdict {
  const flaggedCount = samples.filter((sample) => sample.verdict.flagged).length;
  const scores = samples.map((sample) => sample.verdict.voteScore);
  const modelScores = samples.flatMap((sample) =>
    sample.verdict.opinions.map((opinion) => opinion.sexualScore),
  );
  return {
    path,
    sha256,
    kind,
    refused: kind === 'none' ? false : isRefused(kind, { sampleCount: samples.length, flaggedCount }),
    sampleCount: samples.length,
    flaggedCount,
    highestVoteScore: scores.length === 0 ? 0 : Math.max(...scores),
    highestModelScore: modelScores.length === 0 ? 0 : Math.max(...modelScores),
    samples,
    fromCache,
  };
}

export interface ClassifyFileOptions extends ClassifyOptions {
  samplesPerSecond: number;
  signal?: AbortSignal;
  onProgress?: (progress: ClassifyProgress) => void;
}

/** Samples and classifies one file (no caching, no decision beyond the verdict). */
export async function classifyFileSamples(
  classifiers: ContentClassifierSet,
  path: string,
  probe: MediaProbe,
  options: ClassifyFileOptions,
): Promise<{ kind: PictureKind; samples: SampleVerdict[] }> {
  const kind = pictureKindOf(probe);
  const samples: SampleVerdict[] = [];
  let pending: { timeUs: Microseconds | null; picture: RgbPicture }[] = [];
  const flush = async (): Promise<void> => {
    if (pending.length === 0) return;
    const verdicts = await classifyPictures(
      classifiers,
      pending.map((entry) => entry.picture),
      options,
    );
    pending.forEach((entry, index) =>
      samples.push({ timeUs: entry.timeUs, verdict: verdicts[index] as PictureVerdict }),
    );
    pending = [];
    options.onProgress?.({ path, samplesClassified: samples.length });
  };
  for await (const sample of samplePictures(path, probe, options)) {
    if (options.signal?.aborted)
      throw new StudioError('CANCELLED', `The content safety check of "${path}" was cancelled.`);
    // The decoder reuses its buffer for the next frame: keep a copy until the batch runs.
    const picture = {
      width: sample.picture.width,
      height: sample.picture.height,
      data: sample.picture.data.slice(),
    };
    pending.push({ timeUs: sample.timeUs, picture });
    if (pending.length >= CLASSIFY_BATCH_SIZE) await flush();
  }
  await flush();
  return { kind, samples };
}

/** Classifies the frames shown at the given times (times past the end are skipped). */
export async function classifyFramesAt(
  classifiers: ContentClassifierSet,
  path: string,
  probe: MediaProbe,
  timesUs: readonly Microseconds[],
  options: ClassifyOptions & { signal?: AbortSignal } = {},
): Promise<SampleVerdict[]> {
  const samples: SampleVerdict[] = [];
  for (const timeUs of timesUs) {
    const frame = await readRgbFrameAt(path, timeUs, { probe, signal: options.signal });
    if (frame === undefined) continue;
    const [verdict] = await classifyPictures(classifiers, [frame], options);
    if (verdict !== undefined) samples.push({ timeUs, verdict });
  }
  return samples;
}
