// ffmpeg's stderr is long and mostly noise (banners, progress lines, "Conversion failed!"). These
// helpers pick the one line a user can act on and classify the failure, so errors crossing the
// boundary say "No space left on device" or "moov atom not found" rather than "exit code 1".
import { StudioError } from '../../shared/errors';

/** Lines that never explain a failure: progress, summaries and ffmpeg's generic epilogue. */
const NOISE_LINE =
  /^(Conversion failed!?|Exiting normally.*|frame=.*|size=.*|video:.*audio:.*|Press \[q\].*|Stream mapping:.*|\s*Stream #.*->.*)$/;

/** Words that mark the line which actually says what went wrong. */
const ERROR_WORDS =
  /error|invalid|failed|no such|not found|unable|cannot|could not|unknown|unsupported|no space|permission denied|does not contain|truncat|corrupt|missing/i;

const DISK_FULL_PATTERN = /No space left on device|ENOSPC|Disk quota exceeded/i;

/** Removes the heap addresses ffmpeg prints in its log prefixes ("[mov,mp4 @ 0x55d0c0]"). */
function withoutAddresses(line: string): string {
  return line.replace(/ @ 0x[0-9a-f]+\]/gi, ']');
}

/** The most useful line of an ffmpeg/ffprobe stderr, or '' when there is nothing but noise. */
export function usefulStderrLine(stderr: string): string {
  // ffmpeg rewrites its progress line with '\r', so split on both kinds of line end.
  const lines = stderr
    .split(/\r\n|\r|\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0 && !NOISE_LINE.test(line));
  for (let index = lines.length - 1; index >= 0; index--) {
    const line = lines[index];
    if (line !== undefined && ERROR_WORDS.test(line)) return withoutAddresses(line);
  }
  const last = lines.at(-1);
  return last === undefined ? '' : withoutAddresses(last);
}

export function looksLikeDiskFull(stderr: string): boolean {
  return DISK_FULL_PATTERN.test(stderr);
}

/** A failed ffmpeg/ffprobe run; keeps the raw details so callers (probeMedia) can explain it better. */
export class ProcessFailedError extends StudioError {
  constructor(
    code: 'FFMPEG_FAILED' | 'DISK_FULL',
    message: string,
    readonly usefulLine: string,
    readonly stderrTail: string,
    readonly exitCode: number | null,
  ) {
    super(code, message);
  }
}

/** The error for a process that exited non-zero (or was killed by a signal it did not ask for). */
export function processFailureError(
  label: string,
  exitCode: number | null,
  signal: NodeJS.Signals | null,
  stderrTail: string,
): ProcessFailedError {
  const line = usefulStderrLine(stderrTail);
  // SIGXFSZ: the OS stopped the child at its file size limit (RLIMIT_FSIZE) - for the user, the
  // same situation as a full disk: the output could not grow.
  if (signal === 'SIGXFSZ') {
    const message = `${label} failed: the output reached the file size limit (File size limit exceeded).`;
    return new ProcessFailedError('DISK_FULL', message, line, stderrTail, exitCode);
  }
  if (looksLikeDiskFull(stderrTail)) {
    const message = `${label} failed: the disk is full (No space left on device).`;
    return new ProcessFailedError('DISK_FULL', message, line, stderrTail, exitCode);
  }
  const how = signal ? `was killed by ${signal}` : `exited with code ${exitCode ?? 'unknown'}`;
  const message = line ? `${label} failed: ${line}` : `${label} failed: it ${how}.`;
  return new ProcessFailedError('FFMPEG_FAILED', message, line, stderrTail, exitCode);
}

/** The error for a process that could not be started at all (missing or not executable binary). */
export function processStartError(label: string, command: string, error: unknown): StudioError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') {
    return new StudioError('FFMPEG_NOT_FOUND', `${label} could not start: "${command}" does not exist.`, {
      cause: error,
    });
  }
  if (code === 'EACCES' || code === 'EPERM') {
    return new StudioError('FFMPEG_NOT_FOUND', `${label} could not start: "${command}" is not executable.`, {
      cause: error,
    });
  }
  if (code === 'ENOSPC') {
    return new StudioError('DISK_FULL', `${label} could not start: the disk is full.`, { cause: error });
  }
  const detail = error instanceof Error ? error.message : String(error);
  return new StudioError('FFMPEG_FAILED', `${label} could not start: ${detail}`, { cause: error });
}
