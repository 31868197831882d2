// Face tracks over the frames of a video. Each tracked face is re-cropped from its previous mesh
// (no detector needed while the mesh's face flag holds); the detector runs on the first frame
// (thorough: tiles and rotations), whenever a face flag drops (the face was lost), on every frame
// while no face is followed, and every few frames to pick up faces that walk in. A newly detected face joins the track it overlaps, or the
// lost track whose identity descriptor it matches, or starts a new track. Landmarks are smoothed
// per track with a One-Euro filter; the raw ones are kept alongside for measuring jitter.
import type { Box } from './faceGeometry';
import { intersectionOverUnion, pointsBoundingBox } from './faceGeometry';
import { QUICK_DETECTION, THOROUGH_DETECTION } from './detectionPlan';
import type { FaceDetector } from './faceDetector';
import type { FaceEmbedder } from './faceEmbedder';
import { cosineSimilarity } from './faceEmbedder';
import type { FaceLandmarker } from './faceLandmarker';
import { MIN_FACE_FLAG } from './faceLandmarker';
import { meshFollowing, meshForNewTrack } from './faceMeshRefinement';
import { OneEuroVectorFilter } from './oneEuroFilter';
import type { FramePyramid } from './rgbFrame';

export interface FaceTrackerOptions {
  /** Look for new faces every this many processed frames (default 8). */
  redetectEvery?: number;
  /** Compute an identity descriptor every this many processed frames per track (1 = every frame). */
  embedEvery?: number;
  /** Cosine above which a re-detected face is the same person as a lost track. */
  reidentifyCosine?: number;
}

export interface TrackedFace {
  trackId: number;
  /** Landmarks as the model gave them, and after One-Euro smoothing (468 x 3, frame pixels). */
  rawPoints: Float32Array;
  smoothedPoints: Float32Array;
  faceFlag: number;
  box: Box;
  /** Present on frames where the descriptor was computed. */
  embedding: Float32Array | undefined;
}

interface TrackState {
  id: number;
  rawPoints: Float32Array;
  box: Box;
  filter: OneEuroVectorFilter;
  lost: boolean;
  framesSinceEmbedding: number;
  embeddingSum: Float64Array | undefined;
  embeddingCount: number;
}

const NEW_FACE_OVERLAP = 0.25;
const DUPLICATE_TRACK_OVERLAP = 0.5;

export class FaceTracker {
  private readonly tracks: TrackState[] = [];
  private nextTrackId = 0;
  private processed = 0;
  private framesSinceDetection = 0;
  private readonly redetectEvery: number;
  private readonly embedEvery: number;
  private readonly reidentifyCosine: number;

  constructor(
    private readonly detector: FaceDetector,
    private readonly landmarker: FaceLandmarker,
    private readonly embedder: FaceEmbedder | undefined,
    options: FaceTrackerOptions = {},
  ) {
    this.redetectEvery = options.redetectEvery ?? 8;
    this.embedEvery = options.embedEvery ?? 10;
    this.reidentifyCosine = options.reidentifyCosine ?? 0.7;
  }

  /** The mean identity descriptor of each track so far (unit length). */
  trackEmbeddings(): Map<number, Float32Array> {
    const result = new Map<number, Float32Array>();
    for (const track of this.tracks) {
      const mean = meanDescriptor(track);
      if (mean !== undefined) result.set(track.id, mean);
    }
    return result;
  }

  async processFrame(pyramid: FramePyramid, timeSeconds: number): Promise<TrackedFace[]> {
    const firstFrame = this.processed === 0;
    this.processed += 1;
    this.framesSinceDetection += 1;

    const active = this.tracks.filter((track) => !track.lost);
    const followed = await meshFollowing(
      this.landmarker,
      pyramid,
      active.map((track) => track.rawPoints),
    );
    let lostOne = false;
    const seen = new Map<number, { points: Float32Array; faceFlag: number }>();
    active.forEach((track, index) => {
      const mesh = followed[index];
      if (mesh === undefined || mesh.faceFlag < MIN_FACE_FLAG) {
        track.lost = true;
        track.filter.reset();
        lostOne = true;
        return;
      }
      track.rawPoints = mesh.points;
      track.box = pointsBoundingBox(mesh.points, 3);
      seen.set(track.id, { points: mesh.points, faceFlag: mesh.faceFlag });
    });

    // With nothing to follow, look every frame (one whole-frame pass): a face coming back into
    // view is picked up on its first frame.
    const detect =
      firstFrame || lostOne || seen.size === 0 || this.framesSinceDetection >= this.redetectEvery;
    if (detect) {
      this.framesSinceDetection = 0;
      await this.addDetectedFaces(pyramid, firstFrame, seen);
    }
    this.dropDuplicateTracks(seen);
    return this.finishFrame(pyramid, timeSeconds, seen);
  }

  private async addDetectedFaces(
    pyramid: FramePyramid,
    thorough: boolean,
    seen: Map<number, { points: Float32Array; faceFlag: number }>,
  ): Promise<void> {
    const detections = await this.detector.detect(pyramid, {
      plan: thorough ? THOROUGH_DETECTION : QUICK_DETECTION,
    });
    for (const detection of detections) {
      const covered = this.tracks.some(
        (track) => !track.lost && intersectionOverUnion(track.box, detection.box) > NEW_FACE_OVERLAP,
      );
      if (covered) continue;
      const mesh = await meshForNewTrack(this.landmarker, pyramid, detection);
      if (mesh === null) continue;
      const box = pointsBoundingBox(mesh.points, 3);
      if (
        this.tracks.some((track) => !track.lost && intersectionOverUnion(track.box, box) > NEW_FACE_OVERLAP)
      )
        continue;
      const [embedding] = this.embedder ? await this.embedder.embed(pyramid, [mesh.points]) : [undefined];
      const track = this.lostTrackFor(box, embedding) ?? this.newTrack();
      track.lost = false;
      track.rawPoints = mesh.points;
      track.box = box;
      track.filter.reset();
      if (embedding !== undefined) addEmbedding(track, embedding);
      track.framesSinceEmbedding = 0;
      seen.set(track.id, { points: mesh.points, faceFlag: mesh.faceFlag });
    }
  }

  /** A lost track this face belongs to: same identity, or (without descriptors) the same place. */
  private lostTrackFor(box: Box, embedding: Float32Array | undefined): TrackState | undefined {
    let best: TrackState | undefined;
    let bestScore = -Infinity;
    for (const track of this.tracks) {
      if (!track.lost) continue;
      const mean = meanDescriptor(track);
      const score =
        embedding !== undefined && mean !== undefined
          ? cosineSimilarity(embedding, mean)
          : intersectionOverUnion(track.box, box) > NEW_FACE_OVERLAP
            ? 1
            : -1;
      const threshold = embedding !== undefined && mean !== undefined ? this.reidentifyCosine : 0;
      if (score >= threshold && score > bestScore) {
        best = track;
        bestScore = score;
      }
    }
    return best;
  }

  private newTrack(): TrackState {
    const track: TrackState = {
      id: this.nextTrackId++,
      rawPoints: new Float32Array(0),
      box: { x: 0, y: 0, width: 0, height: 0 },
      filter: new OneEuroVectorFilter(),
      lost: false,
      framesSinceEmbedding: 0,
      embeddingSum: undefined,
      embeddingCount: 0,
    };
    this.tracks.push(track);
    return track;
  }

  /** Two tracks on one face (a re-detection that slipped past the overlap test): keep the older. */
  private dropDuplicateTracks(seen: Map<number, { points: Float32Array; faceFlag: number }>): void {
    const active = this.tracks.filter((track) => !track.lost).sort((a, b) => a.id - b.id);
    for (let first = 0; first < active.length; first++) {
      for (let second = first + 1; second < active.length; second++) {
        const older = active[first];
        const younger = active[second];
        if (older === undefined || younger === undefined || younger.lost) continue;
        if (intersectionOverUnion(older.box, younger.box) > DUPLICATE_TRACK_OVERLAP) {
          younger.lost = true;
          seen.delete(younger.id);
        }
      }
    }
  }

  private async finishFrame(
    pyramid: FramePyramid,
    timeSeconds: number,
    seen: Map<number, { points: Float32Array; faceFlag: number }>,
  ): Promise<TrackedFace[]> {
    const visible = this.tracks.filter((track) => seen.has(track.id));
    const needEmbedding = this.embedder
      ? visible.filter((track) => track.embeddingCount === 0 || track.framesSinceEmbedding >= this.embedEvery)
      : [];
    const embeddings = this.embedder
      ? await this.embedder.embed(
          pyramid,
          needEmbedding.map((track) => track.rawPoints),
        )
      : [];
    const embeddedNow = new Map<number, Float32Array>();
    needEmbedding.forEach((track, index) => {
      const embedding = embeddings[index];
      if (embedding === undefined) return;
      addEmbedding(track, embedding);
      track.framesSinceEmbedding = 0;
      embeddedNow.set(track.id, embedding);
    });
    return visible.map((track) => {
      const state = seen.get(track.id);
      if (state === undefined) throw new RangeError(`track ${track.id} has no mesh this frame`);
      track.framesSinceEmbedding += 1;
      const smoothedPoints = track.filter.filter(
        state.points,
        timeSeconds,
        Math.max(track.box.width, track.box.height),
      );
      return {
        trackId: track.id,
        rawPoints: state.points,
        smoothedPoints,
        faceFlag: state.faceFlag,
        box: pointsBoundingBox(smoothedPoints, 3),
        embedding: embeddedNow.get(track.id),
      };
    });
  }
}

function addEmbedding(track: TrackState, embedding: Float32Array): void {
  track.embeddingSum ??= new Float64Array(embedding.length);
  for (let index = 0; index < embedding.length; index++) {
    track.embeddingSum[index] = (track.embeddingSum[index] ?? 0) + (embedding[index] ?? 0);
  }
  track.embeddingCount += 1;
}

function meanDescriptor(track: TrackState): Float32Array | undefined {
  if (track.embeddingSum === undefined || track.embeddingCount === 0) return undefined;
  let norm = 0;
  for (const value of track.embeddingSum) norm += value * value;
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  return Float32Array.from(track.embeddingSum, (value) => value * scale);
}
