// The deepfake cues the literature names, with plain-language explanations, and the hook through
// which the face stack (src/main/engine/face, still being built) will measure them. Until an
// analyzer for a cue is registered, the inspector lists the cue as "not analysed" and says why:
// showing nothing would suggest nothing was wrong.
import { CUES_ARE_HINTS, type Cue, type CueId } from '../../../../shared/model/provenanceSchemas';
import type { MediaProbe } from '../../../media/probeMedia';

export interface CueAnalysisContext {
  path: string;
  probe: MediaProbe;
  signal?: AbortSignal;
}

export type CueOutcome =
  | {
      kind: 'measured';
      value: number;
      unit: string;
      level: 'typical' | 'unusual' | 'unknown';
      finding: string;
    }
  | { kind: 'notApplicable'; finding: string };

/**
 * A face-based cue measurement, registered by the face stack when it lands: e.g. a blink-rate
 * analyzer running the face tracker and the eye-aspect ratio over the video.
 */
export interface CueAnalyzer {
  id: CueId;
  analyse(context: CueAnalysisContext): Promise<CueOutcome>;
}

interface CueDefinition {
  name: string;
  explanation: string;
  /** motion: a moving picture; picture: any picture (stills too); motionAndSound: both. */
  needs: 'motion' | 'picture' | 'motionAndSound';
}

export const CUE_DEFINITIONS: Record<CueId, CueDefinition> = {
  blinkRate: {
    name: 'Blink rate',
    explanation:
      'People blink about 15 to 20 times a minute when they talk. Early deepfakes, trained mostly on ' +
      'photos with open eyes, blinked rarely or not at all (Li, Chang and Lyu, "In Ictu Oculi", 2018). ' +
      'Newer fakes often blink normally, and a calm or concentrating person may blink less.',
    needs: 'motion',
  },
  landmarkJitter: {
    name: 'Landmark jitter',
    explanation:
      'Real faces move smoothly from one frame to the next. Faces swapped frame by frame can make the ' +
      'eye corners, mouth and jaw line tremble or drift by a few pixels between frames (temporal ' +
      'inconsistency: Güera and Delp 2018; Sabir et al. 2019). Heavy compression and a shaky camera ' +
      'cause some jitter too.',
    needs: 'motion',
  },
  boundaryColourMismatch: {
    name: 'Colour mismatch at the face boundary',
    explanation:
      'A swapped face is blended onto another head. Along the edge of the face, skin tone, lighting or ' +
      'sharpness can change abruptly where the two images meet (blending boundary: Li et al., "Face ' +
      'X-ray", 2020; warping artefacts: Li and Lyu 2019). Make-up, beards and strong side light can ' +
      'look similar.',
    needs: 'picture',
  },
  audioLipOffset: {
    name: 'Audio/lip offset',
    explanation:
      'In real footage the lips and the speech line up to within a few hundredths of a second. Dubbed or ' +
      'lip-synced video can show a steady offset, or mouth shapes that do not fit the sounds (Chung and ' +
      'Zisserman, SyncNet, 2016; Agarwal et al., phoneme-viseme mismatches, 2020). Badly muxed real ' +
      'videos can be out of sync too.',
    needs: 'motionAndSound',
  },
};

const NEEDS_FACE_STACK =
  'Not measured: this cue needs the face tracker (detection and facial landmarks over the video), ' +
  'which the inspector does not run yet.';

/** Every cue in a fixed order: measured by its analyzer when there is one, else explained. */
export async function evaluateCues(
  context: CueAnalysisContext | null,
  analyzers: readonly CueAnalyzer[],
): Promise<Cue[]> {
  const byId = new Map(analyzers.map((analyzer) => [analyzer.id, analyzer]));
  const cues: Cue[] = [];
  for (const [id, definition] of Object.entries(CUE_DEFINITIONS) as Array<[CueId, CueDefinition]>) {
    const base = {
      id,
      name: definition.name,
      explanation: definition.explanation,
      caveat: CUES_ARE_HINTS,
    } as const;
    const missing = !context
      ? 'Not measured: the file could not be decoded.'
      : !context.probe.hasVideo
        ? 'Not applicable: the file has no picture.'
        : definition.needs !== 'picture' && context.probe.kind === 'image'
          ? 'Not applicable: a still image has no motion.'
          : definition.needs === 'motionAndSound' && !context.probe.hasAudio
            ? 'Not applicable: the file has no sound.'
            : null;
    if (missing) {
      cues.push({
        ...base,
        status: 'notApplicable',
        value: null,
        unit: null,
        level: 'unknown',
        finding: missing,
      });
      continue;
    }
    const analyzer = byId.get(id);
    if (!analyzer || !context) {
      cues.push({
        ...base,
        status: 'notAnalysed',
        value: null,
        unit: null,
        level: 'unknown',
        finding: NEEDS_FACE_STACK,
      });
      continue;
    }
    const outcome = await analyzer.analyse(context);
    cues.push(
      outcome.kind === 'measured'
        ? {
            ...base,
            status: 'measured',
            value: outcome.value,
            unit: outcome.unit,
            level: outcome.level,
            finding: outcome.finding,
          }
        : {
            ...base,
            status: 'notApplicable',
            value: null,
            unit: null,
            level: 'unknown',
            finding: outcome.finding,
          },
    );
  }
  return cues;
}
