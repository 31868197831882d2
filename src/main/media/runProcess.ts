// The only place that spawns processes (DESIGN.md §1: only media/ runs ffmpeg). Always an argument
// array and never a shell, so file names with spaces, quotes or `$(…)` are just names. The child is
// killed when the caller's AbortSignal fires; failures become StudioErrors carrying the one stderr
// line that explains them.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { PassThrough, type Readable, type Writable } from 'node:stream';
import type { Disposable } from '../../shared/disposable';
import { StudioError } from '../../shared/errors';
import { processFailureError, processStartError } from './processErrors';

const DEFAULT_STDERR_TAIL_BYTES = 16 * 1024;
const DEFAULT_MAX_STDOUT_BYTES = 64 * 1024 * 1024;

export interface ProcessOptions {
  signal?: AbortSignal;
  /** Names the job in error messages, e.g. `ffprobe on "clip.mp4"`. Defaults to the command's name. */
  label?: string;
  /** 'pipe' to feed the child (encoders); otherwise stdin is closed so ffmpeg never waits on a tty. */
  stdin?: 'ignore' | 'pipe';
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** How much of the end of stderr to keep for error messages. */
  stderrTailBytes?: number;
  /** Kill the child after this long and fail with FFMPEG_FAILED "timed out" (e.g. a probe stuck on a bad file). */
  timeoutMs?: number;
  /**
   * Connects the child's stdout straight to this stream's file descriptor (another child's stdin,
   * say) instead of a pipe to us, so the bytes never pass through JS. `stdout` is then empty.
   */
  stdoutTo?: Writable;
  /** Extra pipes from us into the child, as fds 3, 4, …; see RunningProcess.extraInputs. */
  extraInputPipes?: number;
}

export interface ProcessResult {
  exitCode: number;
  /** The last `stderrTailBytes` of stderr (warnings are useful even on success). */
  stderrTail: string;
}

export interface BufferedProcessResult extends ProcessResult {
  stdout: Buffer;
}

export interface RunningProcess extends Disposable {
  readonly pid: number | undefined;
  /** Raw stdout. On cancel it is destroyed with a CANCELLED error, so `for await` loops stop. */
  readonly stdout: Readable;
  /** Present when started with `stdin: 'pipe'`. */
  readonly stdin: Writable | null;
  /** The pipes asked for with `extraInputPipes`: index 0 is the child's fd 3 (`pipe:3` to ffmpeg). */
  readonly extraInputs: Writable[];
  /**
   * Settles once the process has exited and its pipes are closed: resolves on exit code 0, rejects
   * with CANCELLED, FFMPEG_FAILED, DISK_FULL or FFMPEG_NOT_FOUND otherwise. Always await it, even
   * after reading stdout to the end: that is where a failure is reported.
   */
  readonly exited: Promise<ProcessResult>;
  /** Kills the child now (SIGKILL); `exited` then rejects with CANCELLED. */
  kill(): void;
}

/** Keeps only the end of a growing text, where ffmpeg prints the reason it stopped. */
class TailBuffer {
  private chunks: Buffer[] = [];
  private length = 0;

  constructor(private readonly limit: number) {}

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.length += chunk.length;
    if (this.length > this.limit * 2) {
      const joined = Buffer.concat(this.chunks).subarray(-this.limit);
      this.chunks = [joined];
      this.length = joined.length;
    }
  }

  text(): string {
    return Buffer.concat(this.chunks).subarray(-this.limit).toString('utf8');
  }
}

/** Starts `command` with `args` and streams its stdout; see RunningProcess. */
export function spawnProcess(
  command: string,
  args: readonly string[],
  options: ProcessOptions = {},
): RunningProcess {
  const label = options.label ?? path.basename(command);
  if (options.signal?.aborted) throw new StudioError('CANCELLED', `${label} was cancelled.`);

  const extraPipes = Array.from({ length: options.extraInputPipes ?? 0 }, () => 'pipe' as const);
  const child = spawn(command, [...args], {
    stdio: [options.stdin ?? 'ignore', options.stdoutTo ?? 'pipe', 'pipe', ...extraPipes],
    shell: false,
    windowsHide: true,
    cwd: options.cwd,
    env: options.env,
  });
  const { stderr: stderrPipe } = child;
  const stdout = options.stdoutTo ? new PassThrough().end() : child.stdout;
  // Always present with 'pipe' stdio; the check only narrows the types.
  if (!stdout || !stderrPipe) throw new StudioError('INTERNAL', `${label}: no output pipes.`);
  const extraInputs = extraPipes.map((_, index) => {
    const pipe = child.stdio[3 + index] as Writable | null | undefined;
    if (!pipe) throw new StudioError('INTERNAL', `${label}: no pipe on fd ${3 + index}.`);
    return pipe;
  });
  const stderr = new TailBuffer(options.stderrTailBytes ?? DEFAULT_STDERR_TAIL_BYTES);
  stderrPipe.on('data', (chunk: Buffer) => stderr.push(chunk));
  // Pipe errors (our own CANCELLED destroy, EPIPE when the child dies mid-write) are reported through
  // `exited`; without a listener Node would treat them as uncaught and crash the process.
  stdout.on('error', () => undefined);
  child.stdin?.on('error', () => undefined);
  for (const pipe of extraInputs) pipe.on('error', () => undefined);

  // Why the child was killed by us, if it was: decides the error `exited` rejects with.
  let stopReason: StudioError | null = null;
  let startError: unknown = null;

  const stop = (reason: StudioError): void => {
    if (child.exitCode !== null || child.signalCode !== null || stopReason) return;
    stopReason = reason;
    child.kill('SIGKILL');
    // Wake up a consumer blocked on stdout right away instead of letting it see a clean EOF.
    stdout.destroy(reason);
  };
  const kill = (): void => stop(new StudioError('CANCELLED', `${label} was cancelled.`));
  const onAbort = (): void => kill();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const timer =
    options.timeoutMs === undefined
      ? null
      : setTimeout(
          () => stop(new StudioError('FFMPEG_FAILED', `${label} timed out after ${options.timeoutMs} ms.`)),
          options.timeoutMs,
        );
  const cleanUp = (): void => {
    options.signal?.removeEventListener('abort', onAbort);
    if (timer) clearTimeout(timer);
  };

  const exited = new Promise<ProcessResult>((resolve, reject) => {
    child.once('error', (error) => {
      // Spawn failures (ENOENT, EACCES) arrive here; 'close' may or may not follow.
      startError = error;
      stdout.destroy();
      cleanUp();
      reject(processStartError(label, command, error));
    });
    child.once('close', (exitCode, signal) => {
      cleanUp();
      if (startError !== null) return;
      const stderrTail = stderr.text();
      if (stopReason) reject(stopReason);
      else if (exitCode === 0) resolve({ exitCode, stderrTail });
      else reject(processFailureError(label, exitCode, signal, stderrTail));
    });
  });
  // A consumer that stops early (and so never awaits `exited`) must not cause an unhandled rejection.
  exited.catch(() => undefined);

  return {
    pid: child.pid,
    stdout,
    stdin: child.stdin,
    extraInputs,
    exited,
    kill,
    dispose: kill,
  };
}

export interface RunProcessOptions extends ProcessOptions {
  /** Refuse (and kill the child) beyond this much stdout; guards against a probe gone wild. */
  maxStdoutBytes?: number;
}

/** Runs `command` to completion and returns its whole stdout as a Buffer. */
export async function runProcess(
  command: string,
  args: readonly string[],
  options: RunProcessOptions = {},
): Promise<BufferedProcessResult> {
  const running = spawnProcess(command, args, options);
  const label = options.label ?? path.basename(command);
  const limit = options.maxStdoutBytes ?? DEFAULT_MAX_STDOUT_BYTES;
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  running.stdout.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > limit) {
      tooLarge = true;
      running.kill();
      return;
    }
    chunks.push(chunk);
  });
  try {
    const result = await running.exited;
    return { ...result, stdout: Buffer.concat(chunks) };
  } catch (error) {
    if (tooLarge) {
      throw new StudioError('FFMPEG_FAILED', `${label} produced more than ${limit} bytes of output.`);
    }
    throw error;
  }
}
