// timeline.* of the contract: the service turns an edit command (data) into a call of the pure
// edit functions in src/shared/timeline/edits.ts, then stores the result in one transaction.
import { randomUUID } from 'node:crypto';
import type { ServiceImplementation } from '../../shared/contracts/defineService';
import type { timelineService } from '../../shared/contracts/studioContract';
import { Emitter, type Disposable } from '../../shared/disposable';
import { StudioError } from '../../shared/errors';
import type { Timeline } from '../../shared/model/schemas';
import type { EditCommand } from '../../shared/timeline/editCommands';
import { addTrack, assertNoOverlaps, insertAsset, moveClip, removeClips } from '../../shared/timeline/edits';
import type { ProjectStore } from '../store/projectStore';
import type { ProjectSession } from './projectSession';

/** Applies one command to a timeline; the ids it needs are made here, outside the pure functions. */
export function applyEditCommand(store: ProjectStore, timeline: Timeline, command: EditCommand): Timeline {
  switch (command.type) {
    case 'insertAsset': {
      const asset = store.assets.get(command.assetId);
      if (!asset)
        throw new StudioError('NOT_FOUND', `There is no asset with id ${command.assetId} in this project.`);
      return insertAsset(timeline, {
        asset,
        trackId: command.trackId,
        startUs: command.startUs,
        newIds: { clipId: randomUUID(), linkedClipId: randomUUID(), linkGroup: randomUUID() },
      });
    }
    case 'moveClip':
      return moveClip(timeline, command.clipId, command.trackId, command.startUs);
    case 'removeClips':
      return removeClips(timeline, command.clipIds);
    case 'addTrack':
      return addTrack(timeline, command.kind, randomUUID(), command.name);
  }
}

export class TimelineServiceImpl implements ServiceImplementation<typeof timelineService>, Disposable {
  private readonly changed = new Emitter<Timeline>();
  readonly onDidChangeTimeline = this.changed.event;

  constructor(private readonly session: ProjectSession) {}

  async get(): Promise<Timeline> {
    return this.session.require().getTimeline();
  }

  async apply({ command }: { command: EditCommand }): Promise<Timeline> {
    const store = this.session.require();
    const next = store.transaction(() => {
      const updated = applyEditCommand(store, store.getTimeline(), command);
      assertNoOverlaps(updated);
      store.writeTimeline(updated);
      return store.getTimeline();
    });
    this.changed.fire(next);
    return next;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
