// The C2PA manifest of a render, as a c2pa-rs ManifestDefinition (pure: data in, JSON out).
// - c2pa.actions: c2pa.created (digitalSourceType trainedAlgorithmicMedia, the studio as software
//   agent), then one c2pa.edited per AI operation (face swap, voice, lip sync) naming its models.
// - com.doppelstudio.render: the render id, the models with their licences, the consent
//   references of every identity used, the watermark the render carries, the visible label flag.
// Consent references carry ids, scope, date and digests, not the subject's name: the manifest
// travels with the video, the consent record stays in the project.
export const TRAINED_ALGORITHMIC_MEDIA =
  'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia';
export const DOPPEL_RENDER_ASSERTION = 'com.doppelstudio.render';
export const WATERMARK_METHOD = 'doppel-spread-spectrum/v1';

export interface ModelUse {
  name: string;
  version?: string;
  licence: string;
  sha256?: string;
  /** What the model did, e.g. "face swap". */
  purpose?: string;
}

export interface ConsentReference {
  consentId: string;
  identityId: string;
  identityKind: 'face' | 'voice';
  scope: string;
  grantedAt: string;
  /** SHA-256 of the consent record's canonical JSON (subject included), kept in the project. */
  recordSha256: string;
  evidenceSha256: string | null;
}

export interface AiOperation {
  /** e.g. "faceSwap", "voiceClone", "lipSync". */
  kind: string;
  description: string;
  /** Names of the models (from `models`) the operation ran. */
  modelNames: string[];
}

export interface SourceMedia {
  title: string;
  sha256: string;
}

export interface RenderManifestFacts {
  renderId: string;
  /** Output file name. */
  title: string;
  /** MIME type of the output, e.g. "video/mp4". */
  format: string;
  createdAt: string;
  application: { name: string; version: string };
  operations: AiOperation[];
  models: ModelUse[];
  consents: ConsentReference[];
  sources: SourceMedia[];
  watermark: { id: string; video: boolean; audio: boolean };
  visibleLabel: boolean;
}

export interface DoppelRenderAssertion {
  renderId: string;
  models: ModelUse[];
  consents: ConsentReference[];
  sources: SourceMedia[];
  watermark: { id: string; video: boolean; audio: boolean; method: string };
  visibleLabel: boolean;
}

export function buildRenderManifestDefinition(facts: RenderManifestFacts): Record<string, unknown> {
  const softwareAgent = { name: facts.application.name, version: facts.application.version };
  const modelsByName = new Map(facts.models.map((model) => [model.name, model]));
  const actions = [
    {
      action: 'c2pa.created',
      when: facts.createdAt,
      softwareAgent,
      digitalSourceType: TRAINED_ALGORITHMIC_MEDIA,
      description: `Rendered by ${facts.application.name} from ${facts.sources.length} source file(s).`,
    },
    ...facts.operations.map((operation) => ({
      action: 'c2pa.edited',
      when: facts.createdAt,
      softwareAgent,
      digitalSourceType: TRAINED_ALGORITHMIC_MEDIA,
      description: operation.description,
      parameters: {
        'com.doppelstudio.operation': operation.kind,
        'com.doppelstudio.models': operation.modelNames.map((name) => {
          const model = modelsByName.get(name);
          return { name, version: model?.version ?? null, licence: model?.licence ?? 'unknown' };
        }),
      },
    })),
  ];
  const render: DoppelRenderAssertion = {
    renderId: facts.renderId,
    models: facts.models,
    consents: facts.consents,
    sources: facts.sources,
    watermark: { ...facts.watermark, method: WATERMARK_METHOD },
    visibleLabel: facts.visibleLabel,
  };
  return {
    claim_generator_info: [softwareAgent],
    title: facts.title,
    format: facts.format,
    assertions: [
      { label: 'c2pa.actions', data: { actions } },
      { label: DOPPEL_RENDER_ASSERTION, data: render },
    ],
  };
}
