// The classical engine on one clip: picks the closed-mouth reference and the teeth frame from the
// face track, decodes them, turns the speech into mouth shapes, and animates each frame's mouth.
import type { RgbFrame } from '../face/rgbFrame';
import { ClassicalMouthAnimator, type MeshFrame, type PosedFrame } from './classicalMouthAnimator';
import { toFramePixels } from './faceTrackMeshes';
import type { LipSyncFrameEngine } from './lipSyncFrameEngine';
import { frameSeconds, sourceFrameIndex, speechSeconds, type LipSyncClip } from './lipSyncClip';
import { analyseMouthShapes, mouthShapeOver, type MouthShape, type MouthTrack } from './mouthShapeFromAudio';
import { decodeFrameAt } from './referenceFrameDecoding';
import { chooseReferenceFrames, type ReferenceChoice } from './referenceFrames';

/**
 * The mouth moves this much ahead of the sound: lips shape a sound slightly before it is heard,
 * and the face mesh that measures the result trails by a fraction of a frame.
 */
export const MOUTH_LEAD_SECONDS = 0.02;

export interface ClassicalEngineFacts {
  reference: ReferenceChoice;
  mouth: MouthTrack;
}

export interface ClassicalLipSyncEngine extends LipSyncFrameEngine {
  facts: ClassicalEngineFacts;
  /** Where a frame's mouth goes and its blend mask, without touching pixels (for measuring). */
  poseFrame(sourceUs: number, timelineUs: number): PosedFrame | undefined;
}

export async function prepareClassicalEngine(
  clip: LipSyncClip,
  strength: number,
  signal?: AbortSignal,
): Promise<ClassicalLipSyncEngine> {
  const reference = chooseReferenceFrames(clip.track.entries());
  const decode = async (frameIndex: number): Promise<MeshFrame> => ({
    frame: await decodeFrameAt({
      path: clip.resolved.video.path,
      streamIndex: clip.resolved.video.streamIndex,
      frameIndex,
      fps: clip.fps,
      ...(clip.frameTimesUs === undefined ? {} : { frameTimesUs: clip.frameTimesUs }),
      width: clip.frameWidth,
      height: clip.frameHeight,
      ...(signal ? { signal } : {}),
    }),
    mesh: toFramePixels(clip.track.meshAt(frameIndex)!, clip.fit),
  });
  const animator = new ClassicalMouthAnimator({
    reference: await decode(reference.closedFrame),
    ...(reference.teethFrame === null ? {} : { teeth: await decode(reference.teethFrame) }),
    strength,
  });
  const mouth = analyseMouthShapes(clip.speech);
  const duration = frameSeconds(clip);
  const shapeAt = (timelineUs: number): MouthShape => {
    const start = speechSeconds(clip, timelineUs) + MOUTH_LEAD_SECONDS;
    return mouthShapeOver(mouth, start, start + duration);
  };
  const meshAt = (sourceUs: number): Float32Array | undefined => {
    const mesh = clip.track.meshAt(sourceFrameIndex(clip, sourceUs));
    return mesh && toFramePixels(mesh, clip.fit);
  };
  return {
    name: 'classical',
    facts: { reference, mouth },
    renderFrame(frame: RgbFrame, sourceUs: number, timelineUs: number): boolean {
      const mesh = meshAt(sourceUs);
      if (!mesh) return false;
      animator.animate(frame, mesh, shapeAt(timelineUs));
      return true;
    },
    poseFrame(sourceUs: number, timelineUs: number): PosedFrame | undefined {
      const mesh = meshAt(sourceUs);
      return mesh && animator.pose(mesh, shapeAt(timelineUs));
    },
    dispose() {},
  };
}
