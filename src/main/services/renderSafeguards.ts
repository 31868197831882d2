// What every render of the studio goes through before it is queued (issues 8 and 9), so that a
// refusal leaves the project file, its cache and the output folder untouched. Two phases, because
// the project side completes some effects (face analysis for a face swap or lip sync, which writes
// to the project cache and takes minutes) between them:
//   checkSource, on the effects as stored, before anything is resolved or analysed:
//     1. consent: every face and voice identity the render's effects use has a consent record
//        (CONSENT_MISSING names the ones that do not);
//     2. the content safety gate, when an effect synthesises (face swap, lip sync): the sources and
//        targets are classified and CONTENT_REFUSED stops the render before any synthesis;
//   guard, on the prepared render (resolved effects, checked plan):
//     3. consent again (resolution may name a voice identity) and an output container that can
//        carry a signed C2PA manifest (UNSUPPORTED_FORMAT for WebM);
//     4. the gate for any source or target resolution added that checkSource did not clear.
// guard returns the provenance encode-stage extension for the render (visible label if asked for,
// video and audio watermarks, C2PA signing after the encode) and a dispose() for its scratch
// folder. createStudio hands this to the render service; the service calls both for every render.
import { randomUUID } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RenderRequest } from '../../shared/contracts/renderContract';
import { APP_VERSION } from '../appVersion';
import { ConsentLedger } from '../engine/provenance/consent/consentLedger';
import { beginRenderProvenance, type RenderProvenance } from '../engine/provenance/renderProvenance';
import type { EncodeStageContributor } from '../engine/render/encodeStage';
import type { FrameProcessorRegistry } from '../engine/render/frameProcessorRegistry';
import { RENDER_AUDIO_SAMPLE_RATE, type PreparedRender, type RenderSource } from '../engine/render/renderJob';
import { buildRenderPlan } from '../engine/render/renderPlan';
import { resolveRenderSettings } from '../engine/render/renderSettings';
import type { ProjectStore } from '../store/projectStore';
import { renderMediaUses, type RenderMediaUses } from './renderMediaUses';
import { renderModelUses, type DescribeModel } from './renderModelLicences';
import type { StudioContentSafety } from './studioContentSafety';

export interface RenderSourceCheckInput {
  request: RenderRequest;
  /** The render source as stored, before the project side completes any effect. */
  source: RenderSource;
  store: ProjectStore;
  registry: FrameProcessorRegistry;
}

/** What checkSource cleared: the media the gate has already passed for this render. */
export interface SourceClearance {
  clearedPaths: ReadonlySet<string>;
}

export interface RenderPreflightInput {
  renderId: string;
  request: RenderRequest;
  prepared: PreparedRender;
  source: RenderSource;
  store: ProjectStore;
  registry: FrameProcessorRegistry;
  /** From checkSource; without one, guard runs the gate on everything itself. */
  clearance?: SourceClearance;
}

/** A render that passed its checks: what to plug into its encoder, and what to clean up after. */
export interface GuardedRender {
  encodeStage: readonly EncodeStageContributor[];
  uses: RenderMediaUses;
  /** Removes the render's scratch folder; safe to call more than once. */
  dispose(): Promise<void>;
}

export interface RenderPreflight {
  checkSource(input: RenderSourceCheckInput): Promise<SourceClearance>;
  guard(input: RenderPreflightInput): Promise<GuardedRender>;
}

export interface RenderSafeguardsOptions {
  /** The user data folder: the signing key lives there. */
  dataDir: string;
  safety: Pick<StudioContentSafety, 'gateForStore'>;
  /** Licences of installed model packs (the model store); embedded models answer for themselves. */
  describeModel?: DescribeModel;
  /** Where the watermark pattern and label images are written for the encoder (default: tmpdir). */
  scratchRoot?: string;
}

const APPLICATION = { name: 'Doppel Studio', version: APP_VERSION };

/** The media uses of the stored source: the plan is made as the render will make it, minus preCheck. */
function storedSourceUses({ request, source, store, registry }: RenderSourceCheckInput): RenderMediaUses {
  const settings = resolveRenderSettings(request.outputPath, request.preset, request.codec, source.project);
  const plan = buildRenderPlan({
    timeline: source.timeline,
    assets: new Map(source.assets.map((asset) => [asset.id, asset])),
    effects: source.effects,
    width: settings.width,
    height: settings.height,
    range: request.range,
    audioSampleRate: RENDER_AUDIO_SAMPLE_RATE,
  });
  return renderMediaUses(plan, source, registry, store);
}

/** The preflight createStudio gives the render service. */
export function createRenderSafeguards(options: RenderSafeguardsOptions): RenderPreflight {
  const checkWithGate = async (
    store: ProjectStore,
    synthesis: RenderMediaUses['synthesis'],
    cleared: ReadonlySet<string>,
  ): Promise<void> => {
    const sources = synthesis.sources.filter((path) => !cleared.has(path));
    const targets = synthesis.targets.filter((path) => !cleared.has(path));
    if (sources.length === 0 && targets.length === 0) return;
    const gate = await options.safety.gateForStore(store);
    await gate.checkBeforeSynthesis({ sources, targets });
  };
  const checkSource = async (input: RenderSourceCheckInput): Promise<SourceClearance> => {
    const uses = storedSourceUses(input);
    new ConsentLedger(input.store).assertConsentForRender(uses.identityIds);
    await checkWithGate(input.store, uses.synthesis, new Set());
    return { clearedPaths: new Set([...uses.synthesis.sources, ...uses.synthesis.targets]) };
  };
  const guard = async ({
    renderId,
    request,
    prepared,
    source,
    store,
    registry,
    clearance,
  }: RenderPreflightInput): Promise<GuardedRender> => {
    const uses = renderMediaUses(prepared.plan, source, registry, store);
    const workDir = join(
      options.scratchRoot ?? tmpdir(),
      `doppel-render-${renderId}-${randomUUID().slice(0, 8)}`,
    );
    const { settings, plan } = prepared;
    // Consent and the container are checked here, before the (slower) safety gate.
    const provenance: RenderProvenance = await beginRenderProvenance({
      renderId,
      identityIds: uses.identityIds,
      ledger: new ConsentLedger(store),
      dataDir: options.dataDir,
      workDir,
      outputPath: prepared.outputPath,
      video: { width: settings.width, height: settings.height },
      // The render pipeline always mixes a stereo track (silent where nothing is audible).
      audio: { sampleRate: plan.audio.sampleRate, channels: 2 },
      application: APPLICATION,
      operations: uses.operations,
      models: await renderModelUses(uses.modelIds, options.describeModel),
      sources: uses.media,
      visibleLabel: request.visibleLabel === true,
    });
    await checkWithGate(store, uses.synthesis, clearance?.clearedPaths ?? new Set());
    let created = false;
    return {
      uses,
      encodeStage: [
        async () => {
          await mkdir(workDir, { recursive: true });
          created = true;
          return provenance.encodeExtension();
        },
      ],
      async dispose() {
        if (created) await rm(workDir, { recursive: true, force: true });
      },
    };
  };
  return { checkSource, guard };
}
