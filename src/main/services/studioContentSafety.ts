// The studio's one content safety gate (engine/safety), shared by every synthesis path: renders,
// the face-swap preview, the CLI's swap and lip-sync commands, and the inspector's verdict. The
// classifiers load on first use (converting them takes seconds the first time on a machine, so a
// studio that never synthesises never pays for it); each open project gets a view of the gate that
// caches verdicts in its own cache folder.
//
//   const gate = await studio.safety.gateForOpenProject();
//   await gate.checkBeforeSynthesis({ sources: [sourcePhoto], targets: [targetVideo] }); // CONTENT_REFUSED
//   await studio.safety.checkPreviewFrame({ picture, targetPath, timeUs });              // per preview frame
//
// There is no way to get a gate that does not check: the factory is fixed when the studio is
// composed (createStudio passes createContentSafetyGate; only the refusal tests pass their
// flag-everything fixture), and nothing here takes an option.
import type { Disposable } from '../../shared/disposable';
import type {
  ContentSafetyGate,
  PreviewFrameCheck,
  SafetyClearance,
  SynthesisCheckRequest,
} from '../engine/safety/contentSafetyGate';
import type { PictureVerdict } from '../engine/safety/contentVote';
import type { ProjectStore } from '../store/projectStore';
import type { ProjectSession } from './projectSession';

export type ContentSafetyGateFactory = () => Promise<ContentSafetyGate>;

export class StudioContentSafety implements Disposable {
  private gate: Promise<ContentSafetyGate> | undefined;
  private readonly projectGates = new Map<string, ContentSafetyGate>();
  private disposed = false;

  constructor(
    private readonly session: ProjectSession,
    private readonly createGate: ContentSafetyGateFactory,
  ) {}

  /** The gate with the open project's verdict cache (no cache when no project is open). */
  async gateForOpenProject(): Promise<ContentSafetyGate> {
    return this.gateForStore(this.session.store);
  }

  async gateForStore(store: ProjectStore | null): Promise<ContentSafetyGate> {
    const shared = await this.sharedGate();
    if (store === null || !store.isOpen) return shared;
    let gate = this.projectGates.get(store.cacheDir);
    if (gate === undefined) {
      gate = shared.forProject(store.cacheDir);
      this.projectGates.set(store.cacheDir, gate);
    }
    return gate;
  }

  /** The one call for a synthesis path (CLI swap / lip sync): throws CONTENT_REFUSED before any work. */
  async checkBeforeSynthesis(request: SynthesisCheckRequest): Promise<SafetyClearance> {
    return (await this.gateForOpenProject()).checkBeforeSynthesis(request);
  }

  /**
   * The one call for each frame a preview is about to synthesise from (the face-swap and lip-sync
   * previews): throws CONTENT_REFUSED for a flagged frame, before the frame is processed.
   */
  async checkPreviewFrame(check: PreviewFrameCheck): Promise<PictureVerdict> {
    return (await this.gateForOpenProject()).checkPreviewFrame(check);
  }

  dispose(): void {
    this.disposed = true;
    for (const gate of this.projectGates.values()) gate.dispose();
    this.projectGates.clear();
    const pending = this.gate;
    this.gate = undefined;
    void pending?.then(
      (gate) => gate.dispose(),
      () => undefined,
    );
  }

  private sharedGate(): Promise<ContentSafetyGate> {
    if (this.disposed) return Promise.reject(new Error('The studio has been closed.'));
    if (this.gate === undefined) {
      const loading = this.createGate();
      this.gate = loading;
      // A failed load (a model that cannot be converted) is retried on the next call.
      loading.catch(() => {
        if (this.gate === loading) this.gate = undefined;
      });
    }
    return this.gate;
  }
}
