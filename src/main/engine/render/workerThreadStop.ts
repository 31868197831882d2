// How the threads that may run models (frame processor workers, the face analysis worker) stop.
// Why not worker.terminate(): onnxruntime-node aborts the whole process ("terminate called after
// throwing an instance of 'Napi::Error'", exit 134) when a thread is terminated while a session
// call is on its stack — the call returns into an isolate that is being torn down. Terminating an
// idle thread is fine. So the host asks the thread to stop; the thread skips what is queued,
// lets the step in hand finish, releases its sessions and exits itself (from JavaScript, with no
// native call on its stack). terminate() is only the last resort for a thread that does not answer.
import type { Worker } from 'node:worker_threads';

export const STOP_WORKER_MESSAGE = { type: 'stop' } as const;
export type StopWorkerMessage = typeof STOP_WORKER_MESSAGE;

/** A frame or an analysed frame takes well under a second; a minute means the thread is stuck. */
export const WORKER_STOP_GRACE_MS = 60_000;

export function isStopWorkerMessage(message: unknown): message is StopWorkerMessage {
  return (
    typeof message === 'object' &&
    message !== null &&
    (message as { type?: unknown }).type === STOP_WORKER_MESSAGE.type
  );
}

const stopping = new WeakMap<Worker, Promise<number | null>>();
/** Stops asked for and not yet done, so the process can wait for them before it exits. */
const unfinishedStops = new Set<Promise<unknown>>();

/**
 * Asks the thread to stop and resolves with its exit code once it has exited: 0 when it stopped
 * itself, 1 when it had to be terminated, null when it had already ended. Calling it again returns
 * the same promise. The host's listeners see the usual 'exit' event.
 */
export function stopWorkerThread(
  worker: Worker,
  graceMs: number = WORKER_STOP_GRACE_MS,
): Promise<number | null> {
  const known = stopping.get(worker);
  if (known !== undefined) return known;
  // threadId is -1 once the thread has ended (then no further 'exit' event comes).
  const stopped =
    worker.threadId === -1
      ? Promise.resolve(null)
      : new Promise<number>((resolve) => {
          const lastResort = setTimeout(() => void worker.terminate(), graceMs);
          worker.once('exit', (code) => {
            clearTimeout(lastResort);
            resolve(code);
          });
          try {
            worker.postMessage(STOP_WORKER_MESSAGE);
          } catch {
            // The port is already closed: the thread is on its way out, 'exit' follows.
          }
        });
  stopping.set(worker, stopped);
  unfinishedStops.add(stopped);
  void stopped.finally(() => unfinishedStops.delete(stopped));
  return stopped;
}

/**
 * Resolves when every thread asked to stop has exited, or after `timeoutMs`. Call it between
 * disposing the services and exiting the process: exiting while a thread is mid-inference aborts
 * the same way terminate() does.
 */
export async function workerThreadsStopped(timeoutMs: number = 10_000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
  const allStopped = (async () => {
    while (unfinishedStops.size > 0) await Promise.all(unfinishedStops);
  })();
  await Promise.race([allStopped, timeout]);
  clearTimeout(timer);
}

/**
 * Worker side: once `work` (the thread's queue) settles, runs `release` (dispose sessions and
 * processors) and ends the thread. Failures are ignored: the thread is going away regardless.
 */
export async function exitWorkerWhenIdle(work: Promise<unknown>, release: () => unknown): Promise<never> {
  await work.catch(() => undefined);
  try {
    await release();
  } catch {
    // Nothing to report to: the host stopped listening for answers.
  }
  process.exit(0);
}
