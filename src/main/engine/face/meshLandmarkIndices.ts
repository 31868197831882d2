// Named points of the 468-point MediaPipe face mesh. "Right"/"left" are the subject's: the right
// eye is on the left of an upright face in the picture.

export const MESH_LANDMARK_COUNT = 468;

export const MeshLandmark = {
  rightEyeOuterCorner: 33,
  rightEyeInnerCorner: 133,
  leftEyeInnerCorner: 362,
  leftEyeOuterCorner: 263,
  mouthRightCorner: 61,
  mouthLeftCorner: 291,
  noseTip: 1,
  noseBridge: 168,
  chin: 152,
  foreheadCentre: 10,
  rightEyeUpperLid: 159,
  rightEyeLowerLid: 145,
  leftEyeUpperLid: 386,
  leftEyeLowerLid: 374,
  upperLipCentre: 13,
  lowerLipCentre: 14,
} as const;

/**
 * Points that do not move when a person talks or blinks (eye corners, nose, forehead, cheekbones,
 * temples): their frame-to-frame motion is head motion plus landmark jitter.
 */
export const STABLE_MESH_LANDMARKS: readonly number[] = [
  MeshLandmark.rightEyeOuterCorner,
  MeshLandmark.rightEyeInnerCorner,
  MeshLandmark.leftEyeInnerCorner,
  MeshLandmark.leftEyeOuterCorner,
  MeshLandmark.noseTip,
  MeshLandmark.noseBridge,
  MeshLandmark.foreheadCentre,
  6, // between the eyes, below the bridge point
  4, // nose, above the tip
  234, // right temple / cheek edge
  454, // left temple / cheek edge
  116, // right cheekbone
  345, // left cheekbone
];
