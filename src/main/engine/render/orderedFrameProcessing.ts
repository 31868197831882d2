// Runs items through an async step with at most `maxInFlight` in progress, and delivers the
// results in input order. Reading the source pauses while the window is full, which is what keeps
// memory flat: a slow processor or encoder slows the decoder instead of growing a queue.

export async function processInOrder<Item, Result>(
  source: AsyncIterable<Item>,
  process: (item: Item, index: number) => Promise<Result>,
  deliver: (result: Result, index: number) => Promise<void>,
  maxInFlight: number,
): Promise<number> {
  if (!Number.isInteger(maxInFlight) || maxInFlight < 1)
    throw new RangeError(`maxInFlight must be ≥ 1, got ${maxInFlight}`);
  const inFlight = new Map<number, Promise<Result>>();
  let nextIn = 0;
  let nextOut = 0;
  const deliverOldest = async (): Promise<void> => {
    const result = await inFlight.get(nextOut)!;
    inFlight.delete(nextOut);
    await deliver(result, nextOut);
    nextOut += 1;
  };
  try {
    for await (const item of source) {
      const promise = process(item, nextIn);
      // Observed here so a failure while an older item is awaited is not "unhandled"; it is still
      // thrown when its turn comes.
      promise.catch(() => undefined);
      inFlight.set(nextIn, promise);
      nextIn += 1;
      while (inFlight.size >= maxInFlight) await deliverOldest();
    }
    while (inFlight.size > 0) await deliverOldest();
  } finally {
    inFlight.clear();
  }
  return nextOut;
}

/** Recycles equally sized frame buffers so a render allocates a handful, not one per frame. */
export class FrameBufferPool {
  private readonly free: ArrayBuffer[] = [];
  private allocated = 0;

  constructor(readonly frameBytes: number) {}

  take(): ArrayBuffer {
    const buffer = this.free.pop();
    if (buffer && buffer.byteLength === this.frameBytes) return buffer;
    this.allocated += 1;
    return new ArrayBuffer(this.frameBytes);
  }

  give(buffer: ArrayBuffer): void {
    // Detached (transferred away) buffers have length 0 and cannot be reused.
    if (buffer.byteLength === this.frameBytes) this.free.push(buffer);
  }

  /** How many buffers were ever created: stays small and constant over a render (flat memory). */
  get allocatedCount(): number {
    return this.allocated;
  }
}
