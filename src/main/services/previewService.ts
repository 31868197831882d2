// preview.renderFrame: the viewer's processed frame when the playhead stops (issue 5, item 5). The
// clip under the playhead (top-most visible video track) is found in the open project, its enabled
// effects are resolved exactly as a render resolves them (face swap: source face, face analysis;
// lip sync: speech), consent for the identities they use is checked, the content safety gate checks
// the sources and the clip before anything is synthesised and then every frame the preview makes
// (gate.checkPreviewFrame), and the frame is made at preview quality (previewFrameRenderer.ts).
import type { Disposable } from '../../shared/disposable';
import type { ServiceImplementation } from '../../shared/contracts/defineService';
import type { PreviewFrame, previewService } from '../../shared/contracts/previewContract';
import { StudioError } from '../../shared/errors';
import { clipEnd, tracksOfKind } from '../../shared/timeline/edits';
import { ConsentLedger } from '../engine/provenance/consent/consentLedger';
import { createBuiltInFrameProcessorRegistry } from '../engine/render/builtInFrameProcessors';
import type { FrameProcessorRegistry } from '../engine/render/frameProcessorRegistry';
import { PreviewFrameRenderer } from '../engine/render/previewFrameRenderer';
import type { RenderSource } from '../engine/render/renderJob';
import type { ContentSafetyGate } from '../engine/safety/contentSafetyGate';
import type { ProjectStore } from '../store/projectStore';
import type { ProjectSession } from './projectSession';
import { renderSourceFromStore } from './renderRecords';

export interface PreviewServiceOptions {
  /** Completes effects with what only the project knows, as for a render (createStudio's resolvers). */
  resolveSource?(store: ProjectStore, source: RenderSource): Promise<RenderSource>;
  /** The studio's content safety gate for a project (StudioContentSafety.gateForStore). */
  gateForStore(
    store: ProjectStore,
  ): Promise<Pick<ContentSafetyGate, 'checkBeforeSynthesis' | 'checkPreviewFrame'>>;
  registry?: FrameProcessorRegistry;
}

type PreviewInput = { timeUs: number; maxWidth: number };

export class PreviewServiceImpl implements ServiceImplementation<typeof previewService>, Disposable {
  private readonly registry: FrameProcessorRegistry;
  private readonly renderer: PreviewFrameRenderer;
  /** One frame at a time: a second request waits (the worker holds one chain per settings). */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly session: ProjectSession,
    private readonly options: PreviewServiceOptions,
  ) {
    this.registry = options.registry ?? createBuiltInFrameProcessorRegistry();
    this.renderer = new PreviewFrameRenderer(this.registry);
  }

  renderFrame(input: PreviewInput): Promise<PreviewFrame | null> {
    const next = this.queue.then(
      () => this.renderNow(input),
      () => this.renderNow(input),
    );
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async renderNow({ timeUs, maxWidth }: PreviewInput): Promise<PreviewFrame | null> {
    const started = performance.now();
    const store = this.session.require();
    const stored = renderSourceFromStore(store);
    const { timeline } = stored;
    const clip = tracksOfKind(timeline, 'video')
      .filter((track) => !track.hidden)
      .map((track) =>
        timeline.clips.find(
          (candidate) =>
            candidate.trackId === track.id && candidate.startUs <= timeUs && timeUs < clipEnd(candidate),
        ),
      )
      .find((candidate) => candidate !== undefined);
    if (!clip) return null;
    const asset = stored.assets.find((candidate) => candidate.id === clip.assetId);
    if (!asset || !asset.hasVideo) return null;
    if (asset.status === 'missing') {
      throw new StudioError(
        'FILE_NOT_FOUND',
        `"${asset.name}" is missing (expected at ${asset.path}); relink it first.`,
      );
    }
    const clipEffects = stored.effects
      .filter((effect) => effect.clipId === clip.id && effect.enabled)
      .sort((a, b) => a.order - b.order);
    // As a render's preflight, before anything is resolved (face analysis) or synthesised:
    // consent for every identity, then the gate on the sources and the clip.
    const identityIds: string[] = [];
    const sources = new Set<string>();
    let synthesises = false;
    for (const effect of clipEffects) {
      const processor = this.registry.require(effect.kind, { effectId: effect.id, clipId: effect.clipId });
      const params = processor.parseParams(effect.params);
      const ids = processor.identityIdsOf?.(params) ?? [];
      identityIds.push(...ids);
      if (!processor.synthesis) continue;
      synthesises = true;
      const sourceAssetIds = [
        ...ids.flatMap((id) => store.identities.listSources(id).map((row) => row.assetId)),
        ...(processor.synthesis.sourceAssetIdsOf?.(params) ?? []),
      ];
      for (const assetId of sourceAssetIds) {
        const path = store.assets.get(assetId)?.path;
        if (path) sources.add(path);
      }
    }
    new ConsentLedger(store).assertConsentForRender(identityIds);
    const gate = await this.options.gateForStore(store);
    if (synthesises) await gate.checkBeforeSynthesis({ sources: [...sources], targets: [asset.path] });
    const source = { ...stored, effects: clipEffects };
    const resolved =
      clipEffects.length > 0 && this.options.resolveSource
        ? await this.options.resolveSource(store, source)
        : source;

    const frame = await this.renderer.render({
      timeUs,
      fps: timeline.fps,
      maxWidth,
      clip,
      asset: { id: asset.id, path: asset.path, kind: asset.kind },
      effects: resolved.effects,
      checkFrame: (picture, sourceUs) =>
        gate.checkPreviewFrame({ picture, targetPath: asset.path, timeUs: sourceUs }),
    });
    return {
      dataUrl: `data:image/jpeg;base64,${frame.jpeg.toString('base64')}`,
      width: frame.width,
      height: frame.height,
      timeUs,
      clipId: clip.id,
      appliedEffects: frame.appliedEffects,
      milliseconds: performance.now() - started,
    };
  }

  dispose(): void {
    this.renderer.dispose();
  }
}
