// doppel render PROJECT.doppel -o OUT [--preset P] [--codec C] [--crf N] [--speed S]
//                                      [--from SECONDS] [--to SECONDS] [--json]
// Queues one render through the render service, shows a progress bar (frames, fps, ETA) on stderr,
// and prints the result. Ctrl-C cancels the render, so its temporary file is removed.
import {
  encoderSpeedSchema,
  renderPresetSchema,
  videoCodecSchema,
  type RenderProgress,
} from '../../shared/contracts/renderContract';
import { isErrorCode, StudioError } from '../../shared/errors';
import { timelineDuration } from '../../shared/timeline/edits';
import { secondsToMicroseconds } from '../../shared/time';
import type { Studio } from '../services/createStudio';
import { parseCommandArguments } from './cliArguments';
import { printResult, UsageError, type CliContext } from './cliOutput';
import { createProgressReporter } from './progressBar';

const USAGE =
  'usage: doppel render PROJECT.doppel -o OUT [--preset source|1080p-h264|720p-h264|1080p-hevc|1080p-prores|1080p-webm] ' +
  '[--codec h264|hevc|prores|vp9] [--crf N] [--speed ultrafast..slow] [--from SECONDS] [--to SECONDS] [--label] [--json]\n' +
  '  --label burns a visible "AI-GENERATED" label in; every render carries the invisible watermark and a signed C2PA manifest.\n' +
  '  WebM outputs (1080p-webm, vp9) are refused: a C2PA manifest cannot be embedded in WebM here; use .mp4 or .mov.';

function parseRenderArguments(args: string[]) {
  const parsed = parseCommandArguments(
    {
      args,
      allowPositionals: true,
      strict: true,
      options: {
        output: { type: 'string', short: 'o' },
        preset: { type: 'string' },
        codec: { type: 'string' },
        crf: { type: 'string' },
        speed: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        label: { type: 'boolean' },
        json: { type: 'boolean' },
      },
    },
    USAGE,
  );
  const { values, positionals } = parsed;
  const [project, ...extra] = positionals;
  if (!project || !values.output || extra.length > 0) throw new UsageError(USAGE);
  const choice = <T>(
    schema: { safeParse(value: unknown): { success: boolean; data?: T } },
    value: string | undefined,
    name: string,
  ): T | undefined => {
    if (value === undefined) return undefined;
    const result = schema.safeParse(value);
    if (!result.success) throw new UsageError(`--${name} ${value} is not one of the choices.\n${USAGE}`);
    return result.data;
  };
  const seconds = (value: string | undefined, name: string): number | undefined => {
    if (value === undefined) return undefined;
    const number = Number(value);
    if (!Number.isFinite(number) || number < 0)
      throw new UsageError(`--${name} needs a number of seconds ≥ 0.`);
    return secondsToMicroseconds(number);
  };
  const crf = values.crf === undefined ? undefined : Number(values.crf);
  if (crf !== undefined && !Number.isInteger(crf)) throw new UsageError('--crf needs a whole number.');
  const fromUs = seconds(values.from, 'from');
  const toUs = seconds(values.to, 'to');
  return {
    project,
    request: {
      outputPath: values.output,
      preset: choice(renderPresetSchema, values.preset, 'preset') ?? 'source',
      codec: {
        videoCodec: choice(videoCodecSchema, values.codec, 'codec'),
        crf,
        encoderSpeed: choice(encoderSpeedSchema, values.speed, 'speed'),
      },
      range: fromUs === undefined && toUs === undefined ? null : { startUs: fromUs ?? 0, endUs: toUs },
      visibleLabel: values.label === true,
    },
  };
}

function formatEta(seconds: number | null): string {
  if (seconds === null) return 'ETA --';
  const whole = Math.round(seconds);
  return `ETA ${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
}

export async function renderCommand(studio: Studio, context: CliContext, args: string[]): Promise<number> {
  const { project, request: parsed } = parseRenderArguments(args);
  await studio.services.project.open({ path: project });
  // --from alone renders to the end of the timeline.
  const range = parsed.range
    ? {
        startUs: parsed.range.startUs,
        endUs: parsed.range.endUs ?? timelineDuration(await studio.services.timeline.get({})),
      }
    : null;
  const request = { ...parsed, range };
  const render = studio.services.render;
  const progress = createProgressReporter(context, 'Rendering');
  const started = performance.now();
  let renderId: string | null = null;
  let finished: (value: RenderProgress) => void = () => undefined;
  const done = new Promise<RenderProgress>((resolve) => (finished = resolve));
  const early: RenderProgress[] = [];
  const subscription = render.onDidRenderProgress((event) => {
    if (renderId === null) early.push(event);
    else if (event.renderId === renderId) onEvent(event);
  });
  const onEvent = (event: RenderProgress): void => {
    if (event.status === 'running') {
      progress.update(
        event.frame,
        event.totalFrames,
        `${event.fps.toFixed(1)} fps ${formatEta(event.etaSeconds)}`,
      );
    } else if (event.status !== 'queued') {
      finished(event);
    }
  };
  const cancelOnInterrupt = (): void => {
    if (renderId) void render.cancel({ renderId });
  };
  process.once('SIGINT', cancelOnInterrupt);
  try {
    ({ renderId } = await render.start(request));
    for (const event of early.splice(0)) if (event.renderId === renderId) onEvent(event);
    const last = await done;
    progress.stop();
    if (last.status !== 'done') {
      const code = last.error && isErrorCode(last.error.code) ? last.error.code : 'INTERNAL';
      throw new StudioError(code, last.error?.message ?? `The render ended as ${last.status}.`);
    }
    const job = (await render.list({})).find((entry) => entry.id === renderId);
    const wallSeconds = (performance.now() - started) / 1000;
    const result = {
      renderId,
      output: last.outputPath,
      durationUs: job?.durationUs ?? null,
      frames: last.totalFrames,
      fps: Number((last.totalFrames / wallSeconds).toFixed(2)),
      wallSeconds: Number(wallSeconds.toFixed(3)),
      // What the output was signed with: C2PA signer, watermark id, consents and models cited.
      provenance: job?.provenance ?? null,
    };
    printResult(
      context,
      result,
      `Rendered ${result.output}: ${result.frames} frames in ${result.wallSeconds.toFixed(1)} s (${result.fps} fps)`,
    );
    return 0;
  } finally {
    process.off('SIGINT', cancelOnInterrupt);
    subscription.dispose();
    progress.stop();
  }
}
