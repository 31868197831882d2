// What a planned render uses, as far as consent, content safety and provenance care: the face and
// voice identities its effects name, the synthesis it performs (with its targets and sources for
// the content safety gate), the models its effects run, and every media file it reads. Read from
// the render plan, the frame processors' declarations (identityIdsOf, synthesis, requiredModels)
// and the project's identities and assets; pure apart from reading the store.
import { StudioError } from '../../shared/errors';
import type { AiOperation, SourceMedia } from '../engine/provenance/c2pa/renderManifest';
import type { FrameProcessor } from '../engine/render/frameProcessor';
import { modelsUsedBy } from '../engine/render/frameProcessor';
import type { FrameProcessorRegistry } from '../engine/render/frameProcessorRegistry';
import type { RenderSource } from '../engine/render/renderJob';
import type { RenderPlan } from '../engine/render/renderPlan';
import type { ProjectStore } from '../store/projectStore';

export interface RenderMediaUses {
  /** Every identity the render's effects use (unique, in first-use order). */
  identityIds: string[];
  /** One per synthesis effect kind, for the C2PA manifest. */
  operations: AiOperation[];
  /** Model ids the render's effects need (unique). */
  modelIds: string[];
  /** What the content safety gate must check; both empty when nothing is synthesised. */
  synthesis: { sources: string[]; targets: string[] };
  /** Every asset the render reads, for the manifest (title and sha256). */
  media: SourceMedia[];
}

interface UsedEffect {
  clipId: string;
  assetId: string | null;
  processor: FrameProcessor;
  params: unknown;
}

/**
 * The naming rule every effect's params follow: a top-level key ending in "IdentityId" (a string)
 * or "IdentityIds" (strings) names identities. Read as well as the processor's own identityIdsOf,
 * so an effect that forgets to declare its identities still cannot render one without consent.
 */
export function identityIdsNamedIn(params: unknown): string[] {
  if (typeof params !== 'object' || params === null) return [];
  const ids: string[] = [];
  for (const [key, value] of Object.entries(params)) {
    // '' is an identity not chosen yet (the inspector shows the empty field), not an identity.
    if (/IdentityId$|^identityId$/.test(key) && typeof value === 'string' && value !== '') ids.push(value);
    if (/IdentityIds$|^identityIds$/.test(key) && Array.isArray(value))
      ids.push(...value.filter((entry): entry is string => typeof entry === 'string'));
  }
  return ids;
}

function pushUnique(list: string[], values: Iterable<string>): void {
  for (const value of values) if (!list.includes(value)) list.push(value);
}

/** Enabled effects of every clip the plan reads (video segments and audio placements). */
function usedEffects(plan: RenderPlan, source: RenderSource, registry: FrameProcessorRegistry): UsedEffect[] {
  const assetOfClip = new Map<string, string | null>();
  for (const segment of plan.segments) if (segment.clipId) assetOfClip.set(segment.clipId, segment.assetId);
  for (const placement of plan.audio.placements) assetOfClip.set(placement.clipId, placement.assetId);
  const used: UsedEffect[] = [];
  for (const effect of source.effects) {
    if (!effect.enabled || !assetOfClip.has(effect.clipId) || !registry.has(effect.kind)) continue;
    const processor = registry.require(effect.kind);
    used.push({
      clipId: effect.clipId,
      assetId: assetOfClip.get(effect.clipId) ?? null,
      processor,
      params: processor.parseParams(effect.params),
    });
  }
  return used;
}

export function renderMediaUses(
  plan: RenderPlan,
  source: RenderSource,
  registry: FrameProcessorRegistry,
  store: Pick<ProjectStore, 'assets' | 'identities'>,
): RenderMediaUses {
  const identityIds: string[] = [];
  const modelIds: string[] = [];
  const operations = new Map<string, AiOperation>();
  const sourceAssetIds: string[] = [];
  const targetAssetIds: string[] = [];
  for (const effect of usedEffects(plan, source, registry)) {
    const { processor, params } = effect;
    const identities = [...(processor.identityIdsOf?.(params) ?? []), ...identityIdsNamedIn(params)];
    pushUnique(identityIds, identities);
    pushUnique(
      modelIds,
      modelsUsedBy(processor, params).map((model) => model.id),
    );
    // An effect that uses a face or voice identity synthesises from it, declared or not.
    const synthesis =
      processor.synthesis ??
      (identities.length > 0
        ? { operation: processor.id, description: `${processor.displayName}, from a consented identity.` }
        : undefined);
    if (!synthesis) continue;
    if (effect.assetId) pushUnique(targetAssetIds, [effect.assetId]);
    for (const identityId of identities) {
      pushUnique(
        sourceAssetIds,
        store.identities.listSources(identityId).map((row) => row.assetId),
      );
    }
    pushUnique(sourceAssetIds, processor.synthesis?.sourceAssetIdsOf?.(params) ?? []);
    const operation = operations.get(synthesis.operation) ?? {
      kind: synthesis.operation,
      description: synthesis.description,
      modelNames: [],
    };
    pushUnique(
      operation.modelNames,
      modelsUsedBy(processor, params).map((model) => model.id),
    );
    operations.set(synthesis.operation, operation);
  }
  const pathOf = (assetId: string): string => {
    const asset = store.assets.get(assetId);
    if (!asset) {
      throw new StudioError('NOT_FOUND', `The render uses asset ${assetId}, which is not in this project.`);
    }
    if (asset.status === 'missing') {
      throw new StudioError(
        'FILE_NOT_FOUND',
        `"${asset.name}" is missing (expected at ${asset.path}); relink it before rendering.`,
      );
    }
    return asset.path;
  };
  const readAssetIds: string[] = [];
  pushUnique(
    readAssetIds,
    plan.segments.flatMap((segment) => (segment.assetId ? [segment.assetId] : [])),
  );
  pushUnique(
    readAssetIds,
    plan.audio.placements.map((placement) => placement.assetId),
  );
  pushUnique(readAssetIds, sourceAssetIds);
  const media = readAssetIds.flatMap((assetId) => {
    const asset = store.assets.get(assetId);
    return asset ? [{ title: asset.name, sha256: asset.sha256 }] : [];
  });
  return {
    identityIds,
    operations: [...operations.values()],
    modelIds,
    synthesis: { sources: sourceAssetIds.map(pathOf), targets: targetAssetIds.map(pathOf) },
    media,
  };
}
