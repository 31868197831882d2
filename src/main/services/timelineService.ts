// timeline.* of the contract. Every edit is a command (data) carried out by the pure functions of
// src/shared/timeline inside ONE store transaction that also records the change for undo: each
// edit is saved the moment it is applied (that is the autosave), so a crash loses nothing that
// was applied, and undo/redo survive closing the project. Markers and in/out points are saved
// too but are not undoable, like the playhead and the zoom.
import { randomUUID } from 'node:crypto';
import type { ServiceImplementation } from '../../shared/contracts/defineService';
import type { timelineService } from '../../shared/contracts/studioContract';
import { Emitter, type Disposable } from '../../shared/disposable';
import type { Timeline } from '../../shared/model/schemas';
import { applyEditCommand, describeEditCommand } from '../../shared/timeline/applyEditCommand';
import type { EditCommand } from '../../shared/timeline/editCommands';
import {
  applyEditPatch,
  diffEditStates,
  isEmptyPatch,
  type HistoryState,
} from '../../shared/timeline/editHistory';
import { effectParamFieldSchema } from '../../shared/timeline/effectParamFields';
import type { ClipEffect, EditContext, EffectKind } from '../../shared/timeline/editState';
import type { TimelineMarks } from '../../shared/timeline/timelineMarks';
import { builtInFrameProcessorFactories } from '../engine/render/builtInFrameProcessors';
import { PASS_THROUGH_PROCESSOR_ID } from '../engine/render/processors/passThroughProcessor';
import type { ProjectStore } from '../store/projectStore';
import type { ProjectSession } from './projectSession';

/** Where the effect kinds come from: by default, the render engine's frame processors. */
export type EffectKindSource = () => readonly EffectKind[];

/**
 * One effect kind per built-in frame processor (the face engine's join that list), with the
 * parameters a new effect starts with: what the processor's own parser fills in for `{}`.
 */
export function effectKindsFromFrameProcessors(): EffectKind[] {
  const kinds: EffectKind[] = [];
  for (const factory of builtInFrameProcessorFactories) {
    const processor = factory();
    if (processor.id === PASS_THROUGH_PROCESSOR_ID) continue; // a pipeline test aid, not an effect
    let defaultParams: Record<string, unknown> = {};
    try {
      const parsed = processor.parseParams({});
      if (parsed && typeof parsed === 'object') defaultParams = { ...(parsed as Record<string, unknown>) };
    } catch {
      // A processor that needs params (a face identity, say) starts empty; the inspector fills them in.
    }
    // Parsed so that a malformed declaration fails here, at start-up, not in the inspector.
    const fields = processor.paramFields?.map((field) => effectParamFieldSchema.parse(field));
    // A param the inspector offers but the defaults leave absent (a source face not chosen yet)
    // starts at its field's default, so a new effect stores it and the generic paths see it too.
    for (const field of fields ?? []) {
      if (!(field.name in defaultParams) && field.default !== undefined)
        defaultParams[field.name] = field.default;
    }
    const models = processor.requiredModels.map((model) => model.id);
    kinds.push({
      kind: processor.id,
      label: processor.displayName,
      description: models.length > 0 ? `Needs the models ${models.join(', ')}.` : '',
      defaultParams,
      ...(fields ? { fields } : {}),
    });
  }
  return kinds;
}

let cachedKinds: EffectKind[] | null = null;
const FRAME_PROCESSOR_KINDS: EffectKindSource = () => (cachedKinds ??= effectKindsFromFrameProcessors());

export class TimelineServiceImpl implements ServiceImplementation<typeof timelineService>, Disposable {
  private readonly timelineChanged = new Emitter<Timeline>();
  private readonly effectsChanged = new Emitter<ClipEffect[]>();
  private readonly historyChanged = new Emitter<HistoryState>();
  private readonly marksChanged = new Emitter<TimelineMarks>();
  readonly onDidChangeTimeline = this.timelineChanged.event;
  readonly onDidChangeEffects = this.effectsChanged.event;
  readonly onDidChangeHistory = this.historyChanged.event;
  readonly onDidChangeMarks = this.marksChanged.event;

  constructor(
    private readonly session: ProjectSession,
    private readonly effectKinds: EffectKindSource = FRAME_PROCESSOR_KINDS,
  ) {}

  async get(): Promise<Timeline> {
    return this.session.require().getTimeline();
  }

  async apply({ command }: { command: EditCommand }): Promise<Timeline> {
    const store = this.session.require();
    const result = store.transaction(() => {
      const before = store.getEditState();
      const after = applyEditCommand(before, command, this.editContext(store));
      const { forward, inverse } = diffEditStates(before, after);
      if (isEmptyPatch(forward)) return { changedEffects: false, changed: false };
      store.writeEditState(after);
      store.history.record(describeEditCommand(command), forward, inverse);
      return {
        changedEffects: forward.effects.upsert.length + forward.effects.remove.length > 0,
        changed: true,
      };
    });
    return this.announce(store, result.changed, result.changedEffects);
  }

  async undo(): Promise<Timeline> {
    return this.step('undo');
  }

  async redo(): Promise<Timeline> {
    return this.step('redo');
  }

  async canUndo(): Promise<HistoryState> {
    return this.session.require().history.state();
  }

  async listEffects(): Promise<ClipEffect[]> {
    return this.session.require().getEditState().effects;
  }

  async listEffectKinds(): Promise<EffectKind[]> {
    return [...this.effectKinds()];
  }

  async getMarks(): Promise<TimelineMarks> {
    return this.session.require().readTimelineMarks();
  }

  async setMarks({ marks }: { marks: TimelineMarks }): Promise<TimelineMarks> {
    const store = this.session.require();
    store.writeTimelineMarks(marks);
    const saved = store.readTimelineMarks();
    this.marksChanged.fire(saved);
    return saved;
  }

  dispose(): void {
    this.timelineChanged.dispose();
    this.effectsChanged.dispose();
    this.historyChanged.dispose();
    this.marksChanged.dispose();
  }

  /** Undo writes the rows an edit changed back as they were; redo writes them as the edit left them. */
  private step(direction: 'undo' | 'redo'): Promise<Timeline> {
    const store = this.session.require();
    const result = store.transaction(() => {
      const entry = direction === 'undo' ? store.history.nextUndo() : store.history.nextRedo();
      if (!entry) return { changed: false, changedEffects: false };
      const patch = direction === 'undo' ? entry.inverse : entry.forward;
      store.writeEditState(applyEditPatch(store.getEditState(), patch));
      if (direction === 'undo') store.history.markUndone(entry);
      else store.history.markRedone(entry);
      return { changed: true, changedEffects: patch.effects.upsert.length + patch.effects.remove.length > 0 };
    });
    return this.announce(store, result.changed, result.changedEffects);
  }

  private async announce(store: ProjectStore, changed: boolean, changedEffects: boolean): Promise<Timeline> {
    const timeline = store.getTimeline();
    if (changed) {
      this.timelineChanged.fire(timeline);
      if (changedEffects) this.effectsChanged.fire(store.getEditState().effects);
      this.historyChanged.fire(store.history.state());
    }
    return timeline;
  }

  private editContext(store: ProjectStore): EditContext {
    const kinds = this.effectKinds();
    return {
      asset: (assetId) => store.assets.get(assetId),
      newId: () => randomUUID(),
      effectKinds: kinds.map((kind) => kind.kind),
      effectDefaults: (kind) => kinds.find((candidate) => candidate.kind === kind)?.defaultParams ?? {},
    };
  }
}
