// The render service on a real project file with real renders: the queue (one at a time), events,
// the history in the renders table, cancel, the sweep of stale temporary files, start-time checks,
// and the encode stage hooks (video filter, audio PCM transform, after-encode manifest).
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RenderProgress } from '../../shared/contracts/renderContract';
import type { FrameProcessor } from '../engine/render/frameProcessor';
import { createBuiltInFrameProcessorRegistry } from '../engine/render/builtInFrameProcessors';
import { RenderTestProject, useRenderTempFolders } from '../engine/render/testSupport/renderTestProject';
import {
  decodeAllFramesRgb,
  decodeAudioMono,
  makeSolidColourClip,
  pixelAt,
} from '../media/renderTestFixtures';
import { ProjectSession } from './projectSession';
import { RenderServiceImpl, type RenderServiceOptions } from './renderService';

const tempFolder = useRenderTempFolders();

async function setUp(options: RenderServiceOptions = {}, seconds = 1) {
  const folder = tempFolder();
  const clip = await makeSolidColourClip(join(folder, 'clip.mp4'), {
    colour: 'gray',
    seconds,
    width: 160,
    height: 120,
    toneAmplitude: 0.3,
  });
  const project = RenderTestProject.create(folder, { width: 160, height: 120 });
  const [asset] = await project.importFiles(clip);
  const clips = project.addLinkedClip(asset!, { startUs: 0, outUs: seconds * 1_000_000 });
  const session = new ProjectSession();
  session.replace(project.store);
  const service = new RenderServiceImpl(session, { workerCount: 1, ...options });
  const events: RenderProgress[] = [];
  service.onDidRenderProgress((event) => events.push(event));
  const finished = (renderId: string) =>
    new Promise<RenderProgress>((resolve) => {
      const check = (event: RenderProgress) => {
        if (event.renderId === renderId && ['done', 'failed', 'cancelled'].includes(event.status))
          resolve(event);
      };
      events.forEach(check);
      service.onDidRenderProgress(check);
    });
  const close = () => {
    service.dispose();
    session.dispose();
  };
  return { folder, project, clips, session, service, events, finished, close };
}

const fast = { codec: { encoderSpeed: 'ultrafast' as const }, preset: 'source' as const, range: null };

describe('render service', () => {
  it('runs queued renders one at a time, reports progress and keeps the history in the project', async () => {
    const { folder, project, service, events, finished, close } = await setUp({}, 2);
    const first = await service.start({ outputPath: join(folder, 'a.mp4'), ...fast });
    const second = await service.start({ outputPath: join(folder, 'b.mp4'), ...fast });

    expect((await finished(first.renderId)).status).toBe('done');
    expect((await finished(second.renderId)).status).toBe('done');

    const order = events.map((event) => `${event.renderId === first.renderId ? 'a' : 'b'}:${event.status}`);
    const compact = (list: string[]) => list.filter((entry, index) => entry !== list[index - 1]);
    // b is queued while a runs (a may already have started), and starts only once a is done.
    expect(compact(order.filter((entry) => entry !== 'b:queued'))).toEqual([
      'a:queued',
      'a:running',
      'a:done',
      'b:running',
      'b:done',
    ]);
    expect(order.indexOf('b:queued')).toBeLessThan(order.indexOf('a:done'));
    const running = events.filter((event) => event.renderId === first.renderId && event.status === 'running');
    expect(running.at(-1)!.frame).toBeGreaterThan(0);
    expect(running.at(-1)!.totalFrames).toBe(50);
    expect(events.find((event) => event.status === 'done')).toMatchObject({
      progress: 1,
      frame: 50,
      etaSeconds: 0,
    });
    const jobs = await service.list();
    expect(jobs).toHaveLength(2);
    expect(jobs[0]).toMatchObject({
      id: first.renderId,
      status: 'done',
      progress: 1,
      error: null,
      preset: 'source',
      videoCodec: 'h264',
      width: 160,
      height: 120,
      totalFrames: 50,
      durationUs: 2_000_000,
      outputPath: join(folder, 'a.mp4'),
    });
    expect(jobs[0]!.startedAt).not.toBeNull();
    expect(jobs[0]!.finishedAt).not.toBeNull();
    expect(project.store.renders.get(first.renderId)!.settings).toMatchObject({ result: { frames: 50 } });
    close();
  });

  it('cancels a queued render and a running one, leaving no files', async () => {
    const { folder, project, clips, service, finished, close } = await setUp({}, 4);
    project.addEffect(clips.video.id, 'passThrough', { delayMs: 20 });
    const running = await service.start({ outputPath: join(folder, 'running.mp4'), ...fast });
    const queued = await service.start({ outputPath: join(folder, 'queued.mp4'), ...fast });
    await service.cancel({ renderId: queued.renderId });
    service.onDidRenderProgress((event) => {
      if (event.renderId === running.renderId && event.frame > 5)
        void service.cancel({ renderId: running.renderId });
    });

    expect((await finished(queued.renderId)).status).toBe('cancelled');
    const last = await finished(running.renderId);
    expect(last.status).toBe('cancelled');
    expect(last.error?.code).toBe('CANCELLED');
    expect((await service.list()).map((job) => job.status)).toEqual(['cancelled', 'cancelled']);
    expect(readdirSync(folder).filter((name) => name.endsWith('.mp4') && name !== 'clip.mp4')).toEqual([]);
    await expect(service.cancel({ renderId: 'no-such-render' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    close();
  });

  it('removes temporary files of failed renders and voids stale queued rows when it first sees a project', async () => {
    const { folder, project, session, close } = await setUp();
    const failedId = randomUUID();
    const output = join(folder, 'old.mp4');
    project.store.renders.insert({
      id: failedId,
      settings: {},
      outputPath: output,
      createdAt: '2025-01-01T00:00:00.000Z',
    });
    project.store.renders.update(failedId, { status: 'failed', error: 'interrupted' });
    const staleQueued = randomUUID();
    project.store.renders.insert({
      id: staleQueued,
      settings: {},
      outputPath: output,
      createdAt: '2025-01-01T00:00:01.000Z',
    });
    const partial = `${output}.partial-${failedId}.mp4`;
    const unrelated = `${output}.partial-${randomUUID()}.mp4`;
    writeFileSync(partial, 'half a render');
    writeFileSync(unrelated, 'someone else');

    // A second service stands for "the studio's next start".
    const next = new RenderServiceImpl(session);
    const jobs = await next.list();

    expect(existsSync(partial)).toBe(false);
    expect(existsSync(unrelated)).toBe(true);
    expect(jobs.map((job) => [job.status, job.error?.message.slice(0, 11)])).toEqual([
      ['failed', 'Interrupted'],
      ['cancelled', 'interrupted'],
    ]);
    next.dispose();
    close();
  });

  it('refuses at start what cannot render: unknown effects, missing models, bad outputs', async () => {
    const needsModel: FrameProcessor = {
      id: 'needsModel',
      displayName: 'Needs a model',
      requiredModels: [{ id: 'inswapper_128', purpose: 'face swap' }],
      needsFramesInOrder: true,
      pixelFormats: ['rgb24'],
      parseParams: (raw) => raw,
      preCheck: async () => undefined,
      prepare: async () => ({ processFrame: () => undefined, dispose: () => undefined }),
    };
    const registry = createBuiltInFrameProcessorRegistry().register(() => needsModel);
    const { folder, project, clips, service, close } = await setUp({ registry });
    project.addEffect(clips.video.id, 'needsModel', {});
    await expect(service.start({ outputPath: join(folder, 'x.mp4'), ...fast })).rejects.toMatchObject({
      code: 'MODEL_NOT_INSTALLED',
      message: expect.stringContaining('inswapper_128 (face swap, for "Needs a model")'),
    });
    project.addEffect(clips.video.id, 'sparkles', {}, 1);
    await expect(service.start({ outputPath: join(folder, 'x.mp4'), ...fast })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringContaining('"sparkles"'),
    });
    await expect(
      service.start({ outputPath: join(folder, 'x.webm'), ...fast, codec: { videoCodec: 'h264' } }),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(await service.list()).toEqual([]);
    close();
  });

  it('applies encode stage extensions: a video filter, an audio PCM transform and an after-encode manifest', async () => {
    let transformedSamples = 0;
    const { folder, service, finished, project, close } = await setUp({
      encodeStage: [
        () => ({
          name: 'test mark',
          inputs: [['-f', 'lavfi', '-i', 'color=c=white:s=16x16']],
          videoFilter: ({ input, output, inputIndexes }) =>
            `[${input}][${inputIndexes[0]}:v]overlay=x=0:y=0:shortest=1[${output}]`,
          transformAudio: (samples) => {
            transformedSamples += samples.length;
            return new Float32Array(samples.length);
          },
          afterEncode: async (temporaryPath) => ({ signed: temporaryPath.includes('.partial-') }),
        }),
      ],
    });
    const output = join(folder, 'marked.mp4');
    const { renderId } = await service.start({ outputPath: output, ...fast });

    expect((await finished(renderId)).status).toBe('done');
    const frames = await decodeAllFramesRgb(output, 160, 120);
    expect(frames).toHaveLength(25);
    expect(Math.min(...pixelAt(frames[10]!, 160, 8, 8))).toBeGreaterThan(200);
    expect(Math.max(...pixelAt(frames[10]!, 160, 80, 60))).toBeLessThan(160);
    const samples = await decodeAudioMono(output, 48_000);
    expect(samples.every((value) => value === 0)).toBe(true);
    expect(transformedSamples).toBe(48_000 * 2);
    expect(project.store.renders.get(renderId)!.manifest).toEqual({ signed: true });
    close();
  });
});
