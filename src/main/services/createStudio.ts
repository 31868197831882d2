// The composition of every service, shared by the three hosts (Electron, browser mode, CLI).
import type { ServiceImplementation } from '../../shared/contracts/defineService';
import type { dialogService, StudioImplementations } from '../../shared/contracts/studioContract';
import { DisposableStore, type Disposable } from '../../shared/disposable';
import { RecentProjects } from '../userData/recentProjects';
import { AppServiceImpl } from './appService';
import { FaceServiceImpl } from './faceService';
import { UnsupportedDialogService } from './dialogService';
import { MediaServiceImpl } from './mediaService';
import { ProjectServiceImpl } from './projectService';
import { ProjectSession } from './projectSession';
import { ConsentServiceImpl, IdentityChanges, IdentityServiceImpl } from './identityServices';
import { InspectorServiceImpl, ProvenanceServiceImpl } from './inspectorService';
import { RenderServiceImpl } from './renderService';
import { TimelineServiceImpl } from './timelineService';

export interface StudioOptions {
  mode: 'electron' | 'browser' | 'cli';
  dataDir: string;
  dialogs?: ServiceImplementation<typeof dialogService>;
}

export interface Studio extends Disposable {
  readonly session: ProjectSession;
  readonly services: StudioImplementations;
  readonly dataDir: string;
}

export function createStudio(options: StudioOptions): Studio {
  const disposables = new DisposableStore();
  const session = disposables.add(new ProjectSession());
  const media = disposables.add(new MediaServiceImpl(session));
  const timeline = disposables.add(new TimelineServiceImpl(session));
  const render = disposables.add(new RenderServiceImpl(session));
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
    inspector: new InspectorServiceImpl(options.dataDir),
    provenance: new ProvenanceServiceImpl(options.dataDir),
    faces: disposables.add(
      new FaceServiceImpl(session, options.dataDir, {
        onDidChangeIdentities: () => identityChanges.announce(),
      }),
    ),
  };
  return { session, services, dataDir: options.dataDir, dispose: () => disposables.dispose() };
}
