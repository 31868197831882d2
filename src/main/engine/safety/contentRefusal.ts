// The CONTENT_REFUSED errors: they name the file and what was flagged (how many samples, where,
// how many classifiers agreed) in neutral words — "sexual content" is the category, never a
// description of the picture — and say that nothing was produced, so the user knows the project
// and output folder are as they were.
import { StudioError } from '../../../shared/errors';
import type { Microseconds } from '../../../shared/time';
import type { PictureVerdict } from './contentVote';
import { MAX_FLAGGED_SAMPLE_FRACTION } from './safetyPolicy';

const POLICY_SENTENCE =
  'Doppel Studio does not synthesise from or onto sexual content; nothing was synthesised or written.';

/** 3_500_000 -> "00:00:03.500". */
export function formatTimestamp(timeUs: Microseconds): string {
  const totalMilliseconds = Math.max(0, Math.round(timeUs / 1000));
  const hours = Math.floor(totalMilliseconds / 3_600_000);
  const minutes = Math.floor(totalMilliseconds / 60_000) % 60;
  const seconds = Math.floor(totalMilliseconds / 1000) % 60;
  const milliseconds = totalMilliseconds % 1000;
  const two = (value: number): string => String(value).padStart(2, '0');
  return `${two(hours)}:${two(minutes)}:${two(seconds)}.${String(milliseconds).padStart(3, '0')}`;
}

/** "2 of 3 classifiers agree": a decided vote may not have asked the last classifier. */
function agreement(verdict: PictureVerdict): string {
  return `${verdict.votes} of ${verdict.voterCount} classifiers agree`;
}

export interface FlaggedFile {
  path: string;
  role: 'source' | 'target';
  kind: 'image' | 'video';
  sampleCount: number;
  flaggedCount: number;
  /** The flagged samples in time order (time null for a still). */
  flagged: readonly { timeUs: Microseconds | null; verdict: PictureVerdict }[];
}

export function contentRefusedError(file: FlaggedFile): StudioError {
  const first = file.flagged[0];
  if (file.kind === 'image' || first === undefined) {
    const why =
      first === undefined
        ? 'no picture could be checked'
        : `flagged as sexual content (${agreement(first.verdict)})`;
    return new StudioError(
      'CONTENT_REFUSED',
      `Refused: the ${file.role} image "${file.path}" was ${why} by the content safety check. ${POLICY_SENTENCE}`,
    );
  }
  const percent = Math.round((file.flaggedCount / file.sampleCount) * 100);
  const where = file.flagged
    .slice(0, 3)
    .map((sample) => formatTimestamp(sample.timeUs ?? 0))
    .join(', ');
  const more = file.flagged.length > 3 ? ', ...' : '';
  return new StudioError(
    'CONTENT_REFUSED',
    `Refused: the ${file.role} video "${file.path}" was flagged by the content safety check: ${file.flaggedCount} of ` +
      `${file.sampleCount} sampled frames (${percent}%, more than the ${Math.round(MAX_FLAGGED_SAMPLE_FRACTION * 100)}% allowed) ` +
      `were classified as sexual content (at ${where}${more}). ${POLICY_SENTENCE}`,
  );
}

export function previewFrameRefusedError(
  targetPath: string | undefined,
  timeUs: Microseconds | undefined,
  verdict: PictureVerdict,
): StudioError {
  const frame = timeUs === undefined ? 'a preview frame' : `the preview frame at ${formatTimestamp(timeUs)}`;
  const of = targetPath === undefined ? '' : ` of "${targetPath}"`;
  return new StudioError(
    'CONTENT_REFUSED',
    `Refused: ${frame}${of} was flagged as sexual content by the content safety check (${agreement(verdict)}); ` +
      'it is not synthesised or shown. Doppel Studio does not synthesise from or onto sexual content.',
  );
}
