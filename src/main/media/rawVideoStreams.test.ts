// Raw frame streams against real ffmpeg processes: exact frames out of a decoder, backpressure into
// an encoder, a broken pipe reported as such, and one child's stdout wired straight into another's
// stdin (the render pipeline's JS-free path).
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { locateFfmpeg } from './ffmpegLocator';
import { BackpressureWriter, readFixedSizeFrames } from './rawVideoStreams';
import { spawnProcess } from './runProcess';

const QUIET = ['-hide_banner', '-nostdin', '-v', 'error'];
const FRAME_BYTES = 64 * 48 * 3;

function grayFrames(ffmpeg: string, count: number) {
  return spawnProcess(ffmpeg, [
    ...QUIET,
    ...['-f', 'lavfi', '-i', 'color=c=0x808080:s=64x48:r=25', '-frames:v', String(count)],
    ...['-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'],
  ]);
}

function frameCounter(ffmpeg: string, stdin: 'pipe' | 'ignore' = 'pipe') {
  return spawnProcess(
    ffmpeg,
    [
      ...QUIET,
      '-f',
      'rawvideo',
      '-pix_fmt',
      'rgb24',
      '-video_size',
      '64x48',
      '-i',
      'pipe:0',
      '-f',
      'rawvideo',
      '-',
    ],
    { stdin },
  );
}

describe('raw video streams', () => {
  it('reads exact frames from a decoder into recycled buffers', async () => {
    const ffmpeg = await locateFfmpeg();
    const decoder = grayFrames(ffmpeg, 30);
    const free: Uint8Array[] = [];
    let allocated = 0;
    const take = (): Uint8Array => free.pop() ?? (allocated++, new Uint8Array(FRAME_BYTES));
    let frames = 0;
    for await (const frame of readFixedSizeFrames(decoder.stdout, FRAME_BYTES, take, 'test decoder')) {
      expect(frame.byteLength).toBe(FRAME_BYTES);
      expect(frame[0]).toBe(128);
      expect(frame[FRAME_BYTES - 1]).toBe(128);
      frames += 1;
      free.push(frame);
    }
    await decoder.exited;
    expect(frames).toBe(30);
    expect(allocated).toBe(1);
  });

  it('fails clearly when a stream stops in the middle of a frame', async () => {
    const half = Readable.from([Buffer.alloc(FRAME_BYTES), Buffer.alloc(FRAME_BYTES / 2)]);
    const reading = (async () => {
      for await (const _frame of readFixedSizeFrames(
        half,
        FRAME_BYTES,
        () => new Uint8Array(FRAME_BYTES),
        'cut decoder',
      )) {
        // consume
      }
    })();
    await expect(reading).rejects.toMatchObject({
      code: 'FFMPEG_FAILED',
      message: `cut decoder stopped in the middle of a frame (${FRAME_BYTES / 2} of ${FRAME_BYTES} bytes).`,
    });
  });

  it('writes with backpressure into an encoder and reports a reader that went away', async () => {
    const ffmpeg = await locateFfmpeg();
    const counter = frameCounter(ffmpeg);
    let outputBytes = 0;
    counter.stdout.on('data', (chunk: Buffer) => (outputBytes += chunk.length));
    const writer = new BackpressureWriter(counter.stdin!, 'the counter');
    let released = 0;
    for (let index = 0; index < 200; index += 1) {
      await writer.write(new Uint8Array(FRAME_BYTES).fill(index), () => (released += 1));
    }
    await writer.end();
    await counter.exited;
    expect(released).toBe(200);
    expect(outputBytes).toBe(200 * FRAME_BYTES);

    const dying = frameCounter(ffmpeg);
    const brokenWriter = new BackpressureWriter(dying.stdin!, 'the dying counter');
    dying.kill();
    await dying.exited.catch(() => undefined);
    const writing = (async () => {
      for (let index = 0; index < 100; index += 1) await brokenWriter.write(new Uint8Array(FRAME_BYTES));
    })();
    await expect(writing).rejects.toMatchObject({
      code: 'FFMPEG_FAILED',
      message: expect.stringContaining('the dying counter stopped reading'),
    });
  });

  it("wires one child's stdout straight into another's stdin, for several producers in turn", async () => {
    const ffmpeg = await locateFfmpeg();
    const counter = frameCounter(ffmpeg);
    let outputBytes = 0;
    counter.stdout.on('data', (chunk: Buffer) => (outputBytes += chunk.length));
    for (const count of [7, 5]) {
      const producer = spawnProcess(
        ffmpeg,
        [
          ...QUIET,
          '-f',
          'lavfi',
          '-i',
          'color=c=red:s=64x48:r=25',
          '-frames:v',
          String(count),
          '-f',
          'rawvideo',
          '-pix_fmt',
          'rgb24',
          'pipe:1',
        ],
        { stdoutTo: counter.stdin! },
      );
      // Nothing arrives on our side: the frames went to the counter.
      let seen = 0;
      producer.stdout.on('data', (chunk: Buffer) => (seen += chunk.length));
      await producer.exited;
      expect(seen).toBe(0);
    }
    counter.stdin!.end();
    await counter.exited;
    expect(outputBytes).toBe(12 * FRAME_BYTES);
  });
});
