// Test support: a real project file with real imported media (the studio's own importer, so assets
// carry real probes), timelines built clip by clip, and a render of it through the real engine.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { RenderRequest } from '../../../../shared/contracts/renderContract';
import type { Asset, Clip, Timeline, Track } from '../../../../shared/model/schemas';
import type { Rational } from '../../../../shared/time';
import { importMediaFiles } from '../../../media/mediaImporter';
import { renderSourceFromStore } from '../../../services/renderRecords';
import { ProjectStore } from '../../../store/projectStore';
import { createBuiltInFrameProcessorRegistry } from '../builtInFrameProcessors';
import type { EncodeStageContributor } from '../encodeStage';
import { prepareRender, runRender, type RenderOutcome } from '../renderJob';

/** Temp folders removed after each test. */
export function useRenderTempFolders(): () => string {
  const folders: string[] = [];
  afterEach(() => {
    for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
  });
  return () => {
    const folder = mkdtempSync(join(tmpdir(), 'doppel-render-test-'));
    folders.push(folder);
    return folder;
  };
}

export class RenderTestProject {
  readonly store: ProjectStore;

  private constructor(store: ProjectStore) {
    this.store = store;
  }

  static create(
    folder: string,
    options: { width: number; height: number; fps?: Rational },
  ): RenderTestProject {
    const store = ProjectStore.create(join(folder, 'Render Test.doppel'), options);
    return new RenderTestProject(store);
  }

  async importFiles(...paths: string[]): Promise<Asset[]> {
    const result = await importMediaFiles(
      paths,
      {
        cacheDir: this.store.cacheDir,
        findBySha256: (sha256) => this.store.assets.findBySha256(sha256),
        addAsset: (asset, probe) => this.store.assets.insert(asset, probe),
      },
      { newId: () => randomUUID(), batchId: randomUUID(), thumbnails: { count: 1 } },
    );
    if (result.failed.length > 0) throw new Error(`import failed: ${JSON.stringify(result.failed)}`);
    return result.imported.map((entry) => entry.asset);
  }

  track(kind: Track['kind'], index = 0): Track {
    const track = this.store
      .getTimeline()
      .tracks.filter((candidate) => candidate.kind === kind)
      .sort((a, b) => a.order - b.order)[index];
    if (!track) throw new Error(`no ${kind} track ${index}`);
    return track;
  }

  /** Adds a video track ABOVE the existing ones (order 0 = top) and returns it. */
  addVideoTrackOnTop(name: string): Track {
    const timeline = this.store.getTimeline();
    const track: Track = {
      id: randomUUID(),
      kind: 'video',
      name,
      order: 0,
      muted: false,
      solo: false,
      locked: false,
      hidden: false,
    };
    const shifted = timeline.tracks.map((existing) => ({ ...existing, order: existing.order + 1 }));
    this.store.writeTimeline({ ...timeline, tracks: [track, ...shifted] });
    return track;
  }

  updateTrack(trackId: string, changes: Partial<Track>): void {
    const timeline = this.store.getTimeline();
    this.store.writeTimeline({
      ...timeline,
      tracks: timeline.tracks.map((track) => (track.id === trackId ? { ...track, ...changes } : track)),
    });
  }

  addClip(
    asset: Asset,
    trackId: string,
    place: { startUs: number; inUs?: number; outUs: number; linkGroup?: string },
  ): Clip {
    const clip: Clip = {
      id: randomUUID(),
      trackId,
      assetId: asset.id,
      startUs: place.startUs,
      inUs: place.inUs ?? 0,
      outUs: place.outUs,
      linkGroup: place.linkGroup ?? null,
    };
    const timeline: Timeline = this.store.getTimeline();
    this.store.writeTimeline({ ...timeline, clips: [...timeline.clips, clip] });
    return clip;
  }

  /** A video clip on the first video track and its linked audio on the first audio track. */
  addLinkedClip(
    asset: Asset,
    place: { startUs: number; inUs?: number; outUs: number },
  ): { video: Clip; audio: Clip } {
    const linkGroup = randomUUID();
    const video = this.addClip(asset, this.track('video').id, { ...place, linkGroup });
    const audio = this.addClip(asset, this.track('audio').id, { ...place, linkGroup });
    return { video, audio };
  }

  addEffect(clipId: string, kind: string, params: unknown, order = 0): void {
    this.store.effects.insert({ id: randomUUID(), clipId, kind, params, order, enabled: true });
  }

  /** Renders through the real engine (prepare + run), as the render service does. */
  async render(
    outputPath: string,
    request: Partial<Omit<RenderRequest, 'outputPath'>> = {},
    extra: {
      signal?: AbortSignal;
      onProgress?(frame: number): void;
      encodeStage?: EncodeStageContributor[];
    } = {},
  ): Promise<RenderOutcome> {
    const registry = createBuiltInFrameProcessorRegistry();
    const prepared = await prepareRender(
      { outputPath, preset: 'source', codec: { encoderSpeed: 'ultrafast' }, range: null, ...request },
      renderSourceFromStore(this.store),
      registry,
      async () => false,
    );
    return runRender({
      renderId: randomUUID(),
      prepared,
      registry,
      encodeStage: extra.encodeStage ?? [],
      signal: extra.signal,
      onProgress: extra.onProgress,
      workerCount: 2,
    });
  }

  close(): void {
    this.store.close();
  }
}

/** Files in `folder` other than the project and its cache (renders must leave nothing else). */
export function strayFiles(folder: string, expected: readonly string[] = []): string[] {
  return readdirSync(folder).filter(
    (name) => !name.startsWith('Render Test.doppel') && !expected.includes(name),
  );
}
