// Landmark jitter: the face analysis measures the mean frame-to-frame motion of the mesh points
// that do not move when a person talks or blinks (engine/face/landmarkJitter.ts, before any
// smoothing). Divided by the eye distance it reads the same at any picture size. On the four GRID
// talking heads (fixed camera) it is 0.36-0.51% of the eye distance per frame; head turns, a moving
// camera and heavy compression raise it on real footage too.
import type { FaceAnalysis } from '../../../face/faceAnalysisResult';
import type { CueOutcome } from '../deepfakeCues';
import { rounded, type FaceCueTrack } from './faceCueTrack';

/** Above this (in % of the eye distance per frame) the face shakes more than a steady talking head. */
export const UNUSUAL_JITTER_PERCENT = 1.5;

export function landmarkJitterOutcome(analysis: FaceAnalysis, track: FaceCueTrack): CueOutcome {
  if (analysis.jitter === null || !(track.eyeDistance > 0)) {
    return {
      kind: 'notApplicable',
      finding: 'Not measured: the face was not found in two consecutive analysed frames.',
    };
  }
  const percent = rounded((100 * analysis.jitter.rawPixels) / track.eyeDistance, 2);
  const pixels = rounded(analysis.jitter.rawPixels, 2);
  const every = analysis.settings.every > 1 ? ` (every ${analysis.settings.every}th frame was analysed)` : '';
  const measured = `The stable face points move ${percent}% of the eye distance (${pixels} px) from one analysed frame to the next${every}`;
  return {
    kind: 'measured',
    value: percent,
    unit: '% of eye distance per frame',
    level: percent > UNUSUAL_JITTER_PERCENT ? 'unusual' : 'typical',
    finding:
      percent > UNUSUAL_JITTER_PERCENT
        ? `${measured}: more than a steady talking head (about 0.4-0.5%; unusual above ${UNUSUAL_JITTER_PERCENT}%). Check for a moving camera or head first.`
        : `${measured}: like a steady talking head (about 0.4-0.5%; unusual above ${UNUSUAL_JITTER_PERCENT}%).`,
  };
}
