// Test/bench only: real face pixels shaped for each embedded face model, from the shared developer
// media (../shared/media next to the repository, or DOPPEL_TEST_MEDIA). Crops are fixed boxes
// on grid_bbaf2n.jpg (a frontal 360x288 GRID still) — good enough for comparing two runtimes.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

export const FACE_IMAGE_NAME = 'grid_bbaf2n.jpg';

function repositoryRoot(): string {
  let directory = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(directory, 'package.json')) && dirname(directory) !== directory) {
    directory = dirname(directory);
  }
  return directory;
}

export function sharedMediaDirectory(): string {
  return process.env.DOPPEL_TEST_MEDIA ?? resolve(repositoryRoot(), '..', 'shared', 'media');
}

export function faceImagePath(name = FACE_IMAGE_NAME): string {
  return join(sharedMediaDirectory(), 'faces', name);
}

/** Why media-dependent tests are skipped, or undefined when the face image is there. */
export function missingMediaReason(name = FACE_IMAGE_NAME): string | undefined {
  const path = faceImagePath(name);
  return existsSync(path) ? undefined : `shared test media not found (${path}); set DOPPEL_TEST_MEDIA`;
}

export interface ModelInput {
  data: Float32Array;
  shape: number[];
}

interface CropPlan {
  /** Source box in image pixels; undefined = the whole frame, letterboxed. */
  box: { left: number; top: number; width: number; height: number } | undefined;
  size: number;
  /** value = pixel / 255 * scale + offset */
  scale: number;
  offset: number;
}

const cropPlans: Record<string, CropPlan> = {
  // The detectors get the frame's central square (letterboxing would add flat black bars, whose
  // anchors produce logits in the thousands: fine in relative terms, but noisy in absolute ones).
  'blazeface-back': { box: { left: 36, top: 0, width: 288, height: 288 }, size: 256, scale: 2, offset: -1 },
  'blazeface-front': { box: { left: 36, top: 0, width: 288, height: 288 }, size: 128, scale: 2, offset: -1 },
  facemesh: { box: { left: 60, top: 70, width: 180, height: 180 }, size: 192, scale: 1, offset: 0 },
  iris: { box: { left: 104, top: 128, width: 48, height: 48 }, size: 64, scale: 1, offset: 0 },
  faceres: { box: { left: 80, top: 75, width: 150, height: 150 }, size: 224, scale: 255, offset: 0 },
  'faceres-deep': { box: { left: 80, top: 75, width: 150, height: 150 }, size: 224, scale: 255, offset: 0 },
};

export async function faceModelInput(modelId: string, imageName = FACE_IMAGE_NAME): Promise<ModelInput> {
  const plan = cropPlans[modelId];
  if (plan === undefined) throw new Error(`no face crop defined for model "${modelId}"`);
  let image = sharp(faceImagePath(imageName)).removeAlpha().toColourspace('srgb');
  image = plan.box
    ? image.extract(plan.box).resize(plan.size, plan.size, { fit: 'fill' })
    : image.resize(plan.size, plan.size, { fit: 'contain', background: { r: 0, g: 0, b: 0 } });
  const { data, info } = await image.raw().toBuffer({ resolveWithObject: true });
  if (info.channels !== 3) throw new Error(`expected RGB, got ${info.channels} channels`);
  const values = new Float32Array(data.length);
  for (let index = 0; index < data.length; index++) {
    values[index] = ((data[index] ?? 0) / 255) * plan.scale + plan.offset;
  }
  return { data: values, shape: [1, plan.size, plan.size, 3] };
}
