// `doppel swap` on plain files runs the studio's own render path on a one-off project in a scratch
// folder, so it passes every safeguard a project render passes: consent (a face identity is made
// from the photo and the consent stated on the command line is recorded on it), the content safety
// gate (render preflight), and provenance (invisible watermark + signed C2PA manifest citing the
// consent). The project is the video's size and frame rate; the video is its one clip, with a Face
// swap effect whose source is the photo's face. The scratch folder is removed afterwards, whatever
// happened; the output is written under a temporary name and renamed only when complete.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RenderJob, RenderProgress } from '../../shared/contracts/renderContract';
import { isErrorCode, StudioError } from '../../shared/errors';
import { FACE_SWAP_EFFECT_KIND, type FaceSwapUserParams } from '../../shared/model/faceSwapParams';
import type { MediaProbe } from '../media/probeMedia';
import type { Studio } from '../services/createStudio';
import { ProjectStore } from '../store/projectStore';

export interface SwapProjectRequest {
  facePath: string;
  videoPath: string;
  video: MediaProbe;
  outputPath: string;
  engine: FaceSwapUserParams['engine'];
  blend: number;
  consent: { subject: string; scope: string };
  visibleLabel: boolean;
}

export type SwapPhase = 'analysing source' | 'analysing video' | 'rendering';

export interface SwapProjectResult {
  renderId: string;
  outputPath: string;
  frames: number;
  durationUs: number | null;
  identityId: string;
  provenance: RenderJob['provenance'];
  timingsMs: { analysis: number; render: number };
}

async function waitForRender(
  studio: Studio,
  start: () => Promise<{ renderId: string }>,
  onProgress: (event: RenderProgress) => void,
  signal: AbortSignal | undefined,
): Promise<RenderProgress> {
  const render = studio.services.render;
  let renderId: string | null = null;
  const early: RenderProgress[] = [];
  let finished: (value: RenderProgress) => void = () => undefined;
  const done = new Promise<RenderProgress>((resolve) => (finished = resolve));
  const onEvent = (event: RenderProgress): void => {
    if (event.status === 'running') onProgress(event);
    else if (event.status !== 'queued') finished(event);
  };
  const subscription = render.onDidRenderProgress((event) => {
    if (renderId === null) early.push(event);
    else if (event.renderId === renderId) onEvent(event);
  });
  const cancel = (): void => {
    if (renderId !== null) void render.cancel({ renderId });
  };
  signal?.addEventListener('abort', cancel);
  try {
    ({ renderId } = await start());
    if (signal?.aborted) cancel();
    for (const event of early.splice(0)) if (event.renderId === renderId) onEvent(event);
    return await done;
  } finally {
    signal?.removeEventListener('abort', cancel);
    subscription.dispose();
  }
}

export async function swapWithOneOffProject(
  studio: Studio,
  request: SwapProjectRequest,
  options: { signal?: AbortSignal; onProgress?(phase: SwapPhase, done: number, total: number): void } = {},
): Promise<SwapProjectResult> {
  const report = options.onProgress ?? (() => undefined);
  const { services } = studio;
  const scratch = await mkdtemp(join(tmpdir(), 'doppel-swap-'));
  try {
    const projectPath = join(scratch, 'swap.doppel');
    ProjectStore.create(projectPath, {
      name: 'doppel swap',
      fps: request.video.fps ?? { num: 25, den: 1 },
      width: request.video.displayWidth ?? 1920,
      height: request.video.displayHeight ?? 1080,
    }).close();
    await services.project.open({ path: projectPath });
    const imported = await services.media.import({ paths: [request.facePath, request.videoPath] });
    const failure = imported.failed[0];
    if (failure) {
      const code = isErrorCode(failure.code) ? failure.code : 'MEDIA_UNREADABLE';
      throw new StudioError(code, `"${failure.path}" cannot be used: ${failure.message}`);
    }
    const [photo, video] = [request.facePath, request.videoPath].map(
      (path, index) =>
        (imported.imported.find((entry) => entry.path === path) ?? imported.imported[index])?.asset,
    );
    if (!photo || !video) throw new StudioError('INTERNAL', 'The swap inputs were not imported.');
    if (photo.id === video.id) {
      throw new StudioError(
        'INVALID_ARGUMENT',
        `--face and --video are the same file ("${request.facePath}").`,
      );
    }

    // The content safety gate first, as `doppel lipsync` does: a refused photo or video is never
    // analysed. The verdicts are cached in the project, so the render's own check reuses them.
    const gate = await studio.safety.gateForOpenProject();
    await gate.checkBeforeSynthesis({ sources: [photo.path], targets: [video.path] });

    const analysisStarted = performance.now();
    report('analysing source', 0, 1);
    const photoFaces = await services.faces.analyseAsset({ assetId: photo.id, every: 1 });
    if (photoFaces.tracks.length === 0) {
      throw new StudioError(
        'INVALID_ARGUMENT',
        `No face was found in "${request.facePath}": the source of a face swap must show a face.`,
      );
    }
    // The largest face of the photo is the source.
    const sourceTrack = [...(photoFaces.frame?.faces ?? [])].sort(
      (a, b) => b.box.width * b.box.height - a.box.width * a.box.height,
    )[0]?.trackId;
    await services.faces.markFace({ assetId: photo.id, trackId: sourceTrack ?? 0, role: 'source' });
    const identity = (await services.identities.list({})).find((entry) => entry.kind === 'face');
    if (!identity) throw new StudioError('INTERNAL', 'Marking the source face made no face identity.');
    await services.consent.grant({
      identityId: identity.id,
      subject: request.consent.subject,
      scope: request.consent.scope,
      evidenceAssetId: photo.id,
      notes: 'Stated on the command line of a one-off `doppel swap`.',
    });
    report('analysing video', 0, 1);
    await services.faces.analyseAsset({ assetId: video.id, every: 1 });
    const analysisMs = performance.now() - analysisStarted;

    const timeline = await services.timeline.apply({
      command: { type: 'insertAsset', assetId: video.id, trackId: null, startUs: 0 },
    });
    const clip = timeline.clips.find((entry) => entry.assetId === video.id);
    if (!clip) throw new StudioError('INTERNAL', 'The video did not land on the timeline.');
    const params: Partial<FaceSwapUserParams> = {
      sourceIdentityId: identity.id,
      targetMode: 'all',
      engine: request.engine,
      blend: request.blend,
    };
    await services.timeline.apply({
      command: { type: 'addEffect', clipId: clip.id, kind: FACE_SWAP_EFFECT_KIND, params },
    });

    const renderStarted = performance.now();
    const last = await waitForRender(
      studio,
      () =>
        services.render.start({
          outputPath: request.outputPath,
          preset: 'source',
          codec: {},
          range: null,
          visibleLabel: request.visibleLabel,
        }),
      (event) => report('rendering', event.frame, event.totalFrames),
      options.signal,
    );
    if (last.status !== 'done') {
      const code = last.error && isErrorCode(last.error.code) ? last.error.code : 'INTERNAL';
      throw new StudioError(code, last.error?.message ?? `The swap render ended as ${last.status}.`);
    }
    const job = (await services.render.list({})).find((entry) => entry.id === last.renderId);
    return {
      renderId: last.renderId,
      outputPath: last.outputPath,
      frames: last.totalFrames,
      durationUs: job?.durationUs ?? null,
      identityId: identity.id,
      provenance: job?.provenance ?? null,
      timingsMs: { analysis: analysisMs, render: performance.now() - renderStarted },
    };
  } finally {
    await services.project.close({}).catch(() => undefined);
    await rm(scratch, { recursive: true, force: true });
  }
}
