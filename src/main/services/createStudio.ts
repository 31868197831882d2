// The composition of every service, shared by the three hosts (Electron, browser mode, CLI).
import type { ServiceImplementation } from '../../shared/contracts/defineService';
import type { dialogService, StudioImplementations } from '../../shared/contracts/studioContract';
import { DisposableStore, type Disposable } from '../../shared/disposable';
import { RecentProjects } from '../userData/recentProjects';
import { AppServiceImpl } from './appService';
import { FaceServiceImpl } from './faceService';
import { UnsupportedDialogService } from './dialogService';
import { MediaServiceImpl } from './mediaService';
import { ModelServiceImpl } from './modelService';
import { ProjectServiceImpl } from './projectService';
import { ProjectSession } from './projectSession';
import { ConsentServiceImpl, IdentityChanges, IdentityServiceImpl } from './identityServices';
import { InspectorServiceImpl, ProvenanceServiceImpl } from './inspectorService';
import { lipSyncSourceResolver } from './lipSyncRenderSources';
import { faceSwapSourceResolver } from './faceSwapRenderSources';
import { PreviewServiceImpl } from './previewService';
import type { RenderSource } from '../engine/render/renderJob';
import type { ProjectStore } from '../store/projectStore';
import { RenderServiceImpl } from './renderService';
import { createStudioSafeguards } from './studioSafeguards';
import type { ContentSafetyGateFactory, StudioContentSafety } from './studioContentSafety';
import { TimelineServiceImpl } from './timelineService';
import { VoiceServiceImpl } from './voiceService';
import { installedVoiceCloneRvcFiles, resolveVoiceCloneEffects } from './voiceCloneRenderSources';

export interface StudioOptions {
  mode: 'electron' | 'browser' | 'cli';
  dataDir: string;
  dialogs?: ServiceImplementation<typeof dialogService>;
}

export interface Studio extends Disposable {
  readonly session: ProjectSession;
  readonly services: StudioImplementations;
  readonly dataDir: string;
  /** The content safety gate every synthesis path calls first (see studioContentSafety.ts). */
  readonly safety: StudioContentSafety;
}

/**
 * Parts the refusal tests assemble differently. The gate factory must return a ContentSafetyGate,
 * which only the safety engine can build (engine/safety/noOffSwitch.test.ts): production passes
 * nothing and gets the three embedded classifiers; tests pass the project's flag-everything fixture.
 */
export interface StudioTestParts {
  contentSafetyGate?: ContentSafetyGateFactory;
}

export function createStudio(options: StudioOptions, testParts: StudioTestParts = {}): Studio {
  const disposables = new DisposableStore();
  const session = disposables.add(new ProjectSession());
  const media = disposables.add(new MediaServiceImpl(session));
  const timeline = disposables.add(new TimelineServiceImpl(session));
  // Model packs (face swap, lip sync, voice): installed into <dataDir>/models, checked before a render.
  const models = disposables.add(new ModelServiceImpl({ dataDir: options.dataDir }));
  // Consent, content safety and provenance (watermark + C2PA) on every render; the gate for previews.
  // The C2PA manifest cites installed pack models with their licences (models.describeModel).
  const safeguards = disposables.add(
    createStudioSafeguards(session, options.dataDir, testParts.contentSafetyGate, (modelId) =>
      models.describeModel(modelId),
    ),
  );
  const lipSyncSources = lipSyncSourceResolver(options.dataDir, () => services.faces);
  // Face swap effects need their source face, the clip's face analysis and the targets looked up.
  const faceSwapSources = faceSwapSourceResolver(options.dataDir, () => services.faces);
  const resolveEffects = async (store: ProjectStore, source: RenderSource): Promise<RenderSource> =>
    faceSwapSources(store, await lipSyncSources(store, source));
  const findRvcFiles = installedVoiceCloneRvcFiles(options.dataDir);
  const render = disposables.add(
    new RenderServiceImpl(session, {
      isModelInstalled: (modelId) => models.isModelInstalled(modelId),
      preflight: safeguards.renderPreflight,
      // Lip sync effects need their speech, face analysis and model looked up in the project first.
      // Voice clone effects convert their clips' sound into the project cache (renders only: a
      // preview frame has no sound).
      resolveSource: async (store, source) =>
        resolveVoiceCloneEffects(store, await resolveEffects(store, source), { findRvcFiles }),
    }),
  );
  // The viewer's processed frame: effects resolved as for a render, every frame through the gate.
  const preview = disposables.add(
    new PreviewServiceImpl(session, {
      resolveSource: resolveEffects,
      gateForStore: (store) => safeguards.safety.gateForStore(store),
    }),
  );
  const identityChanges = disposables.add(new IdentityChanges(session));
  const services: StudioImplementations = {
    app: new AppServiceImpl(options.mode, options.dataDir),
    project: new ProjectServiceImpl(session, new RecentProjects(options.dataDir)),
    media,
    timeline,
    dialogs: options.dialogs ?? new UnsupportedDialogService(),
    render,
    identities: new IdentityServiceImpl(identityChanges),
    consent: new ConsentServiceImpl(identityChanges, media),
    inspector: disposables.add(
      new InspectorServiceImpl(options.dataDir, { contentSafety: safeguards.contentSafetyInspector }),
    ),
    provenance: new ProvenanceServiceImpl(options.dataDir),
    faces: disposables.add(
      new FaceServiceImpl(session, options.dataDir, {
        onDidChangeIdentities: () => identityChanges.announce(),
      }),
    ),
    voice: disposables.add(
      new VoiceServiceImpl(session, media, {
        dataDir: options.dataDir,
        onDidChangeIdentities: () => identityChanges.announce(),
      }),
    ),
    models,
    preview,
  };
  return {
    session,
    services,
    dataDir: options.dataDir,
    safety: safeguards.safety,
    dispose: () => disposables.dispose(),
  };
}
