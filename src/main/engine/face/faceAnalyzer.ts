// Face analysis of a photo or a video file: detector, mesh, identity descriptors and (for videos)
// tracks, put together into one FaceAnalysis. Holds its model leases until disposed, so a service
// or a CLI run loads the models once and analyses many files.
import type { Disposable } from '../../../shared/disposable';
import { StudioError } from '../../../shared/errors';
import type { AnalysedFace } from '../../../shared/contracts/facesContract';
import { probeMedia, type MediaProbe } from '../../media/probeMedia';
import { openAnalysisFrames } from '../../media/videoFrameReader';
import { THOROUGH_DETECTION } from './detectionPlan';
import type { AnalysedTrack, FaceAnalysis, FaceAnalysisSettings } from './faceAnalysisResult';
import {
  DEFAULT_FACE_ANALYSIS_SETTINGS,
  FACE_ANALYSIS_FORMAT_VERSION,
  toAnalysedFace,
} from './faceAnalysisResult';
import { FaceDetector } from './faceDetector';
import { FaceEmbedder } from './faceEmbedder';
import type { FaceMesh } from './faceLandmarker';
import { FaceLandmarker } from './faceLandmarker';
import { meshForStill } from './faceMeshRefinement';
import type { FaceModels, LoadFaceModelsOptions } from './faceModels';
import { loadFaceModels } from './faceModels';
import { FaceTracker } from './faceTracker';
import { intersectionOverUnion, pointsBoundingBox } from './faceGeometry';
import { combinedMeanMotion, StableMotionMeter } from './landmarkJitter';
import { FramePyramid } from './rgbFrame';
import { loadStillImage } from './stillImageLoading';
import { TrackThumbnails } from './faceThumbnails';

export interface FaceAnalysisRunOptions {
  settings?: Partial<FaceAnalysisSettings>;
  signal?: AbortSignal;
  /** Called after each analysed frame. */
  onProgress?: (framesDone: number, framesTotal: number) => void;
  /** Reuse a probe the caller already has. */
  probe?: MediaProbe;
}

/** Meshes of the same face found from two detections overlap this much or more. */
const SAME_FACE_OVERLAP = 0.5;

function throwIfAborted(signal: AbortSignal | undefined, path: string): void {
  if (signal?.aborted) throw new StudioError('CANCELLED', `Face analysis of "${path}" was cancelled.`);
}

/** Lets IPC and progress events through between frames (pre/post-processing is synchronous). */
const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export class FaceAnalyzer implements Disposable {
  readonly detector: FaceDetector;
  readonly landmarker: FaceLandmarker;
  readonly embedder: FaceEmbedder | undefined;

  constructor(private readonly models: FaceModels) {
    this.detector = new FaceDetector(models.detector);
    this.landmarker = new FaceLandmarker(models.landmarks);
    this.embedder = models.has('embedding') ? new FaceEmbedder(models.embedding) : undefined;
  }

  static async load(options: LoadFaceModelsOptions): Promise<FaceAnalyzer> {
    return new FaceAnalyzer(await loadFaceModels(options));
  }

  modelIdentities(): string[] {
    return this.models.identities();
  }

  /** Where each model runs ("facemesh: cpu (…why…)"), for logs and the bench. */
  describeProviders(): string[] {
    return this.models.describeProviders();
  }

  /** Every face of one picture, each with its refined mesh, in reading order (left to right). */
  async meshesInPicture(pyramid: FramePyramid): Promise<FaceMesh[]> {
    const detections = await this.detector.detect(pyramid, { plan: THOROUGH_DETECTION });
    const meshes: FaceMesh[] = [];
    for (const detection of detections) {
      const mesh = await meshForStill(this.landmarker, pyramid, detection);
      if (mesh !== null) meshes.push(mesh);
    }
    // Two detections of one face (e.g. on two tiles that both hold it) converge on one mesh.
    const kept: { mesh: FaceMesh; box: ReturnType<typeof pointsBoundingBox> }[] = [];
    for (const mesh of [...meshes].sort((a, b) => b.faceFlag - a.faceFlag)) {
      const box = pointsBoundingBox(mesh.points, 3);
      if (kept.every((other) => intersectionOverUnion(other.box, box) < SAME_FACE_OVERLAP))
        kept.push({ mesh, box });
    }
    return kept
      .sort((a, b) => a.box.x + a.box.width / 2 - (b.box.x + b.box.width / 2) || a.box.y - b.box.y)
      .map((entry) => entry.mesh);
  }

  async analyseFile(path: string, options: FaceAnalysisRunOptions = {}): Promise<FaceAnalysis> {
    const probe = options.probe ?? (await probeMedia(path, { signal: options.signal }));
    if (probe.kind === 'image') return this.analyseStill(path, options);
    if (probe.kind === 'video' && probe.hasVideo) return this.analyseVideo(path, { ...options, probe });
    throw new StudioError(
      'UNSUPPORTED_FORMAT',
      `"${path}" has no video stream: face analysis needs a photo or a video${probe.kind === 'audio' ? ', and it holds only audio' : ''}.`,
    );
  }

  async analyseStill(path: string, options: FaceAnalysisRunOptions = {}): Promise<FaceAnalysis> {
    const started = performance.now();
    const settings = { ...DEFAULT_FACE_ANALYSIS_SETTINGS, ...options.settings };
    const still = await loadStillImage(path);
    throwIfAborted(options.signal, path);
    const pyramid = new FramePyramid(still.frame);
    const meshes = await this.meshesInPicture(pyramid);
    const embeddings = this.embedder
      ? await this.embedder.embed(
          pyramid,
          meshes.map((mesh) => mesh.points),
        )
      : [];
    const thumbnails = new TrackThumbnails();
    const faces: AnalysedFace[] = [];
    const tracks: AnalysedTrack[] = [];
    for (const [index, mesh] of meshes.entries()) {
      const embedding = embeddings[index];
      faces.push(
        toAnalysedFace(
          index,
          mesh.points,
          mesh.faceFlag,
          still.scale,
          settings.embeddingsPerFrame ? embedding : undefined,
        ),
      );
      thumbnails.offer(pyramid, index, mesh.points, mesh.faceFlag);
      tracks.push({
        id: index,
        firstFrame: 0,
        lastFrame: 0,
        frameCount: 1,
        meanScore: faces[index]?.score ?? 0,
        embedding:
          embedding === undefined ? null : Array.from(embedding, (value) => Math.round(value * 1e6) / 1e6),
        thumbnail: await thumbnails.encode(index),
      });
    }
    options.onProgress?.(1, 1);
    return {
      formatVersion: FACE_ANALYSIS_FORMAT_VERSION,
      kind: 'image',
      width: still.width,
      height: still.height,
      fps: null,
      settings,
      models: this.modelIdentities(),
      frames: [{ index: 0, timeUs: 0, faces }],
      tracks,
      jitter: null,
      analysedAt: new Date().toISOString(),
      durationMs: performance.now() - started,
    };
  }

  async analyseVideo(path: string, options: FaceAnalysisRunOptions = {}): Promise<FaceAnalysis> {
    const started = performance.now();
    const settings = { ...DEFAULT_FACE_ANALYSIS_SETTINGS, ...options.settings };
    const source = await openAnalysisFrames(path, {
      every: settings.every,
      maxLongSide: settings.maxVideoSide,
      frameTimes: true,
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      ...(options.probe === undefined ? {} : { probe: options.probe }),
    });
    const tracker = new FaceTracker(this.detector, this.landmarker, this.embedder, {
      // Tracker counts are in analysed frames: keep "look for new faces" near every 8 stream frames.
      redetectEvery: Math.max(1, Math.ceil(8 / settings.every)),
      // One descriptor per second or so is plenty for a track's identity.
      embedEvery: settings.embeddingsPerFrame ? 1 : Math.max(1, Math.ceil(25 / settings.every)),
    });
    const thumbnails = new TrackThumbnails();
    const stats = new Map<number, { first: number; last: number; count: number; scoreSum: number }>();
    const rawMotion = new Map<number, StableMotionMeter>();
    const smoothedMotion = new Map<number, StableMotionMeter>();
    const frames: FaceAnalysis['frames'] = [];
    for await (const frame of source.frames) {
      throwIfAborted(options.signal, path);
      const pyramid = new FramePyramid(frame);
      const faces = await tracker.processFrame(pyramid, frame.timeUs / 1_000_000);
      const records: AnalysedFace[] = [];
      for (const face of faces) {
        const stat = stats.get(face.trackId);
        const consecutive = stat !== undefined && stat.last === frame.index - settings.every;
        if (stat === undefined)
          stats.set(face.trackId, {
            first: frame.index,
            last: frame.index,
            count: 1,
            scoreSum: face.faceFlag,
          });
        else
          Object.assign(stat, {
            last: frame.index,
            count: stat.count + 1,
            scoreSum: stat.scoreSum + face.faceFlag,
          });
        meterFor(rawMotion, face.trackId).add(face.rawPoints, consecutive);
        meterFor(smoothedMotion, face.trackId).add(face.smoothedPoints, consecutive);
        thumbnails.offer(pyramid, face.trackId, face.smoothedPoints, face.faceFlag);
        const embedding = settings.embeddingsPerFrame ? face.embedding : undefined;
        records.push(
          toAnalysedFace(face.trackId, face.smoothedPoints, face.faceFlag, source.scale, embedding),
        );
      }
      frames.push({ index: frame.index, timeUs: frame.timeUs, faces: records });
      options.onProgress?.(frames.length, Math.max(frames.length, source.expectedFrames));
      await yieldToEventLoop();
    }
    const embeddings = tracker.trackEmbeddings();
    const tracks: AnalysedTrack[] = [];
    for (const [id, stat] of [...stats].sort((a, b) => a[0] - b[0])) {
      const embedding = embeddings.get(id);
      tracks.push({
        id,
        firstFrame: stat.first,
        lastFrame: stat.last,
        frameCount: stat.count,
        meanScore: Math.round((stat.scoreSum / stat.count) * 1e4) / 1e4,
        embedding:
          embedding === undefined ? null : Array.from(embedding, (value) => Math.round(value * 1e6) / 1e6),
        thumbnail: await thumbnails.encode(id),
      });
    }
    const raw = combinedMeanMotion(rawMotion.values());
    const smoothed = combinedMeanMotion(smoothedMotion.values());
    return {
      formatVersion: FACE_ANALYSIS_FORMAT_VERSION,
      kind: 'video',
      width: source.probe.displayWidth ?? source.width,
      height: source.probe.displayHeight ?? source.height,
      fps: source.probe.fps,
      ...(source.frameTimesUs === null ? {} : { frameTimesUs: source.frameTimesUs }),
      settings,
      models: this.modelIdentities(),
      frames,
      tracks,
      jitter:
        raw === undefined || smoothed === undefined
          ? null
          : { rawPixels: raw / source.scale, smoothedPixels: smoothed / source.scale },
      analysedAt: new Date().toISOString(),
      durationMs: performance.now() - started,
    };
  }

  dispose(): void {
    this.models.dispose();
  }
}

function meterFor(meters: Map<number, StableMotionMeter>, trackId: number): StableMotionMeter {
  let meter = meters.get(trackId);
  if (meter === undefined) {
    meter = new StableMotionMeter();
    meters.set(trackId, meter);
  }
  return meter;
}
