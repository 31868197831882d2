// What a voice job's provenance manifest says about the models it ran, for the two engines: the
// studio's DSP voice match, or an RVC v2 voice model + ContentVec (+ RMVPE) supplied by the user;
// eSpeak NG first when the speech came from typed text. RVC files are named by file name and
// sha256: the user brought them, so their licence is whatever the voice model's source says.
import { basename } from 'node:path';
import type { VoiceEngine } from '../../shared/contracts/voiceContract';
import { StudioError } from '../../shared/errors';
import type { ModelUse } from '../engine/provenance/c2pa/renderManifest';
import { DSP_VOICE_MATCH_MODEL, ESPEAK_NG_MODEL, fileSha256 } from '../engine/voice/voiceProvenance';

export interface RvcModelFiles {
  modelPath: string;
  contentVecPath: string;
  rmvpePath?: string;
  transposeSemitones: number;
}

const USER_SUPPLIED = "supplied by the user (see the model's source for its licence)";

async function userModel(path: string, purpose: string): Promise<ModelUse> {
  return { name: basename(path), licence: USER_SUPPLIED, sha256: await fileSha256(path), purpose };
}

/** The models of one voice job, in the order they run. */
export async function voiceJobModels(
  engine: VoiceEngine,
  rvc: RvcModelFiles | undefined,
  fromText: boolean,
): Promise<ModelUse[]> {
  const speech = fromText ? [ESPEAK_NG_MODEL] : [];
  if (engine === 'dsp') {
    if (rvc !== undefined) requireRvcFiles(engine, rvc);
    return [...speech, DSP_VOICE_MATCH_MODEL];
  }
  const files = requireRvcFiles(engine, rvc);
  return [
    ...speech,
    await userModel(files.contentVecPath, 'ContentVec speech features for RVC'),
    ...(files.rmvpePath ? [await userModel(files.rmvpePath, 'RMVPE pitch for RVC')] : []),
    await userModel(files.modelPath, 'RVC v2 voice conversion'),
  ];
}

/** RVC files go with the rvc engine only, and the rvc engine needs them. */
export function requireRvcFiles(engine: VoiceEngine, rvc: RvcModelFiles | undefined): RvcModelFiles {
  if (engine === 'rvc' && rvc) return rvc;
  throw new StudioError(
    'INVALID_ARGUMENT',
    engine === 'rvc'
      ? 'The rvc engine needs an RVC v2 voice model and ContentVec (ONNX files).'
      : 'RVC model files are for the rvc engine; the dsp engine uses none.',
  );
}
