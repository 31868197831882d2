// doppel lipsync --video IN --audio SPEECH -o OUT [--engine classical|wav2lip] [--model W2L.onnx]
//                [--strength S] [--track N] [--label] [--json]
// Makes the face in IN say SPEECH. "classical" (the default, offline) is a landmark-driven mouth
// animation on the embedded face models; "wav2lip" runs a Wav2Lip-96 ONNX model (neural): --model,
// else the one of the installed lipsync-wav2lip pack. The content safety gate checks IN first; the
// output is watermarked and carries a signed C2PA manifest like any render. The output keeps IN's frames and length: longer speech is
// trimmed, shorter speech is followed by silence. Ctrl-C cancels (nothing is left behind).
import { lipSyncFile, type LipSyncFileRequest, type LipSyncPhase } from '../engine/lipsync/lipSyncFileJob';
import { lipSyncEngineSchema } from '../engine/lipsync/lipSyncParams';
import { StudioError } from '../../shared/errors';
import type { Studio } from '../services/createStudio';
import { installedWav2LipModel } from '../services/lipSyncRenderSources';
import { parseCommandArguments } from './cliArguments';
import { printResult, UsageError, type CliContext } from './cliOutput';
import { createProgressReporter } from './progressBar';

const USAGE =
  'usage: doppel lipsync --video IN --audio SPEECH -o OUT [--engine classical|wav2lip] [--model WAV2LIP.onnx] ' +
  '[--strength 0..1.5] [--track N] [--label] [--json]\n' +
  '  --label burns a visible "AI-GENERATED" label in; every output carries the invisible watermark and a signed C2PA manifest.';

export function parseLipsyncArguments(args: string[]) {
  const parsed = parseCommandArguments(
    {
      args,
      allowPositionals: false,
      strict: true,
      options: {
        video: { type: 'string' },
        audio: { type: 'string' },
        output: { type: 'string', short: 'o' },
        engine: { type: 'string' },
        model: { type: 'string' },
        strength: { type: 'string' },
        track: { type: 'string' },
        label: { type: 'boolean' },
        json: { type: 'boolean' },
      },
    },
    USAGE,
  );
  const { values } = parsed;
  if (!values.video) throw new UsageError(`give the video with --video IN.\n${USAGE}`);
  if (!values.audio) throw new UsageError(`give the speech with --audio SPEECH.\n${USAGE}`);
  if (!values.output) throw new UsageError(`give the output file with -o OUT.\n${USAGE}`);
  const engine = lipSyncEngineSchema.safeParse(values.engine ?? 'classical');
  if (!engine.success)
    throw new UsageError(`--engine ${values.engine} is not classical or wav2lip.\n${USAGE}`);
  if (engine.data === 'classical' && values.model) throw new UsageError('--model is for --engine wav2lip.');
  const strength = values.strength === undefined ? 1 : Number(values.strength);
  if (!Number.isFinite(strength) || strength < 0 || strength > 1.5) {
    throw new UsageError(`--strength needs a number from 0 to 1.5, got "${values.strength}".`);
  }
  const track = values.track === undefined ? null : Number(values.track);
  if (track !== null && (!Number.isInteger(track) || track < 0)) {
    throw new UsageError(`--track needs a face track number (0, 1, …), got "${values.track}".`);
  }
  const request: LipSyncFileRequest = {
    videoPath: values.video,
    audioPath: values.audio,
    outputPath: values.output,
    engine: engine.data,
    strength,
    trackId: track,
    ...(values.model ? { wav2lipModelPath: values.model } : {}),
  };
  return { request, visibleLabel: values.label === true };
}

const PHASE_LABELS: Record<LipSyncPhase, string> = {
  checking: 'content check',
  analysing: 'face analysis',
  rendering: 'rendering',
};

export async function lipsyncCommand(studio: Studio, context: CliContext, args: string[]): Promise<number> {
  const { request, visibleLabel } = parseLipsyncArguments(args);
  if (request.engine === 'wav2lip' && request.wav2lipModelPath === undefined) {
    // No --model: the one installed with `doppel models install lipsync-wav2lip`.
    const installed = await installedWav2LipModel(studio.dataDir)();
    if (installed === undefined) {
      throw new StudioError(
        'MODEL_NOT_INSTALLED',
        'Wav2Lip is not installed: run `doppel models install lipsync-wav2lip` (non-commercial licence), or give --model WAV2LIP.onnx.',
      );
    }
    request.wav2lipModelPath = installed.path;
  }
  const progress = createProgressReporter(context, 'Lip sync');
  const controller = new AbortController();
  const cancelOnInterrupt = (): void => controller.abort();
  process.once('SIGINT', cancelOnInterrupt);
  try {
    const result = await lipSyncFile(request, {
      dataDir: studio.dataDir,
      gate: studio.safety,
      visibleLabel,
      signal: controller.signal,
      onProgress: (phase, done, total) => progress.update(done, Math.max(1, total), PHASE_LABELS[phase]),
    });
    progress.stop();
    const seconds = (us: number): string => (us / 1e6).toFixed(2);
    printResult(
      context,
      result,
      [
        `Wrote ${result.outputPath} (${result.width}x${result.height}, ${result.frames} frames, ${seconds(result.durationUs)} s) in ${(result.timingsMs.total / 1000).toFixed(1)} s`,
        `engine ${result.engine === 'classical' ? 'classical (landmark-driven mouth animation)' : 'wav2lip (neural)'}; ` +
          `face in ${result.framesWithFace} frames, ${result.framesPassedThrough} passed through unchanged`,
        `speech ${seconds(result.speech.durationUs)} s: ${result.speech.rule}`,
        'Only make a person say what they agreed to say.',
      ].join('\n'),
    );
    return 0;
  } finally {
    process.off('SIGINT', cancelOnInterrupt);
    progress.stop();
  }
}
