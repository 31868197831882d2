// doppel voice --ref REF.wav [--ref …] (--in SPEECH.wav | --text "…") -o OUT.wav
//              [--engine dsp|rvc] [--model M.onnx --contentvec C.onnx [--rmvpe R.onnx] [--transpose=N]] [--json]
// Speech (a file, or text spoken by espeak-ng) moved towards the voice of the reference recordings.
// "dsp" (the default, offline) is a signal-processing voice match; "rvc" runs an RVC v2 voice model.
// Only use a person's voice with their consent.
import { voiceEngineSchema, type VoiceProgress } from '../../shared/contracts/voiceContract';
import type { Studio } from '../services/createStudio';
import { parseCommandArguments } from './cliArguments';
import { printResult, UsageError, type CliContext } from './cliOutput';
import { createProgressReporter } from './progressBar';

const USAGE =
  'usage: doppel voice --ref REF.wav [--ref REF2.wav …] (--in SPEECH.wav | --text "…") -o OUT.wav ' +
  '[--engine dsp|rvc] [--model VOICE.onnx --contentvec CONTENTVEC.onnx [--rmvpe RMVPE.onnx] [--transpose=N]] [--json]';

export function parseVoiceArguments(args: string[]) {
  const parsed = parseCommandArguments(
    {
      args,
      allowPositionals: false,
      strict: true,
      options: {
        ref: { type: 'string', multiple: true },
        in: { type: 'string' },
        text: { type: 'string' },
        output: { type: 'string', short: 'o' },
        engine: { type: 'string' },
        model: { type: 'string' },
        contentvec: { type: 'string' },
        rmvpe: { type: 'string' },
        transpose: { type: 'string' },
        json: { type: 'boolean' },
      },
    },
    USAGE,
  );
  const { values } = parsed;
  const references = values.ref ?? [];
  if (references.length === 0)
    throw new UsageError(`give at least one --ref recording of the target voice.\n${USAGE}`);
  if ((values.in === undefined) === (values.text === undefined)) {
    throw new UsageError(`give either --in SPEECH.wav or --text "…" (one of them).\n${USAGE}`);
  }
  if (!values.output) throw new UsageError(`give the output file with -o OUT.wav.\n${USAGE}`);
  const engine = voiceEngineSchema.safeParse(values.engine ?? 'dsp');
  if (!engine.success) throw new UsageError(`--engine ${values.engine} is not dsp or rvc.\n${USAGE}`);
  const transpose = values.transpose === undefined ? 0 : Number(values.transpose);
  if (!Number.isInteger(transpose) || Math.abs(transpose) > 24) {
    throw new UsageError('--transpose needs a whole number of semitones between -24 and 24.');
  }
  const wantsRvc = engine.data === 'rvc';
  if (wantsRvc && (!values.model || !values.contentvec)) {
    throw new UsageError(`--engine rvc needs --model VOICE.onnx and --contentvec CONTENTVEC.onnx.\n${USAGE}`);
  }
  if (!wantsRvc && (values.model || values.contentvec || values.rmvpe)) {
    throw new UsageError('--model, --contentvec and --rmvpe are for --engine rvc.');
  }
  return {
    referencePaths: references,
    inputPath: values.in,
    text: values.text,
    outputPath: values.output,
    engine: engine.data,
    rvc:
      wantsRvc && values.model && values.contentvec
        ? {
            modelPath: values.model,
            contentVecPath: values.contentvec,
            rmvpePath: values.rmvpe,
            transposeSemitones: transpose,
          }
        : undefined,
  };
}

export async function voiceCommand(studio: Studio, context: CliContext, args: string[]): Promise<number> {
  const request = parseVoiceArguments(args);
  const progress = createProgressReporter(context, 'Voice');
  const labels: Record<VoiceProgress['phase'], string> = {
    analysing: 'analysing',
    speaking: 'speaking',
    converting: 'converting',
    writing: 'writing',
  };
  const subscription = studio.services.voice.onDidVoiceProgress((event) =>
    progress.update(Math.round((event.fraction ?? 0) * 100), 100, labels[event.phase]),
  );
  try {
    const result = await studio.services.voice.convertFile(request);
    progress.stop();
    const f0 = (hz: number | null) => (hz === null ? '–' : `${hz.toFixed(0)} Hz`);
    printResult(
      context,
      result,
      [
        `Wrote ${result.outputPath} (${result.durationSeconds.toFixed(2)} s, ${result.sampleRate} Hz mono) in ${result.elapsedSeconds.toFixed(1)} s`,
        `engine ${result.engine === 'dsp' ? 'dsp (signal-processing voice match)' : 'rvc (neural voice model)'}; ` +
          `median pitch ${f0(result.inputMedianF0Hz)} -> reference ${f0(result.referenceMedianF0Hz)}` +
          (result.formantWarp === null ? '' : `; formant warp ×${result.formantWarp.toFixed(3)}`),
        "Use a person's voice only with their consent.",
      ].join('\n'),
    );
    return 0;
  } finally {
    subscription.dispose();
    progress.stop();
  }
}
