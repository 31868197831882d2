import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { StudioError } from '../../shared/errors';
import { locateFfmpeg } from './ffmpegLocator';
import { processFailureError, usefulStderrLine } from './processErrors';
import { runProcess, spawnProcess } from './runProcess';

let ffmpeg: string;
beforeAll(async () => {
  ffmpeg = await locateFfmpeg();
});

/** An ffmpeg that would run until stopped: an endless generated picture into the null muxer. */
const ENDLESS = [
  '-hide_banner',
  '-nostdin',
  '-v',
  'error',
  '-re',
  '-f',
  'lavfi',
  '-i',
  'testsrc',
  '-f',
  'null',
  '-',
];

function isRunning(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function rejectionOf(promise: Promise<unknown>): Promise<StudioError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(StudioError);
    return error as StudioError;
  }
  throw new Error('expected a rejection');
}

describe('usefulStderrLine', () => {
  it('picks the line that explains the failure, not the generic epilogue', () => {
    const stderr = [
      '[mov,mp4,m4a,3gp,3g2,mj2 @ 0x55d0c0a1b2c0] moov atom not found',
      'file:/x.mp4: Invalid data found when processing input',
      'Conversion failed!',
      '',
    ].join('\n');
    expect(usefulStderrLine(stderr)).toBe('file:/x.mp4: Invalid data found when processing input');
  });

  it('ignores progress lines written with carriage returns and strips heap addresses', () => {
    const stderr =
      'frame=  10 fps=0.0 q=0.0 size=0kB\r[h264 @ 0x1234abcd] error while decoding MB 3 4\rframe=  20 fps';
    expect(usefulStderrLine(stderr)).toBe('[h264] error while decoding MB 3 4');
  });

  it('falls back to the last line, and to nothing for pure noise', () => {
    expect(usefulStderrLine('something odd happened\n')).toBe('something odd happened');
    expect(usefulStderrLine('Conversion failed!\n')).toBe('');
  });

  it('classifies a full disk as DISK_FULL and anything else as FFMPEG_FAILED', () => {
    expect(
      processFailureError('ffmpeg', 1, null, 'av_interleaved_write_frame(): No space left on device').code,
    ).toBe('DISK_FULL');
    const failed = processFailureError('ffmpeg on "a.mp4"', 1, null, 'a.mp4: No such file or directory\n');
    expect(failed.code).toBe('FFMPEG_FAILED');
    expect(failed.message).toBe('ffmpeg on "a.mp4" failed: a.mp4: No such file or directory');
    expect(processFailureError('ffmpeg', null, 'SIGSEGV', '').message).toBe(
      'ffmpeg failed: it was killed by SIGSEGV.',
    );
  });
});

describe('runProcess', () => {
  it('returns stdout as a buffer', async () => {
    const { stdout, exitCode } = await runProcess(ffmpeg, ['-hide_banner', '-version']);
    expect(exitCode).toBe(0);
    expect(stdout.toString()).toMatch(/^ffmpeg version /);
  });

  it('passes arguments without a shell: metacharacters stay literal', async () => {
    const tricky = '$(echo injected); `id` && echo "quoted" | cat > /tmp/nope';
    const { stdout } = await runProcess(process.execPath, [
      '-e',
      'process.stdout.write(process.argv[1])',
      tricky,
    ]);
    expect(stdout.toString()).toBe(tricky);
  });

  it('turns a non-zero exit into FFMPEG_FAILED carrying the useful stderr line', async () => {
    const error = await rejectionOf(
      runProcess(
        ffmpeg,
        ['-hide_banner', '-nostdin', '-v', 'error', '-i', 'file:/no/such/dir/clip.mp4', '-f', 'null', '-'],
        {
          label: 'ffmpeg on "clip.mp4"',
        },
      ),
    );
    expect(error.code).toBe('FFMPEG_FAILED');
    expect(error.message).toMatch(/^ffmpeg on "clip\.mp4" failed: .*No such file or directory/);
  });

  it.skipIf(!existsSync('/dev/full'))('reports "No space left on device" as DISK_FULL', async () => {
    const args = ['-hide_banner', '-nostdin', '-v', 'error', '-f', 'lavfi', '-i', 'testsrc=duration=1'];
    const error = await rejectionOf(runProcess(ffmpeg, [...args, '-f', 'rawvideo', '-y', 'file:/dev/full']));
    expect(error.code).toBe('DISK_FULL');
    expect(error.message).toMatch(/disk is full/);
  });

  it('reports a missing executable as FFMPEG_NOT_FOUND', async () => {
    const error = await rejectionOf(runProcess('/no/such/ffmpeg', ['-version']));
    expect(error.code).toBe('FFMPEG_NOT_FOUND');
    expect(error.message).toContain('/no/such/ffmpeg');
  });

  it('kills the child when the signal aborts and rejects with CANCELLED', async () => {
    const controller = new AbortController();
    const running = spawnProcess(ffmpeg, ENDLESS, { signal: controller.signal });
    expect(isRunning(running.pid)).toBe(true);
    setTimeout(() => controller.abort(), 150);
    const started = Date.now();
    const error = await rejectionOf(running.exited);
    expect(error.code).toBe('CANCELLED');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(isRunning(running.pid)).toBe(false);
  });

  it('kills a child that runs past its timeout', async () => {
    const error = await rejectionOf(
      runProcess(ffmpeg, ENDLESS, { timeoutMs: 200, label: 'ffprobe on "stuck.mp4"' }),
    );
    expect(error.code).toBe('FFMPEG_FAILED');
    expect(error.message).toBe('ffprobe on "stuck.mp4" timed out after 200 ms.');
  });

  it('does not start at all when already cancelled', () => {
    const controller = new AbortController();
    controller.abort();
    expect(() => spawnProcess(ffmpeg, ENDLESS, { signal: controller.signal })).toThrow(/cancelled/);
  });

  it('refuses runaway output', async () => {
    const args = ['-hide_banner', '-nostdin', '-v', 'error', '-f', 'lavfi', '-i', 'testsrc=duration=5'];
    const error = await rejectionOf(
      runProcess(ffmpeg, [...args, '-f', 'rawvideo', 'pipe:1'], { maxStdoutBytes: 1000 }),
    );
    expect(error.code).toBe('FFMPEG_FAILED');
    expect(error.message).toMatch(/more than 1000 bytes/);
  });
});

describe('spawnProcess streaming', () => {
  const oneSecondOfPcm = [
    ...['-hide_banner', '-nostdin', '-v', 'error', '-f', 'lavfi', '-i', 'sine=duration=1:sample_rate=8000'],
    ...['-ac', '1', '-c:a', 'pcm_f32le', '-f', 'f32le', 'pipe:1'],
  ];

  it('streams stdout in chunks and resolves `exited` after the end', async () => {
    const running = spawnProcess(ffmpeg, oneSecondOfPcm);
    let bytes = 0;
    for await (const chunk of running.stdout as AsyncIterable<Buffer>) bytes += chunk.length;
    await expect(running.exited).resolves.toMatchObject({ exitCode: 0 });
    expect(bytes).toBe(8000 * 4);
  });

  it('makes a reading loop throw CANCELLED when the signal aborts', async () => {
    const controller = new AbortController();
    const endless = [
      ...['-hide_banner', '-nostdin', '-v', 'error', '-re', '-f', 'lavfi', '-i', 'sine=sample_rate=8000'],
      ...['-c:a', 'pcm_f32le', '-f', 'f32le', 'pipe:1'],
    ];
    const running = spawnProcess(ffmpeg, endless, { signal: controller.signal });
    setTimeout(() => controller.abort(), 150);
    const reading = (async () => {
      for await (const chunk of running.stdout as AsyncIterable<Buffer>) void chunk;
    })();
    expect((await rejectionOf(reading)).code).toBe('CANCELLED');
    expect((await rejectionOf(running.exited)).code).toBe('CANCELLED');
  });
});
