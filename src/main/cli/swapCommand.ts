// doppel swap --face PHOTO --video IN -o OUT --consent-subject NAME [--consent-scope TEXT]
//             [--engine classical|inswapper] [--blend 0..1] [--label] [--json]
// Puts the face of PHOTO onto every face of IN. "classical" (the default, offline) is a mesh warp
// on the embedded face models; "inswapper" is the neural swap of the faceswap-inswapper model pack
// (`doppel models install faceswap-inswapper`). The swap runs through the studio's render path on a
// one-off project (swapCommandProject.ts): consent, the content safety gate, watermark and signed
// C2PA manifest as for any render. The person in PHOTO must have agreed: --consent-subject names
// them and is recorded (with the scope) as the consent of the identity made from the photo.
// Ctrl-C cancels (nothing is left behind).
import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { StudioError } from '../../shared/errors';
import { faceSwapEngineIdSchema } from '../../shared/model/faceSwapParams';
import { probeMedia } from '../media/probeMedia';
import type { Studio } from '../services/createStudio';
import { parseCommandArguments } from './cliArguments';
import { printResult, UsageError, type CliContext } from './cliOutput';
import { createProgressReporter } from './progressBar';
import { swapWithOneOffProject } from './swapCommandProject';

const USAGE =
  'usage: doppel swap --face PHOTO --video IN -o OUT --consent-subject "NAME" [--consent-scope "TEXT"] ' +
  '[--engine classical|inswapper] [--blend 0..1] [--label] [--json]\n' +
  "  --consent-subject names the person in PHOTO, who agreed to this use; it is recorded in the output's signed manifest.";

export function parseSwapArguments(args: string[]) {
  const parsed = parseCommandArguments(
    {
      args,
      allowPositionals: false,
      strict: true,
      options: {
        face: { type: 'string' },
        video: { type: 'string' },
        output: { type: 'string', short: 'o' },
        engine: { type: 'string' },
        blend: { type: 'string' },
        'consent-subject': { type: 'string' },
        'consent-scope': { type: 'string' },
        label: { type: 'boolean' },
        json: { type: 'boolean' },
      },
    },
    USAGE,
  );
  const { values } = parsed;
  if (!values.face) throw new UsageError(`give the source photo with --face PHOTO.\n${USAGE}`);
  if (!values.video) throw new UsageError(`give the video with --video IN.\n${USAGE}`);
  if (!values.output) throw new UsageError(`give the output file with -o OUT.\n${USAGE}`);
  const subject = values['consent-subject']?.trim();
  if (!subject) {
    throw new UsageError(
      `name the person in the photo, who agreed to this face swap, with --consent-subject "NAME".\n${USAGE}`,
    );
  }
  const engine = faceSwapEngineIdSchema.safeParse(values.engine ?? 'classical');
  if (!engine.success)
    throw new UsageError(`--engine ${values.engine} is not classical or inswapper.\n${USAGE}`);
  const blend = values.blend === undefined ? 1 : Number(values.blend);
  if (!Number.isFinite(blend) || blend < 0 || blend > 1) {
    throw new UsageError(`--blend needs a number from 0 to 1, got "${values.blend}".`);
  }
  const facePath = resolve(values.face);
  const videoPath = resolve(values.video);
  return {
    facePath,
    videoPath,
    outputPath: resolve(values.output),
    engine: engine.data,
    blend,
    consent: {
      subject,
      scope: values['consent-scope']?.trim() || `Face swap of this photo onto "${videoPath}" (doppel swap).`,
    },
    visibleLabel: values.label === true,
  };
}

function canonical(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

export async function swapCommand(studio: Studio, context: CliContext, args: string[]): Promise<number> {
  const request = parseSwapArguments(args);
  if (
    [request.facePath, request.videoPath].some((path) => canonical(path) === canonical(request.outputPath))
  ) {
    throw new StudioError(
      'INVALID_ARGUMENT',
      `The output "${request.outputPath}" is one of the inputs; write to another file.`,
    );
  }
  const photo = await probeMedia(request.facePath);
  if (photo.kind !== 'image') {
    throw new StudioError(
      'UNSUPPORTED_FORMAT',
      `"${request.facePath}" is not a photo: --face takes a picture of the source face.`,
    );
  }
  const video = await probeMedia(request.videoPath);
  if (video.kind !== 'video' || !video.hasVideo) {
    throw new StudioError(
      'UNSUPPORTED_FORMAT',
      `"${request.videoPath}" is not a video: --video takes the video whose faces are replaced.`,
    );
  }
  const progress = createProgressReporter(context, 'Face swap');
  const controller = new AbortController();
  const cancelOnInterrupt = (): void => controller.abort();
  process.once('SIGINT', cancelOnInterrupt);
  const started = performance.now();
  try {
    const result = await swapWithOneOffProject(
      studio,
      { ...request, video },
      {
        signal: controller.signal,
        onProgress: (phase, done, total) => progress.update(done, Math.max(1, total), phase),
      },
    );
    progress.stop();
    const wallSeconds = (performance.now() - started) / 1000;
    const output = { ...result, engine: request.engine, wallSeconds: Number(wallSeconds.toFixed(3)) };
    printResult(
      context,
      output,
      [
        `Wrote ${result.outputPath}: ${result.frames} frames in ${wallSeconds.toFixed(1)} s ` +
          `(engine ${request.engine === 'classical' ? 'classical mesh warp' : 'inswapper (neural)'})`,
        `Consent of ${request.consent.subject} recorded; the output carries a watermark and a signed C2PA manifest.`,
      ].join('\n'),
    );
    return 0;
  } finally {
    process.off('SIGINT', cancelOnInterrupt);
    progress.stop();
  }
}
