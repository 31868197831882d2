// The neural face swap (what the field calls face swap), InsightFace's recipe (MODELS.md §1):
// - once per source face: align it to arcface_112_v2 at 112 px, ArcFace w600k_r50 gives the raw
//   embedding e, and latent = normalize((e/‖e‖)·emap) with emap the swapper's last initializer;
// - per target face: align to arcface_128 at 128 px, inswapper_128(target = RGB/255, source =
//   latent) redraws the face with the source identity, and the result is pasted back through the
//   inverse alignment with a feathered box mask;
// - optionally GFPGAN 1.4 restores detail: align to ffhq_512, (x/255 − 0.5)/0.5, output in [−1,1],
//   pasted with a box mask and blended 80 % over the frame (FaceFusion's default).
// Sessions come from installed packs, verified by sha256 when they are opened.
import type { Disposable } from '../../../../shared/disposable';
import { StudioError } from '../../../../shared/errors';
import type { RgbFrame } from '../../face/rgbFrame';
import { FramePyramid } from '../../face/rgbFrame';
import type { InstalledModelSession } from '../../models/installedModelSessions';
import type { FaceMeshPoints, FaceSwapSourceFace, FaceSwapper } from '../faceSwapEngine';
import { alignedCropTensor, planarOutputToRgb, SYMMETRIC_RANGE, UNIT_RANGE } from './alignedCrop';
import { alignFace, ARCFACE_112_V2, ARCFACE_128, FFHQ_512 } from './faceAlignment';
import { inswapperLatent } from './inswapperEmap';
import { boxMask, pasteBack } from './pasteBack';

export interface InswapperSettings {
  /** Run GFPGAN 1.4 after the swap (needs the optional file of the pack). */
  enhance: boolean;
  /** How much of the enhanced face replaces the swapped one (FaceFusion default 0.8). */
  enhanceBlend: number;
  /** How much of the swapped face replaces the target's, 0..1 (the effect's blend; default 1). */
  blend?: number;
}

export const DEFAULT_INSWAPPER_SETTINGS: InswapperSettings = { enhance: false, enhanceBlend: 0.8 };

export interface InswapperModels extends Disposable {
  arcface: InstalledModelSession;
  inswapper: InstalledModelSession;
  enhancer: InstalledModelSession | null;
  emap: Float32Array;
}

/** The tensor's real name in the model (manifest order), checked at install and on load. */
function nameOf(session: InstalledModelSession, side: 'inputs' | 'outputs', index: number): string {
  const name = session.signature[side][index]?.name;
  if (name === undefined) {
    throw new StudioError(
      'MODEL_SIGNATURE_MISMATCH',
      `Model ${session.record.modelId} lacks ${side.slice(0, -1)} ${index}.`,
    );
  }
  return name;
}

function firstOutput(
  outputs: Record<string, { data: unknown }>,
  name: string,
  modelId: string,
): Float32Array {
  const data = outputs[name]?.data;
  if (!(data instanceof Float32Array)) {
    throw new StudioError('MODEL_SIGNATURE_MISMATCH', `Model ${modelId} returned no float32 "${name}".`);
  }
  return data;
}

/** ArcFace w600k_r50's raw embedding of the face with this mesh. */
export async function arcfaceEmbedding(
  arcface: InstalledModelSession,
  picture: RgbFrame,
  mesh: FaceMeshPoints,
): Promise<Float32Array> {
  const alignment = alignFace(mesh, ARCFACE_112_V2);
  const input = alignedCropTensor(new FramePyramid(picture), alignment, SYMMETRIC_RANGE);
  const outputs = await arcface.lease.run({
    [nameOf(arcface, 'inputs', 0)]: { data: input, dims: [1, 3, 112, 112] },
  });
  const embedding = firstOutput(outputs, nameOf(arcface, 'outputs', 0), arcface.record.modelId);
  if (embedding.length !== 512) {
    throw new StudioError(
      'MODEL_SIGNATURE_MISMATCH',
      `Model ${arcface.record.modelId} gave ${embedding.length} values, not 512.`,
    );
  }
  return embedding.slice();
}

export class InswapperFaceSwapper implements FaceSwapper {
  private readonly latent: Float32Array;
  private disposed = false;

  private constructor(
    private readonly models: InswapperModels,
    private readonly settings: InswapperSettings,
    latent: Float32Array,
  ) {
    this.latent = latent;
  }

  /** Computes the source identity once; the models are released with the swapper. */
  static async create(
    models: InswapperModels,
    source: FaceSwapSourceFace,
    settings: InswapperSettings,
  ): Promise<InswapperFaceSwapper> {
    try {
      const embedding = await arcfaceEmbedding(models.arcface, source.picture, source.landmarks);
      return new InswapperFaceSwapper(models, settings, inswapperLatent(embedding, models.emap));
    } catch (error) {
      models.dispose();
      throw error;
    }
  }

  /** The source identity fed to inswapper (for tests and diagnostics). */
  sourceLatent(): Float32Array {
    return this.latent;
  }

  async swapFace(frame: RgbFrame, targetMesh: FaceMeshPoints): Promise<void> {
    if (this.disposed) throw new StudioError('CANCELLED', 'The inswapper face swapper was released.');
    let alignment;
    try {
      alignment = alignFace(targetMesh, ARCFACE_128);
    } catch {
      return; // a degenerate mesh (all points on one spot): leave the frame as it is
    }
    const { inswapper } = this.models;
    const size = ARCFACE_128.size;
    const target = alignedCropTensor(new FramePyramid(frame), alignment, UNIT_RANGE);
    const outputs = await inswapper.lease.run({
      [nameOf(inswapper, 'inputs', 0)]: { data: target, dims: [1, 3, size, size] },
      [nameOf(inswapper, 'inputs', 1)]: { data: this.latent, dims: [1, 512] },
    });
    const swapped = firstOutput(outputs, nameOf(inswapper, 'outputs', 0), inswapper.record.modelId);
    pasteBack(frame, {
      cropRgb: planarOutputToRgb(swapped, size, 255, 0),
      size,
      frameToCrop: alignment.frameToCrop,
      cropToFrame: alignment.cropToFrame,
      mask: boxMask(size),
      strength: this.settings.blend ?? 1,
    });
    if (this.settings.enhance && this.models.enhancer !== null) {
      await this.enhance(frame, targetMesh, this.models.enhancer);
    }
  }

  private async enhance(
    frame: RgbFrame,
    mesh: FaceMeshPoints,
    enhancer: InstalledModelSession,
  ): Promise<void> {
    const alignment = alignFace(mesh, FFHQ_512);
    const size = FFHQ_512.size;
    const input = alignedCropTensor(new FramePyramid(frame), alignment, SYMMETRIC_RANGE);
    const outputs = await enhancer.lease.run({
      [nameOf(enhancer, 'inputs', 0)]: { data: input, dims: [1, 3, size, size] },
    });
    const restored = firstOutput(outputs, nameOf(enhancer, 'outputs', 0), enhancer.record.modelId);
    pasteBack(frame, {
      cropRgb: planarOutputToRgb(restored, size, 127.5, 127.5),
      size,
      frameToCrop: alignment.frameToCrop,
      cropToFrame: alignment.cropToFrame,
      mask: boxMask(size),
      strength: this.settings.enhanceBlend,
    });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.models.dispose();
  }
}
