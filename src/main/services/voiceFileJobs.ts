// voice.convertFile: the CLI's job on plain files, no project. References are analysed like an
// identity's; the speech comes from a file or from typed text; the result is a 16-bit WAV.
// Nothing the user gave is ever overwritten: the output may not be one of the inputs, and it only
// appears once complete.
import { realpathSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import type { VoiceEngine, VoiceFileResult } from '../../shared/contracts/voiceContract';
import { StudioError } from '../../shared/errors';
import { fileSpeechSource } from '../engine/voice/audioFileSources';
import type { VoicePassProgress } from '../engine/voice/dspVoiceConversion';
import { convertWithRvcToWav } from '../engine/voice/rvc/rvcJobs';
import { analyseVoiceReferences } from '../engine/voice/voiceIdentityAnalysis';
import { convertSpeechToWav, speakTextToWav, type VoiceJobResult } from '../engine/voice/voiceMatchJobs';
import {
  fileSourcesForManifest,
  VoiceOutputProvenance,
  type VoiceProvenanceSummary,
} from '../engine/voice/voiceProvenance';
import { voiceJobModels, type RvcModelFiles } from './voiceRvcModels';

export type { RvcModelFiles } from './voiceRvcModels';

export interface ConvertVoiceFileInput {
  referencePaths: string[];
  inputPath?: string;
  text?: string;
  outputPath: string;
  engine: VoiceEngine;
  rvc?: RvcModelFiles;
}

function canonical(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

export interface ConvertVoiceFileOptions {
  /** The user data folder: the C2PA signing key lives there. */
  dataDir: string;
  signal?: AbortSignal;
  onProgress?: (progress: VoicePassProgress) => void;
}

/** The manifest of a plain-file job: the files it read (by digest), the models it ran. */
async function fileJobProvenance(
  input: ConvertVoiceFileInput,
  dataDir: string,
): Promise<VoiceOutputProvenance> {
  const models = await voiceJobModels(input.engine, input.rvc, input.text !== undefined);
  return new VoiceOutputProvenance({
    dataDir,
    // Plain files have no identity or consent record: the CLI reminds the user to get consent.
    consents: [],
    operation: {
      kind: 'voiceClone',
      description:
        input.text !== undefined
          ? 'Typed text spoken in a voice made like the reference recordings.'
          : 'Speech converted towards the voice of the reference recordings.',
      modelNames: models.map((model) => model.name),
    },
    models,
    sources: await fileSourcesForManifest([
      ...input.referencePaths,
      ...(input.inputPath === undefined ? [] : [input.inputPath]),
    ]),
  });
}

export async function convertVoiceFile(
  input: ConvertVoiceFileInput,
  options: ConvertVoiceFileOptions,
): Promise<VoiceFileResult> {
  const started = performance.now();
  if ((input.inputPath === undefined) === (input.text === undefined)) {
    throw new StudioError(
      'INVALID_ARGUMENT',
      'Give either speech to convert (an input file) or text to speak, not both or neither.',
    );
  }
  const outputPath = resolve(input.outputPath);
  if (extname(outputPath).toLowerCase() !== '.wav') {
    throw new StudioError(
      'INVALID_ARGUMENT',
      `The output "${input.outputPath}" must be a .wav file (voice output is written as WAV).`,
    );
  }
  const inputs = [
    ...input.referencePaths,
    ...(input.inputPath ? [input.inputPath] : []),
    ...(input.rvc
      ? [input.rvc.modelPath, input.rvc.contentVecPath, ...(input.rvc.rmvpePath ? [input.rvc.rmvpePath] : [])]
      : []),
  ];
  if (inputs.some((path) => canonical(path) === canonical(outputPath))) {
    throw new StudioError(
      'INVALID_ARGUMENT',
      `The output "${input.outputPath}" is one of the inputs; write to another file.`,
    );
  }
  if (input.engine === 'rvc' && !input.rvc) {
    throw new StudioError(
      'INVALID_ARGUMENT',
      'The rvc engine needs --model and --contentvec (RVC v2 ONNX files).',
    );
  }
  const references = await Promise.all(
    input.referencePaths.map((path) => fileSpeechSource(resolve(path), { signal: options.signal })),
  );
  const provenance = await fileJobProvenance(input, options.dataDir);
  const target = await analyseVoiceReferences(references, {
    signal: options.signal,
    onProgress: (seconds) =>
      options.onProgress?.({ phase: 'analysing', processedSeconds: seconds, totalSeconds: null }),
  });
  if (input.engine === 'rvc' && input.rvc) {
    const rvc = await convertWithRvcToWav({
      inputPath: input.inputPath === undefined ? undefined : resolve(input.inputPath),
      text: input.text,
      models: input.rvc,
      target: target.profile,
      outputPath,
      signal: options.signal,
      provenance,
      onProgress: (seconds) =>
        options.onProgress?.({ phase: 'converting', processedSeconds: seconds, totalSeconds: null }),
    });
    return {
      outputPath,
      durationSeconds: rvc.sampleCount / rvc.sampleRate,
      sampleRate: rvc.sampleRate,
      engine: 'rvc',
      inputMedianF0Hz: rvc.sourceProfile.f0?.medianHz ?? null,
      referenceMedianF0Hz: target.profile.f0?.medianHz ?? null,
      formantWarp: null,
      elapsedSeconds: (performance.now() - started) / 1000,
      provenance: rvc.provenance as VoiceProvenanceSummary,
    };
  }
  let result: VoiceJobResult;
  if (input.text !== undefined) {
    result = await speakTextToWav(input.text, target.profile, outputPath, { ...options, provenance });
  } else {
    const source = await fileSpeechSource(resolve(input.inputPath as string), { signal: options.signal });
    result = await convertSpeechToWav(source.open, target.profile, outputPath, {
      ...options,
      provenance,
      label: source.label,
      totalSeconds: source.durationSeconds ?? undefined,
    });
  }
  return {
    outputPath,
    durationSeconds: result.durationSeconds,
    sampleRate: result.sampleRate,
    engine: input.engine,
    inputMedianF0Hz: result.sourceProfile.f0?.medianHz ?? null,
    referenceMedianF0Hz: target.profile.f0?.medianHz ?? null,
    formantWarp: result.plan.warpFactor,
    elapsedSeconds: (performance.now() - started) / 1000,
    provenance: result.provenance as VoiceProvenanceSummary,
  };
}
