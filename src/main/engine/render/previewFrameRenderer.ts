// One frame of the timeline for the viewer, with the effects of its clip applied at preview
// quality (issue 5, item 5): the picture of the clip under the playhead is the one a render shows
// in that output frame (decoded through the fps filter at the timeline's rate), scaled to at most
// `maxWidth` wide in its own shape (the viewer shows the clip), checked by the content safety gate,
// run through the clip's enabled effects in a frame worker thread (the same processors, prepared
// once per effect settings and kept while they are reused), and encoded as a JPEG. Nothing here touches a project: the service hands in the clip, its asset and effects
// (already resolved as for a render).
import sharp from 'sharp';
import type { Disposable } from '../../../shared/disposable';
import { StudioError } from '../../../shared/errors';
import { frameIndexAt, frameStart, type Rational } from '../../../shared/time';
import { readRgbFrameAsRendered } from '../../media/sampledRgbFrames';
import type { RgbFrame } from '../face/rgbFrame';
import { loadStillImage } from '../face/stillImageLoading';
import type { FrameInfo } from './frameProcessor';
import type { FrameProcessorRegistry } from './frameProcessorRegistry';
import { FrameWorkerPool } from './frameWorkerPool';
import type { PlanEffect } from './renderPlan';

export interface PreviewFrameInput {
  timeUs: number;
  /** The timeline's frame rate: the preview shows the output frame that contains timeUs. */
  fps: Rational;
  maxWidth: number;
  clip: { id: string; startUs: number; inUs: number };
  asset: { id: string; path: string; kind: 'video' | 'image' | 'audio' };
  /** The clip's enabled effects, in order, with their params resolved as for a render. */
  effects: readonly PlanEffect[];
  /** The content safety gate's per-frame check (gate.checkPreviewFrame). */
  checkFrame(picture: RgbFrame, sourceUs: number): Promise<unknown>;
}

export interface RenderedPreviewFrame {
  jpeg: Buffer;
  width: number;
  height: number;
  appliedEffects: string[];
}

/** Chains prepared in the worker before it is recycled (each holds its processors' state). */
const MAX_PREPARED_CHAINS = 4;
const JPEG_QUALITY = 85;

/** The picture's shape at most `maxWidth` wide (even sizes), never enlarged. */
export function previewSize(picture: { width: number; height: number }, maxWidth: number) {
  const even = (value: number): number => Math.max(2, Math.round(value / 2) * 2);
  const width = even(Math.min(maxWidth, picture.width));
  return { width, height: even((width * picture.height) / picture.width) };
}

async function sourcePicture(input: PreviewFrameInput, sourceUs: number): Promise<RgbFrame> {
  if (input.asset.kind === 'image') return (await loadStillImage(input.asset.path)).frame;
  if (input.asset.kind !== 'video') {
    throw new StudioError('INVALID_ARGUMENT', `"${input.asset.path}" has no picture to preview.`);
  }
  const frame = await readRgbFrameAsRendered(input.asset.path, {
    sourceUs,
    outputFrameRate: input.fps,
  });
  if (!frame)
    throw new StudioError('MEDIA_UNREADABLE', `"${input.asset.path}" has no frame at ${sourceUs} µs.`);
  return { width: frame.width, height: frame.height, data: frame.data };
}

export class PreviewFrameRenderer implements Disposable {
  private pool: FrameWorkerPool | null = null;
  private readonly prepared = new Set<string>();

  constructor(private readonly registry: FrameProcessorRegistry) {}

  async render(input: PreviewFrameInput): Promise<RenderedPreviewFrame> {
    // As a render: the output frame under the playhead, and the clip's source time at its start.
    const timelineUs = frameStart(frameIndexAt(input.timeUs, input.fps), input.fps);
    const sourceUs = input.clip.inUs + Math.max(0, timelineUs - input.clip.startUs);
    const picture = await sourcePicture(input, sourceUs);
    // The clip's own shape, as the viewer shows the clip (the frame is laid over its picture).
    const size = previewSize(picture, input.maxWidth);
    const fitted = await sharp(picture.data, {
      raw: { width: picture.width, height: picture.height, channels: 3 },
    })
      .resize(size.width, size.height, { fit: 'fill' })
      .removeAlpha()
      .raw()
      .toBuffer();
    const frame: RgbFrame = {
      ...size,
      data: new Uint8Array(fitted.buffer, fitted.byteOffset, fitted.byteLength),
    };
    // Every frame the preview makes is checked, whatever its effects.
    await input.checkFrame(frame, sourceUs);

    // Effects that cannot take RGB frames are left out of the preview (none of the built-in ones).
    const steps = input.effects
      .filter((effect) =>
        this.registry
          .require(effect.kind, { effectId: effect.id, clipId: effect.clipId })
          .pixelFormats.includes('rgb24'),
      )
      .map((effect) => ({ processorId: effect.kind, params: effect.params }));
    let data = frame.data;
    if (steps.length > 0) {
      const chainKey = JSON.stringify({ steps, ...size, fps: input.fps });
      // With the timeline's rate, the processors look their face meshes up by the render's rule too.
      const pool = await this.poolFor(chainKey, steps, { ...size, outputFrameRate: input.fps });
      const info: FrameInfo = {
        outputFrame: 0,
        timelineUs,
        sourceUs,
        clipId: input.clip.id,
        assetId: input.asset.id,
      };
      const buffer = new ArrayBuffer(data.byteLength);
      new Uint8Array(buffer).set(data);
      data = new Uint8Array(await pool.process(chainKey, buffer, info));
    }
    const jpeg = await sharp(data, { raw: { width: size.width, height: size.height, channels: 3 } })
      .jpeg({ quality: JPEG_QUALITY })
      .toBuffer();
    return { jpeg, ...size, appliedEffects: steps.map((step) => step.processorId) };
  }

  private async poolFor(
    chainKey: string,
    steps: { processorId: string; params: unknown }[],
    frame: { width: number; height: number; outputFrameRate: Rational },
  ): Promise<FrameWorkerPool> {
    if (this.pool && !this.prepared.has(chainKey) && this.prepared.size >= MAX_PREPARED_CHAINS) {
      await this.pool.close().catch(() => undefined);
      this.pool = null;
    }
    if (!this.pool) {
      this.pool = new FrameWorkerPool(1);
      this.prepared.clear();
    }
    if (!this.prepared.has(chainKey)) {
      try {
        await this.pool.prepare(chainKey, steps, { ...frame, pixelFormat: 'rgb24' });
      } catch (error) {
        // A worker that failed to prepare may hold half a chain: start from a fresh one next time.
        this.pool.dispose();
        this.pool = null;
        throw error;
      }
      this.prepared.add(chainKey);
    }
    return this.pool;
  }

  /** Lets the processors dispose, then stops the worker. */
  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = null;
    this.prepared.clear();
    await pool?.close();
  }

  dispose(): void {
    this.pool?.dispose();
    this.pool = null;
    this.prepared.clear();
  }
}
