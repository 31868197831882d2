// One entry point from a command (data) to the pure edit function that carries it out, over the
// timeline and its effects together. Used by the main side's timeline service inside a store
// transaction; the result always keeps the invariants (no overlaps, no orphan effects).
import { StudioError } from '../errors';
import { pasteClips, duplicateClips, linkClips, moveClips, splitClips, unlinkClips } from './clipEdits';
import type { EditCommand } from './editCommands';
import { withoutOrphanEffects, type EditContext, type EditState } from './editState';
import { addTrack, assertNoOverlaps, insertAsset, moveClip, removeClips } from './edits';
import { addEffect, moveEffect, removeEffect, setEffectEnabled, setEffectParams } from './effectEdits';
import { rippleDelete } from './rippleEdits';
import { moveTrack, removeTrack, renameTrack, setTrackFlags } from './trackEdits';
import { rollEdit, slipClip, trimClip, type SourceDurationOf } from './trimEdits';
import type { Clip } from '../model/schemas';

function sourceDurations(context: EditContext): SourceDurationOf {
  return (clip: Clip) => {
    const asset = context.asset(clip.assetId);
    // Stills have no length of their own: they can be stretched as far as wanted.
    if (!asset || asset.kind === 'image' || asset.durationUs === null || asset.durationUs <= 0) return null;
    return asset.durationUs;
  };
}

function withTimeline(state: EditState, timeline: EditState['timeline']): EditState {
  return timeline === state.timeline ? state : { ...state, timeline };
}

function dispatch(state: EditState, command: EditCommand, context: EditContext): EditState {
  const { timeline } = state;
  switch (command.type) {
    case 'insertAsset': {
      const asset = context.asset(command.assetId);
      if (!asset)
        throw new StudioError('NOT_FOUND', `There is no asset with id ${command.assetId} in this project.`);
      return withTimeline(
        state,
        insertAsset(timeline, {
          asset,
          trackId: command.trackId,
          startUs: command.startUs,
          newIds: { clipId: context.newId(), linkedClipId: context.newId(), linkGroup: context.newId() },
        }),
      );
    }
    case 'moveClip':
      return withTimeline(state, moveClip(timeline, command.clipId, command.trackId, command.startUs));
    case 'removeClips': {
      const clips = command.clipIds.map((id) => timeline.clips.find((clip) => clip.id === id));
      const locked = clips.find(
        (clip) => clip && timeline.tracks.find((track) => track.id === clip.trackId)?.locked,
      );
      if (locked)
        throw new StudioError(
          'INVALID_ARGUMENT',
          'A clip on a locked track cannot be deleted: unlock the track first.',
        );
      return withTimeline(state, removeClips(timeline, command.clipIds));
    }
    case 'addTrack':
      return withTimeline(state, addTrack(timeline, command.kind, context.newId(), command.name));
    case 'moveClips':
      return withTimeline(state, moveClips(timeline, command.clipIds, command.deltaUs));
    case 'trimClip':
      return withTimeline(
        state,
        trimClip(timeline, command.clipId, command.edge, command.toUs, sourceDurations(context)),
      );
    case 'rollEdit':
      return withTimeline(
        state,
        rollEdit(timeline, command.leftClipId, command.rightClipId, command.toUs, sourceDurations(context)),
      );
    case 'slipClip':
      return withTimeline(
        state,
        slipClip(timeline, command.clipId, command.deltaUs, sourceDurations(context)),
      );
    case 'splitClips':
      return splitClips(state, command.clipIds, command.atUs, context);
    case 'rippleDelete':
      return withTimeline(state, rippleDelete(timeline, command.clipIds));
    case 'pasteClips':
      return pasteClips(state, command.templates, command.startUs, context);
    case 'duplicateClips':
      return duplicateClips(state, command.clipIds, context);
    case 'linkClips':
      return withTimeline(state, linkClips(timeline, command.clipIds, context.newId()));
    case 'unlinkClips':
      return withTimeline(state, unlinkClips(timeline, command.clipIds));
    case 'renameTrack':
      return withTimeline(state, renameTrack(timeline, command.trackId, command.name));
    case 'setTrackFlags': {
      const { type: _type, trackId, ...flags } = command;
      return withTimeline(state, setTrackFlags(timeline, trackId, flags));
    }
    case 'moveTrack':
      return withTimeline(state, moveTrack(timeline, command.trackId, command.toIndex));
    case 'removeTrack':
      return withTimeline(state, removeTrack(timeline, command.trackId));
    case 'addEffect':
      return addEffect(state, command.clipId, command.kind, command.params ?? {}, context);
    case 'removeEffect':
      return removeEffect(state, command.effectId);
    case 'moveEffect':
      return moveEffect(state, command.effectId, command.toIndex);
    case 'setEffectEnabled':
      return setEffectEnabled(state, command.effectId, command.enabled);
    case 'setEffectParams':
      return setEffectParams(state, command.effectId, command.params);
  }
}

/** Applies a command; throws a StudioError (nothing changed) when it cannot be carried out. */
export function applyEditCommand(state: EditState, command: EditCommand, context: EditContext): EditState {
  const next = withoutOrphanEffects(dispatch(state, command, context));
  assertNoOverlaps(next.timeline);
  return next;
}

function clipCount(count: number): string {
  return count === 1 ? 'clip' : `${count} clips`;
}

/** The words the Edit menu and the history show for a command ("Undo Split clip"). */
export function describeEditCommand(command: EditCommand): string {
  switch (command.type) {
    case 'insertAsset':
      return 'Add clip';
    case 'moveClip':
      return 'Move clip';
    case 'removeClips':
      return `Delete ${clipCount(command.clipIds.length)}`;
    case 'addTrack':
      return `Add ${command.kind} track`;
    case 'moveClips':
      return `Move ${clipCount(command.clipIds.length)}`;
    case 'trimClip':
      return command.edge === 'in' ? 'Trim clip start' : 'Trim clip end';
    case 'rollEdit':
      return 'Roll edit';
    case 'slipClip':
      return 'Slip clip';
    case 'splitClips':
      return 'Split';
    case 'rippleDelete':
      return `Ripple delete ${clipCount(command.clipIds.length)}`;
    case 'pasteClips':
      return `Paste ${clipCount(command.templates.length)}`;
    case 'duplicateClips':
      return `Duplicate ${clipCount(command.clipIds.length)}`;
    case 'linkClips':
      return 'Link clips';
    case 'unlinkClips':
      return 'Unlink clips';
    case 'renameTrack':
      return 'Rename track';
    case 'setTrackFlags':
      return 'Change track settings';
    case 'moveTrack':
      return 'Reorder tracks';
    case 'removeTrack':
      return 'Remove track';
    case 'addEffect':
      return `Add ${command.kind} effect`;
    case 'removeEffect':
      return 'Remove effect';
    case 'moveEffect':
      return 'Reorder effects';
    case 'setEffectEnabled':
      return command.enabled ? 'Enable effect' : 'Disable effect';
    case 'setEffectParams':
      return 'Change effect settings';
  }
}
