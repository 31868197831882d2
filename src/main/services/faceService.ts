// faces.* of the contract: analyses a photo or video of the open project (cached per asset in the
// project cache), reads the analysis back frame by frame, and marks faces as sources (a face
// identity with the track as its source; consent is recorded on the identity elsewhere) or
// targets (kept in the project) for later face effects.
import type { ServiceImplementation } from '../../shared/contracts/defineService';
import type {
  FaceAnalysisProgress,
  FaceAnalysisSummary,
  FaceRole,
  facesService,
} from '../../shared/contracts/facesContract';
import { Emitter, type Disposable } from '../../shared/disposable';
import { StudioError } from '../../shared/errors';
import type { Asset } from '../../shared/model/schemas';
import type { FaceAnalysis, FaceAnalysisSettings } from '../engine/face/faceAnalysisResult';
import { DEFAULT_FACE_ANALYSIS_SETTINGS } from '../engine/face/faceAnalysisResult';
import {
  readCachedFaceAnalysis,
  readMatchingFaceAnalysis,
  writeFaceAnalysis,
} from '../engine/face/faceAnalysisCache';
import { FaceAnalysisWorkerClient } from '../engine/face/faceAnalysisWorkerClient';
import type { ExecutionProviderChoice } from '../engine/inference/executionProviders';
import type { ProjectStore } from '../store/projectStore';
import { applyFaceMark, readFaceMarks } from './faceMarks';
import { summariseFaceAnalysis } from './faceAnalysisSummary';
import type { ProjectSession } from './projectSession';

export interface FaceServiceOptions {
  /** Execution provider of the face models (default: the best available). */
  provider?: ExecutionProviderChoice;
  /** Marking a source creates or removes a face identity: tells the identities panel. */
  onDidChangeIdentities?: () => void;
}

const RECENT_ANALYSES = 4;

function recentKey(store: ProjectStore, asset: Asset): string {
  return `${store.cacheDir}\0${asset.sha256}`;
}

export class FaceServiceImpl implements ServiceImplementation<typeof facesService>, Disposable {
  private readonly progress = new Emitter<FaceAnalysisProgress>();
  readonly onDidAnalyseProgress = this.progress.event;
  /** The models run in a worker thread, started on the first analysis. */
  private worker: FaceAnalysisWorkerClient | undefined;
  private workerStopped: Promise<number | null> = Promise.resolve(null);
  /** One analysis per asset and settings at a time; a second caller waits for the first. */
  private readonly running = new Map<string, Promise<FaceAnalysis>>();
  /**
   * The last few analyses read or made, by cache file: the panel asks for one frame at a time
   * while the user drags through a video, and a minute of landmarks is megabytes of JSON to parse.
   */
  private readonly recent = new Map<string, FaceAnalysis>();

  constructor(
    private readonly session: ProjectSession,
    private readonly dataDir: string,
    private readonly options: FaceServiceOptions = {},
  ) {}

  async analyseAsset({ assetId, every }: { assetId: string; every: number }): Promise<FaceAnalysisSummary> {
    const store = this.session.require();
    const asset = this.requireAnalysableAsset(store, assetId);
    const settings: FaceAnalysisSettings = {
      ...DEFAULT_FACE_ANALYSIS_SETTINGS,
      every: asset.kind === 'image' ? 1 : every,
    };
    const key = `${asset.sha256}\0${settings.every}`;
    let pending = this.running.get(key);
    if (pending === undefined) {
      pending = this.analyse(store, asset, settings).finally(() => this.running.delete(key));
      this.running.set(key, pending);
    }
    const analysis = await pending;
    return summariseFaceAnalysis(asset.id, analysis, readFaceMarks(store, asset.id), undefined);
  }

  async getAnalysis({ assetId, frameIndex }: { assetId: string; frameIndex?: number | undefined }) {
    const store = this.session.require();
    const asset = this.requireAsset(store, assetId);
    const analysis = await this.cachedAnalysis(store, asset);
    if (analysis === undefined) return null;
    return summariseFaceAnalysis(asset.id, analysis, readFaceMarks(store, asset.id), frameIndex);
  }

  async markFace(input: {
    assetId: string;
    trackId?: number | undefined;
    faceIndex?: number | undefined;
    role: FaceRole | null;
  }): Promise<FaceAnalysisSummary> {
    const store = this.session.require();
    const asset = this.requireAsset(store, input.assetId);
    const analysis = await readCachedFaceAnalysis(store.cacheDir, asset.sha256);
    if (analysis === undefined) {
      throw new StudioError(
        'NOT_FOUND',
        `"${asset.name}" has not been analysed for faces yet: analyse it first.`,
      );
    }
    let trackId = input.trackId;
    if (input.faceIndex !== undefined) {
      const face = analysis.frames[0]?.faces[input.faceIndex];
      if (face === undefined) {
        throw new StudioError(
          'NOT_FOUND',
          `"${asset.name}" has no face number ${input.faceIndex} in its first analysed frame.`,
        );
      }
      trackId = face.trackId;
    }
    const track = analysis.tracks.find((candidate) => candidate.id === trackId);
    if (track === undefined) {
      throw new StudioError('NOT_FOUND', `"${asset.name}" has no face track ${String(trackId)}.`);
    }
    const identitiesChanged = applyFaceMark(store, asset, analysis, track, input.role);
    if (identitiesChanged) this.options.onDidChangeIdentities?.();
    return summariseFaceAnalysis(asset.id, analysis, readFaceMarks(store, asset.id), undefined);
  }

  private async analyse(
    store: ProjectStore,
    asset: Asset,
    settings: FaceAnalysisSettings,
  ): Promise<FaceAnalysis> {
    const report = (phase: FaceAnalysisProgress['phase'], framesDone: number, framesTotal: number): void =>
      this.progress.fire({ assetId: asset.id, phase, framesDone, framesTotal });
    try {
      report('loading-models', 0, 0);
      const worker = this.faceWorker();
      const key = { settings, models: await worker.modelIdentities() };
      const cached = await readMatchingFaceAnalysis(store.cacheDir, asset.sha256, key);
      if (cached !== undefined) {
        this.remember(store, asset, cached);
        report('done', cached.frames.length, cached.frames.length);
        return cached;
      }
      const analysis = await worker.analyseFile(asset.path, settings, (done, total) =>
        report('analysing', done, total),
      );
      await writeFaceAnalysis(store.cacheDir, asset.sha256, analysis);
      this.remember(store, asset, analysis);
      report('done', analysis.frames.length, analysis.frames.length);
      return analysis;
    } catch (error) {
      report('failed', 0, 0);
      throw error;
    }
  }

  private async cachedAnalysis(store: ProjectStore, asset: Asset): Promise<FaceAnalysis | undefined> {
    const remembered = this.recent.get(recentKey(store, asset));
    if (remembered !== undefined) return remembered;
    const analysis = await readCachedFaceAnalysis(store.cacheDir, asset.sha256);
    if (analysis !== undefined) this.remember(store, asset, analysis);
    return analysis;
  }

  private remember(store: ProjectStore, asset: Asset, analysis: FaceAnalysis): void {
    const key = recentKey(store, asset);
    this.recent.delete(key);
    this.recent.set(key, analysis);
    while (this.recent.size > RECENT_ANALYSES) this.recent.delete(this.recent.keys().next().value ?? key);
  }

  private faceWorker(): FaceAnalysisWorkerClient {
    this.worker ??= new FaceAnalysisWorkerClient({
      dataDir: this.dataDir,
      ...(this.options.provider === undefined ? {} : { provider: this.options.provider }),
    });
    return this.worker;
  }

  private requireAsset(store: ProjectStore, assetId: string): Asset {
    const asset = store.assets.get(assetId);
    if (!asset) throw new StudioError('NOT_FOUND', `There is no asset with id ${assetId} in this project.`);
    return asset;
  }

  private requireAnalysableAsset(store: ProjectStore, assetId: string): Asset {
    const asset = this.requireAsset(store, assetId);
    if (asset.kind === 'audio' || !asset.hasVideo) {
      throw new StudioError(
        'UNSUPPORTED_FORMAT',
        `"${asset.name}" (${asset.path}) has no video stream: there are no faces to find in it.`,
      );
    }
    if (asset.status === 'missing') {
      throw new StudioError('FILE_NOT_FOUND', `"${asset.name}" is missing (${asset.path}): relink it first.`);
    }
    return asset;
  }

  dispose(): void {
    this.progress.dispose();
    this.recent.clear();
    if (this.worker !== undefined) this.workerStopped = this.worker.stop();
    this.worker = undefined;
  }

  /** Resolves once the analysis thread (if any) has exited after dispose(), with its exit code. */
  whenStopped(): Promise<number | null> {
    return this.workerStopped;
  }
}
