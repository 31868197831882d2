// The neural engine: Wav2Lip-96 on each frame with a face, as Wav2Lip's own inference does it
// (MODELS.md §4): the face box (eyebrows to just below the chin, ear to ear, axis-aligned, from the
// tracked mesh) resized to 96x96, BGR, x/255; channels 0-2 the face with its lower half (rows
// 48-95) blacked out, channels 3-5 the same face whole (the reference); the mel window of the
// frame's moment of the speech. The generated 96x96 face is scaled back to the box and pasted
// with a feathered mask over the lower face only (the eyes and the box edges stay original).
// The face enhancer of the face-swap pack is not applied (not available yet).
import type { RgbFrame } from '../face/rgbFrame';
import { InferenceSessionPool } from '../inference/sessionPool';
import { toFramePixels } from './faceTrackMeshes';
import { sourceFrameIndex, speechSeconds, type LipSyncClip } from './lipSyncClip';
import type { LipSyncFrameEngine } from './lipSyncFrameEngine';
import { FACE_OVAL, landmark } from './mouthLandmarks';
import { sampleBilinear } from './triangleWarp';
import {
  MEL_BANDS,
  MEL_COLUMNS_PER_SECOND,
  MEL_WINDOW,
  melWindow,
  wav2lipMelSpectrogram,
  type MelSpectrogram,
} from './wav2lipMel';
import { WAV2LIP_FACE_SIZE, Wav2LipModel } from './wav2lipModel';

export { WAV2LIP_MODEL_ID } from './wav2lipModel';

const SIZE = WAV2LIP_FACE_SIZE;
const BROWS = [70, 63, 105, 66, 107, 336, 296, 334, 293, 300] as const;

export interface FaceBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Wav2Lip's face box from a mesh (frame pixels), clipped to the frame. */
export function wav2LipFaceBox(mesh: ArrayLike<number>, width: number, height: number): FaceBox {
  const xs = FACE_OVAL.map((index) => landmark(mesh, index).x);
  const top = Math.min(...BROWS.map((index) => landmark(mesh, index).y));
  const chin = landmark(mesh, 152).y;
  const faceHeight = chin - top;
  return {
    x0: Math.max(0, Math.min(...xs)),
    x1: Math.min(width, Math.max(...xs)),
    y0: Math.max(0, top - 0.05 * faceHeight),
    y1: Math.min(height, chin + 0.08 * faceHeight),
  };
}

/** The model's face input: masked face then reference, BGR planes, x/255. */
export function wav2LipFaceTensor(frame: RgbFrame, box: FaceBox): Float32Array {
  const tensor = new Float32Array(6 * SIZE * SIZE);
  const rgb = new Float32Array(3);
  const scaleX = (box.x1 - box.x0) / SIZE;
  const scaleY = (box.y1 - box.y0) / SIZE;
  const plane = SIZE * SIZE;
  for (let v = 0; v < SIZE; v++) {
    for (let u = 0; u < SIZE; u++) {
      sampleBilinear(frame, box.x0 + (u + 0.5) * scaleX, box.y0 + (v + 0.5) * scaleY, rgb, 0);
      const at = v * SIZE + u;
      for (let channel = 0; channel < 3; channel++) {
        const value = rgb[2 - channel]! / 255; // BGR
        tensor[(3 + channel) * plane + at] = value;
        tensor[channel * plane + at] = v >= SIZE / 2 ? 0 : value;
      }
    }
  }
  return tensor;
}

function smoothstep(edge0: number, edge1: number, value: number): number {
  const t = Math.max(0, Math.min(1, (value - edge0) / (edge1 - edge0)));
  return t * t * (3 - 2 * t);
}

/** The paste mask over the crop (u, v in 0…1): the lower face, soft on every side. */
export function wav2LipPasteMask(u: number, v: number): number {
  const top = smoothstep(0.42, 0.56, v);
  const bottom = 1 - smoothstep(0.9, 1, v);
  const sides = smoothstep(0.04, 0.16, u) * (1 - smoothstep(0.84, 0.96, u));
  return top * bottom * sides;
}

/** Pastes the model's [3,96,96] BGR output into the frame's box through the feathered mask. */
export function pasteWav2LipFace(
  frame: RgbFrame,
  box: FaceBox,
  output: Float32Array,
  strength: number,
): void {
  const plane = SIZE * SIZE;
  const boxWidth = box.x1 - box.x0;
  const boxHeight = box.y1 - box.y0;
  const face: RgbFrame = { width: SIZE, height: SIZE, data: new Uint8Array(3 * plane) };
  for (let at = 0; at < plane; at++) {
    for (let channel = 0; channel < 3; channel++) {
      const value = Math.round(Math.max(0, Math.min(1, output[(2 - channel) * plane + at]!)) * 255);
      face.data[at * 3 + channel] = value;
    }
  }
  const rgb = new Float32Array(3);
  for (let py = Math.floor(box.y0); py < Math.ceil(box.y1); py++) {
    for (let px = Math.floor(box.x0); px < Math.ceil(box.x1); px++) {
      const u = (px + 0.5 - box.x0) / boxWidth;
      const v = (py + 0.5 - box.y0) / boxHeight;
      const weight = wav2LipPasteMask(u, v) * strength;
      if (weight <= 0) continue;
      sampleBilinear(face, u * SIZE, v * SIZE, rgb, 0);
      const at = (py * frame.width + px) * 3;
      for (let channel = 0; channel < 3; channel++) {
        const mixed = frame.data[at + channel]! * (1 - weight) + rgb[channel]! * weight;
        frame.data[at + channel] = Math.max(0, Math.min(255, Math.round(mixed)));
      }
    }
  }
}

/** The mel window of the frame that starts `seconds` into the speech (silence before it starts). */
export function melWindowAt(mel: MelSpectrogram, seconds: number, into: Float32Array): Float32Array {
  if (seconds < 0 || mel.columns < MEL_WINDOW) return into.fill(-4);
  // Frame times are whole microseconds: allow for their rounding (1e-4 column = 1.25 µs).
  const start = Math.min(Math.floor(seconds * MEL_COLUMNS_PER_SECOND + 1e-4), mel.columns - MEL_WINDOW);
  return melWindow(mel, start, into);
}

export async function prepareWav2LipEngine(clip: LipSyncClip, strength: number): Promise<LipSyncFrameEngine> {
  const file = clip.resolved.wav2lip;
  if (!file) throw new Error('the Wav2Lip model was not resolved');
  const pool = new InferenceSessionPool();
  let model: Wav2LipModel;
  try {
    model = await Wav2LipModel.open(pool, file);
  } catch (error) {
    pool.dispose();
    throw error;
  }
  // Speech shorter than the clip is held as silence to the clip's end (Wav2Lip then closes the mouth).
  const spanSamples = Math.round(((clip.resolved.audio.endUs - clip.resolved.audio.startUs) / 1e6) * 16_000);
  const speech = new Float32Array(Math.max(spanSamples, clip.speech.length));
  speech.set(clip.speech);
  const mel = wav2lipMelSpectrogram(speech);
  const window = new Float32Array(MEL_BANDS * MEL_WINDOW);
  const pasteStrength = Math.min(1, strength);
  return {
    name: 'wav2lip',
    async renderFrame(frame, sourceUs, timelineUs) {
      const mesh = clip.track.meshAt(sourceFrameIndex(clip, sourceUs));
      if (!mesh) return false;
      const box = wav2LipFaceBox(toFramePixels(mesh, clip.fit), frame.width, frame.height);
      if (box.x1 - box.x0 < 8 || box.y1 - box.y0 < 8) return false;
      const output = await model.run(
        melWindowAt(mel, speechSeconds(clip, timelineUs), window),
        wav2LipFaceTensor(frame, box),
      );
      pasteWav2LipFace(frame, box, output, pasteStrength);
      return true;
    },
    dispose() {
      model.dispose();
      pool.dispose();
    },
  };
}
