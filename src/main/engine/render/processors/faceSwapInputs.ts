// What a face-swap worker loads once, in `prepare`: the source face (its picture and mesh, scaled
// the way the picture was loaded) and the target faces' meshes per source frame, from the clip's
// face analysis (smoothed by the tracker's One-Euro filter, so a still head gives a still mesh and
// the swapped face does not flicker). Track ids are the analysis's, so "replace track 2" means the
// track the Faces tab shows as 2.
import type { Rational } from '../../../../shared/time';
import { analysisFrameIndexAt, outputFrameMicroseconds } from '../../face/analysisFrameIndex';
import { StudioError } from '../../../../shared/errors';
import type { FaceAnalysis } from '../../face/faceAnalysisResult';
import type { RgbFrame } from '../../face/rgbFrame';
import { loadStillImage } from '../../face/stillImageLoading';
import type { FaceSwapSourceFace } from '../../faceswap/faceSwapEngine';
import { fitIntoFrame, TrackMeshes, toFramePixels, type FrameFit } from '../../lipsync/faceTrackMeshes';
import { readFaceAnalysisFile } from '../../lipsync/lipSyncClip';
import { openAnalysisFrames } from '../../../media/videoFrameReader';
import type { ResolvedFaceSwap } from './faceSwapProcessorParams';

function scaledMesh(landmarks: readonly number[], scale: number): Float32Array {
  return Float32Array.from(landmarks, (value) => value * scale);
}

/** The source picture (a photo, or one decoded frame of a video) with its face's mesh on it. */
export async function loadSourceFace(source: ResolvedFaceSwap['source']): Promise<FaceSwapSourceFace> {
  if (source.frameIndex === null) {
    const still = await loadStillImage(source.path);
    return { picture: still.frame, landmarks: scaledMesh(source.landmarks, still.scale) };
  }
  const frames = await openAnalysisFrames(source.path);
  let picture: RgbFrame | undefined;
  for await (const frame of frames.frames) {
    if (frame.index < source.frameIndex) continue;
    picture = { width: frame.width, height: frame.height, data: frame.data };
    break;
  }
  if (picture === undefined) {
    throw new StudioError(
      'MEDIA_UNREADABLE',
      `"${source.path}" ended before frame ${source.frameIndex}, where the source face was found: analyse its faces again.`,
    );
  }
  return { picture, landmarks: scaledMesh(source.landmarks, frames.scale) };
}

export interface TargetFaces {
  /** Every chosen face's mesh in the render frame's pixels, at the source frame shown at `sourceUs`. */
  meshesAt(sourceUs: number): Float32Array[];
  readonly trackCount: number;
}

function tracksOf(analysis: FaceAnalysis, trackIds: readonly number[] | null): TrackMeshes[] {
  const chosen = trackIds === null ? analysis.tracks.map((track) => track.id) : trackIds;
  return chosen.map((trackId) => {
    const frames: { index: number; mesh: Float32Array }[] = [];
    for (const frame of analysis.frames) {
      const face = frame.faces.find((candidate) => candidate.trackId === trackId);
      if (face) frames.push({ index: frame.index, mesh: Float32Array.from(face.landmarks) });
    }
    return new TrackMeshes(trackId, frames, analysis.settings.every);
  });
}

export async function loadTargetFaces(
  resolved: ResolvedFaceSwap,
  frame: { width: number; height: number; outputFrameRate?: Rational },
): Promise<TargetFaces> {
  const outputFrameUs = outputFrameMicroseconds(frame.outputFrameRate);
  const analysis = await readFaceAnalysisFile(resolved.facesPath);
  const tracks = tracksOf(analysis, resolved.targetTrackIds);
  const fit: FrameFit = fitIntoFrame(analysis.width, analysis.height, frame.width, frame.height);
  const isStill = analysis.kind === 'image';
  return {
    trackCount: tracks.length,
    meshesAt(sourceUs) {
      // The frame whose span holds sourceUs (a photo on the timeline is frame 0 throughout).
      const index = isStill ? 0 : analysisFrameIndexAt(analysis, sourceUs, outputFrameUs);
      const meshes: Float32Array[] = [];
      for (const track of tracks) {
        const mesh = track.meshAt(index);
        if (mesh !== undefined) meshes.push(toFramePixels(mesh, fit));
      }
      return meshes;
    },
  };
}
