// The always-on parts of a studio (DESIGN.md §5, issues 8 and 9), composed once per studio by
// createStudio: the inference session pool the content safety classifiers run in, the studio's one
// content safety gate (loaded on first use), the render preflight (consent, C2PA-capable output,
// content safety, then the provenance encode stage), and the inspector's content safety verdict.
// There are no options that loosen anything: every studio gets the same safeguards. Only the
// refusal tests hand in another gate factory (the project's flag-everything fixture classifiers);
// a ContentSafetyGate can only be built by the safety engine (noOffSwitch.test.ts).
import { DisposableStore, type Disposable } from '../../shared/disposable';
import { InferenceSessionPool } from '../engine/inference/sessionPool';
import {
  contentSafetyInspector,
  type ContentSafetyInspector,
} from '../engine/provenance/inspector/contentSafetyVerdict';
import { createContentSafetyGate } from '../engine/safety/contentSafetyGate';
import type { ProjectSession } from './projectSession';
import type { DescribeModel } from './renderModelLicences';
import { createRenderSafeguards, type RenderPreflight } from './renderSafeguards';
import { StudioContentSafety, type ContentSafetyGateFactory } from './studioContentSafety';

export interface StudioSafeguards extends Disposable {
  readonly pool: InferenceSessionPool;
  readonly safety: StudioContentSafety;
  readonly renderPreflight: RenderPreflight;
  readonly contentSafetyInspector: ContentSafetyInspector;
}

export function createStudioSafeguards(
  session: ProjectSession,
  dataDir: string,
  gateFactory?: ContentSafetyGateFactory,
  /** Licences of installed model packs for the C2PA manifest (the models service). */
  describeModel?: DescribeModel,
): StudioSafeguards {
  const disposables = new DisposableStore();
  const pool = disposables.add(new InferenceSessionPool());
  const safety = disposables.add(
    new StudioContentSafety(session, gateFactory ?? (() => createContentSafetyGate({ dataDir, pool }))),
  );
  return {
    pool,
    safety,
    renderPreflight: createRenderSafeguards({ dataDir, safety, ...(describeModel ? { describeModel } : {}) }),
    contentSafetyInspector: contentSafetyInspector(() => safety.gateForOpenProject()),
    dispose: () => disposables.dispose(),
  };
}
