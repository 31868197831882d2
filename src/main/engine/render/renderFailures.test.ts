// What happens when a render cannot finish, on real files: cancel, a full disk (a real tmpfs, or
// the OS file size limit where mounting is not allowed), a processor that throws, a missing source.
// Every case: a clear error, no output, no temporary files.
import { existsSync, readdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StudioError } from '../../../shared/errors';
import { makeNoiseClip, makeSolidColourClip, mountTinyTmpfs } from '../../media/renderTestFixtures';
import { PASS_THROUGH_PROCESSOR_ID } from './processors/passThroughProcessor';
import { RenderTestProject, strayFiles, useRenderTempFolders } from './testSupport/renderTestProject';

const tempFolder = useRenderTempFolders();

async function renderError(promise: Promise<unknown>): Promise<StudioError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(StudioError);
  return error as StudioError;
}

describe('render failures', () => {
  it('cancels mid-render: CANCELLED, no output, no temporary files', async () => {
    const folder = tempFolder();
    const clip = await makeSolidColourClip(join(folder, 'grey.mp4'), {
      colour: 'gray',
      seconds: 8,
      toneAmplitude: 0.2,
    });
    const project = RenderTestProject.create(folder, { width: 320, height: 240 });
    const [asset] = await project.importFiles(clip);
    const { video } = project.addLinkedClip(asset!, { startUs: 0, outUs: 8_000_000 });
    // 20 ms a frame on 2 workers: at least 2 s for 200 frames, however fast the machine.
    project.addEffect(video.id, PASS_THROUGH_PROCESSOR_ID, { delayMs: 20 });
    const controller = new AbortController();
    let lastFrame = 0;

    const error = await renderError(
      project.render(
        join(folder, 'cancelled.mp4'),
        {},
        {
          signal: controller.signal,
          onProgress: (frame) => {
            lastFrame = frame;
            if (frame >= 10) controller.abort();
          },
        },
      ),
    );

    expect(error.code).toBe('CANCELLED');
    expect(lastFrame).toBeGreaterThanOrEqual(10);
    expect(lastFrame).toBeLessThan(200);
    expect(strayFiles(folder, ['grey.mp4'])).toEqual([]);
    project.close();
  });

  it('stops on a full disk with DISK_FULL naming the folder, and leaves the project intact', async () => {
    const folder = tempFolder();
    const noise = await makeNoiseClip(join(folder, 'noise.mp4'), 3);
    const project = RenderTestProject.create(folder, { width: 320, height: 240 });
    const [asset] = await project.importFiles(noise);
    project.addClip(asset!, project.track('video').id, { startUs: 0, outUs: 3_000_000 });
    const timelineBefore = project.store.getTimeline();
    const small = join(folder, 'small-disk');
    const unmount = await mountTinyTmpfs(small, '512k');
    if (!unmount) {
      // No mount permission here: src/main/cli/renderCommand.test.ts covers the full disk with the
      // OS file size limit (prlimit), which needs no privilege.
      console.warn(
        'render failures: cannot mount a tmpfs here; see the prlimit case in renderCommand.test.ts',
      );
      project.close();
      return;
    }
    try {
      // ProRes of noise is ~1 MB a second: far more than 512 KiB.
      const error = await renderError(
        project.render(join(small, 'too-big.mov'), { codec: { videoCodec: 'prores' } }),
      );
      expect(error.code).toBe('DISK_FULL');
      expect(error.message).toContain(`"${small}"`);
      expect(readdirSync(small)).toEqual([]);
    } finally {
      await unmount();
    }
    expect(project.store.getTimeline()).toEqual(timelineBefore);
    expect(project.store.assets.list()).toHaveLength(1);
    project.close();
  });

  it('stops when a frame processor throws, with its error, and cleans up', async () => {
    const folder = tempFolder();
    const clip = await makeSolidColourClip(join(folder, 'grey.mp4'), { colour: 'gray', seconds: 2 });
    const project = RenderTestProject.create(folder, { width: 160, height: 120 });
    const [asset] = await project.importFiles(clip);
    const clipOnTimeline = project.addClip(asset!, project.track('video').id, {
      startUs: 0,
      outUs: 2_000_000,
    });
    project.addEffect(clipOnTimeline.id, PASS_THROUGH_PROCESSOR_ID, { failAtFrame: 20 });

    const error = await renderError(project.render(join(folder, 'broken.mp4')));

    expect(error.code).toBe('INTERNAL');
    expect(error.message).toContain('fail at frame 20');
    expect(strayFiles(folder, ['grey.mp4'])).toEqual([]);
    project.close();
  });

  it('refuses to start when a source file has gone missing, naming it', async () => {
    const folder = tempFolder();
    const clip = await makeSolidColourClip(join(folder, 'gone.mp4'), { colour: 'gray', seconds: 1 });
    const project = RenderTestProject.create(folder, { width: 160, height: 120 });
    const [asset] = await project.importFiles(clip);
    project.addClip(asset!, project.track('video').id, { startUs: 0, outUs: 1_000_000 });
    project.store.assets.setStatus(asset!.id, 'missing');
    renameSync(clip, join(folder, 'moved.mp4'));

    const error = await renderError(project.render(join(folder, 'never.mp4')));

    expect(error.code).toBe('FILE_NOT_FOUND');
    expect(error.message).toContain('gone.mp4');
    expect(existsSync(join(folder, 'never.mp4'))).toBe(false);
    project.close();
  });

  it('refuses an output that would overwrite a source, or whose extension cannot hold the codec', async () => {
    const folder = tempFolder();
    const clip = await makeSolidColourClip(join(folder, 'source.mp4'), { colour: 'gray', seconds: 1 });
    const project = RenderTestProject.create(folder, { width: 160, height: 120 });
    const [asset] = await project.importFiles(clip);
    project.addClip(asset!, project.track('video').id, { startUs: 0, outUs: 1_000_000 });

    const overwrite = await renderError(project.render(clip));
    expect(overwrite.code).toBe('INVALID_ARGUMENT');
    expect(overwrite.message).toContain('source.mp4');
    const prores = await renderError(
      project.render(join(folder, 'x.mp4'), { codec: { videoCodec: 'prores' } }),
    );
    expect(prores.code).toBe('INVALID_ARGUMENT');
    expect(prores.message).toContain('.mov');
    const noFolder = await renderError(project.render(join(folder, 'no', 'such', 'x.mp4')));
    expect(noFolder.code).toBe('FILE_NOT_FOUND');
    project.close();
  });
});
