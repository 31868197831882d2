// Test only: short inputs for the lip-sync bad-input and engine tests, cut from the shared media
// with ffmpeg (never committed), and a Wav2Lip look-alike with a WRONG signature. The well-formed
// Wav2Lip fixture is the model packs' (engine/models/testSupport/packFixtureModels.ts).
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { locateFfmpeg } from '../../../media/ffmpegLocator';
import { runProcess } from '../../../media/runProcess';
import { encodeOnnxModel, nodeProto, valueInfo } from '../../inference/tfjsConverter/onnxModelWriter';
import { sharedMedia } from './lipSyncMeasures';

async function ffmpeg(args: string[]): Promise<void> {
  await runProcess(await locateFfmpeg(), ['-hide_banner', '-nostdin', '-v', 'error', '-y', ...args], {
    label: 'ffmpeg (lip-sync test input)',
  });
}

/** The GRID talking head (grid_bbaf2n) cut to `seconds`, H.264 + AAC; optionally frames
 * `hidden[0]…hidden[1]` painted over with the background blue (the face leaves the picture). */
export async function gridClip(
  folder: string,
  name: string,
  seconds: number,
  hidden?: [number, number],
): Promise<string> {
  const output = join(folder, name);
  const cover = hidden
    ? [
        '-vf',
        `drawbox=enable='between(n\\,${hidden[0]}\\,${hidden[1]})':x=0:y=0:w=iw:h=ih:color=0x2a8cc8:t=fill`,
      ]
    : [];
  await ffmpeg([
    ...['-i', sharedMedia('videos/grid_bbaf2n.mpg'), '-t', String(seconds), ...cover],
    ...['-c:v', 'libx264', '-crf', '12', '-pix_fmt', 'yuv420p', '-c:a', 'aac', output],
  ]);
  return output;
}

/** A span of the JFK speech as 16 kHz WAV. */
export async function jfkSpeech(
  folder: string,
  name: string,
  fromSeconds: number,
  seconds: number,
): Promise<string> {
  const output = join(folder, name);
  await ffmpeg([
    '-ss',
    String(fromSeconds),
    '-t',
    String(seconds),
    '-i',
    sharedMedia('speech/jfk_inaugural_16k.wav'),
    output,
  ]);
  return output;
}

/** Digital silence as a 16 kHz WAV. */
export async function silence(folder: string, name: string, seconds: number): Promise<string> {
  const output = join(folder, name);
  await ffmpeg(['-f', 'lavfi', '-i', `anullsrc=r=16000:cl=mono`, '-t', String(seconds), output]);
  return output;
}

/** A video with no sound at all. */
export async function soundlessVideo(folder: string, name: string): Promise<string> {
  const output = join(folder, name);
  await ffmpeg(['-i', sharedMedia('videos/grid_bbaf2n.mpg'), '-t', '0.4', '-an', '-c:v', 'libx264', output]);
  return output;
}

/**
 * Looks like Wav2Lip (inputs "source" and "target", one output) but takes a 3-channel face
 * [1,3,96,96] instead of Wav2Lip's 6 channels: what a wrong or truncated export looks like.
 */
export async function writeWrongSignatureWav2Lip(path: string): Promise<void> {
  const bytes = encodeOnnxModel({
    graphName: 'not_wav2lip',
    nodes: [
      nodeProto('ReduceMean', 'loudness', ['source'], ['loudness']),
      nodeProto('Add', 'shift', ['target', 'loudness'], ['output']),
    ],
    initializers: [],
    inputs: [valueInfo('source', 'float32', [1, 1, 80, 16]), valueInfo('target', 'float32', [1, 3, 96, 96])],
    outputs: [valueInfo('output', 'float32', [1, 3, 96, 96])],
    docString: 'Doppel Studio test fixture: a Wav2Lip look-alike with a 3-channel face input.',
    producerVersion: '1',
    metadata: {},
  });
  await writeFile(path, bytes);
}
