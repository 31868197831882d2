// The stop handshake with real worker threads: a thread that follows it exits by itself (code 0)
// after the work in hand; one that ignores it is terminated after the grace period (code 1).
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { stopWorkerThread, workerThreadsStopped } from './workerThreadStop';

function evalWorker(source: string): Worker {
  return new Worker(source, { eval: true });
}

describe('stopWorkerThread', () => {
  it('lets a thread finish the step in hand, release, and exit by itself', async () => {
    // The "step in hand" is a busy 200 ms; release() reports itself before the thread exits.
    const worker = evalWorker(`
      const { parentPort } = require('node:worker_threads');
      let queue = Promise.resolve();
      parentPort.on('message', (message) => {
        if (message.type === 'stop') {
          queue.then(() => { parentPort.postMessage('released'); process.exit(0); });
          return;
        }
        queue = queue.then(() => { const end = Date.now() + 200; while (Date.now() < end); parentPort.postMessage('step done'); });
      });
    `);
    const messages: string[] = [];
    worker.on('message', (message: string) => messages.push(message));
    worker.postMessage({ type: 'work' });
    const code = await stopWorkerThread(worker);
    expect(code).toBe(0);
    expect(messages).toEqual(['step done', 'released']);
    // Asking again, or after the end, does not hang.
    expect(await stopWorkerThread(worker)).toBe(0);
  });

  it('terminates a thread that does not answer the stop message', async () => {
    const worker = evalWorker(`setInterval(() => undefined, 1000);`);
    await new Promise((resolve) => worker.once('online', resolve));
    expect(await stopWorkerThread(worker, 300)).toBe(1);
  });

  it('resolves at once for a thread that has already ended', async () => {
    const worker = evalWorker(`process.exit(3);`);
    await new Promise((resolve) => worker.once('exit', resolve));
    expect(await stopWorkerThread(worker)).toBeNull();
  });

  it('lets the process wait for every stop it asked for, and no longer than it allows', async () => {
    const slow = evalWorker(`
      const { parentPort } = require('node:worker_threads');
      parentPort.on('message', () => setTimeout(() => process.exit(0), 300));
    `);
    const deaf = evalWorker(`setInterval(() => undefined, 1000);`);
    await Promise.all([slow, deaf].map((worker) => new Promise((resolve) => worker.once('online', resolve))));
    const slowExited = new Promise<void>((resolve) => slow.once('exit', () => resolve()));
    let slowDone = false;
    void slowExited.then(() => (slowDone = true));
    void stopWorkerThread(slow);
    await workerThreadsStopped();
    expect(slowDone).toBe(true);
    // The deaf thread would take the full grace period; the wait gives up after its own timeout.
    const deafStopped = stopWorkerThread(deaf, 5_000);
    await workerThreadsStopped(200);
    expect(deaf.threadId).not.toBe(-1); // still running: the wait returned before it ended
    expect(await deafStopped).toBe(1);
  });
});
