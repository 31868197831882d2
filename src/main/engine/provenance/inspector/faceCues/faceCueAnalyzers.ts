// The face-based cue analyzers the inspector registers (deepfakeCues.ts CueAnalyzer hook): blink
// rate, landmark jitter, boundary colour mismatch and audio/lip offset, all read from ONE face
// analysis of the file (detector + 468-point mesh + tracker, every frame), run on the first cue
// that needs it and shared by the others of the same inspection.
import type { FaceAnalysis, FaceAnalysisSettings } from '../../../face/faceAnalysisResult';
import { DEFAULT_FACE_ANALYSIS_SETTINGS } from '../../../face/faceAnalysisResult';
import type { CueAnalysisContext, CueAnalyzer, CueOutcome } from '../deepfakeCues';
import { audioLipOffsetOutcome } from './audioLipOffsetCue';
import { blinkRateOutcome } from './blinkRateCue';
import { boundaryColourOutcome } from './boundaryColourCue';
import { mainFaceTrack, type FaceCueTrack } from './faceCueTrack';
import { landmarkJitterOutcome } from './landmarkJitterCue';

/** Runs the face analysis (in production: the face analysis worker thread). */
export type AnalyseFaces = (
  path: string,
  settings: FaceAnalysisSettings,
  signal?: AbortSignal,
) => Promise<FaceAnalysis>;

/** Videos longer than this are analysed every other frame (blinks still span 2-5 analysed frames). */
const EVERY_FRAME_UP_TO_SECONDS = 120;
/** Frames larger than this are shrunk for the analysis (the mesh needs no more). */
const ANALYSIS_MAX_SIDE = 1280;

export function cueAnalysisSettings(durationSeconds: number | null): FaceAnalysisSettings {
  return {
    ...DEFAULT_FACE_ANALYSIS_SETTINGS,
    every: durationSeconds !== null && durationSeconds > EVERY_FRAME_UP_TO_SECONDS ? 2 : 1,
    maxVideoSide: ANALYSIS_MAX_SIDE,
  };
}

const NO_FACE: CueOutcome = {
  kind: 'notApplicable',
  finding: 'Not measured: no face was found in the video.',
};

export function createFaceCueAnalyzers(analyseFaces: AnalyseFaces): CueAnalyzer[] {
  // One analysis per inspection: the cues of one report share its context object.
  const analyses = new WeakMap<
    CueAnalysisContext,
    Promise<{ analysis: FaceAnalysis; track: FaceCueTrack | null }>
  >();
  const analysed = (context: CueAnalysisContext) => {
    let pending = analyses.get(context);
    if (pending === undefined) {
      const seconds = context.probe.durationUs === null ? null : context.probe.durationUs / 1_000_000;
      pending = analyseFaces(context.path, cueAnalysisSettings(seconds), context.signal).then((analysis) => ({
        analysis,
        track: mainFaceTrack(analysis),
      }));
      analyses.set(context, pending);
    }
    return pending;
  };
  const withTrack =
    (
      measure: (
        context: CueAnalysisContext,
        analysis: FaceAnalysis,
        track: FaceCueTrack,
      ) => CueOutcome | Promise<CueOutcome>,
    ) =>
    async (context: CueAnalysisContext): Promise<CueOutcome> => {
      const { analysis, track } = await analysed(context);
      return track === null ? NO_FACE : measure(context, analysis, track);
    };
  return [
    { id: 'blinkRate', analyse: withTrack((_context, _analysis, track) => blinkRateOutcome(track)) },
    {
      id: 'landmarkJitter',
      analyse: withTrack((_context, analysis, track) => landmarkJitterOutcome(analysis, track)),
    },
    {
      id: 'boundaryColourMismatch',
      analyse: withTrack((context, _analysis, track) => boundaryColourOutcome(context, track)),
    },
    {
      id: 'audioLipOffset',
      analyse: withTrack((context, _analysis, track) => audioLipOffsetOutcome(context, track)),
    },
  ];
}
