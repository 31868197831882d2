// Clip edits beyond insert/move/remove (./edits.ts): split at a time, move several clips at once,
// paste or duplicate clips (with their effects), link and unlink. Pure: ids come from the context.
import { StudioError } from '../errors';
import type { Clip, Timeline } from '../model/schemas';
import { snapToFrame } from '../time';
import {
  assertClipsUnlocked,
  assertTracksUnlocked,
  findClip,
  findTrack,
  withLinkedClipIds,
} from './clipLookup';
import { clipDuration, clipEnd, firstFreeStart } from './edits';
import type { ClipEffect, EditContext, EditState } from './editState';

/**
 * Splits each listed clip (and its linked clips) that spans `atUs` into two clips meeting at the
 * frame nearest `atUs`. The right halves get new ids, a new shared link group and copies of
 * their originals' effects. Clips that do not span the time are left alone; none spanning is an error.
 */
export function splitClips(
  state: EditState,
  clipIds: readonly string[],
  atUs: number,
  context: EditContext,
): EditState {
  const { timeline } = state;
  const at = snapToFrame(atUs, timeline.fps);
  const candidates = [...withLinkedClipIds(timeline, clipIds)].map((id) => findClip(timeline, id));
  const toSplit = candidates.filter((clip) => clip.startUs < at && at < clipEnd(clip));
  if (toSplit.length === 0) {
    throw new StudioError(
      'INVALID_ARGUMENT',
      'No selected clip is under the playhead: there is nothing to split.',
    );
  }
  assertClipsUnlocked(timeline, toSplit);
  const splitIds = new Map(toSplit.map((clip) => [clip.id, context.newId()]));
  const newGroups = new Map<string, string>();
  const rightHalves: Clip[] = [];
  const clips = timeline.clips.map((clip) => {
    const rightId = splitIds.get(clip.id);
    if (!rightId) return clip;
    const cutInSource = clip.inUs + (at - clip.startUs);
    let linkGroup: string | null = null;
    if (clip.linkGroup) {
      if (!newGroups.has(clip.linkGroup)) newGroups.set(clip.linkGroup, context.newId());
      linkGroup = newGroups.get(clip.linkGroup)!;
    }
    rightHalves.push({ ...clip, id: rightId, startUs: at, inUs: cutInSource, linkGroup });
    return { ...clip, outUs: cutInSource };
  });
  const copiedEffects: ClipEffect[] = state.effects
    .filter((effect) => splitIds.has(effect.clipId))
    .map((effect) => ({ ...effect, id: context.newId(), clipId: splitIds.get(effect.clipId)! }));
  return {
    timeline: { ...timeline, clips: [...clips, ...rightHalves] },
    effects: [...state.effects, ...copiedEffects],
  };
}

/**
 * The smallest extra offset (>= 0) at which every span fits on its track without overlapping a
 * clip outside `ignoreIds`. Spans are [trackId, start, duration] at offset 0.
 */
function offsetWhereAllFit(
  timeline: Timeline,
  spans: readonly { trackId: string; startUs: number; durationUs: number }[],
  ignoreIds: ReadonlySet<string>,
): number {
  let offset = 0;
  for (let guard = 0; guard < 10_000; guard += 1) {
    let moved = false;
    for (const span of spans) {
      const wanted = span.startUs + offset;
      const free = firstFreeStart(timeline, span.trackId, wanted, span.durationUs, ignoreIds);
      if (free !== wanted) {
        offset += free - wanted;
        moved = true;
      }
    }
    if (!moved) return offset;
  }
  throw new StudioError('INTERNAL', 'No free place was found for the clips.');
}

/**
 * Moves several clips (and their linked clips) by the same offset, each on its own track. Where
 * the wanted place is taken, they move on to the first place where all of them fit.
 */
export function moveClips(timeline: Timeline, clipIds: readonly string[], deltaUs: number): Timeline {
  const ids = withLinkedClipIds(timeline, clipIds);
  const group = [...ids].map((id) => findClip(timeline, id));
  if (group.length === 0) return timeline;
  assertClipsUnlocked(timeline, group);
  const earliest = Math.min(...group.map((clip) => clip.startUs));
  const wantedEarliest = snapToFrame(Math.max(0, earliest + deltaUs), timeline.fps);
  const delta = wantedEarliest - earliest;
  const extra = offsetWhereAllFit(
    timeline,
    group.map((clip) => ({
      trackId: clip.trackId,
      startUs: clip.startUs + delta,
      durationUs: clipDuration(clip),
    })),
    ids,
  );
  const total = delta + extra;
  if (total === 0) return timeline;
  return {
    ...timeline,
    clips: timeline.clips.map((clip) =>
      ids.has(clip.id) ? { ...clip, startUs: clip.startUs + total } : clip,
    ),
  };
}

/** One clip of a copied set: where it goes relative to the set's start, and what it shows. */
export interface ClipTemplate {
  trackId: string;
  assetId: string;
  offsetUs: number;
  inUs: number;
  outUs: number;
  /** Templates sharing a key become one new link group. */
  linkKey: string | null;
  effects: { kind: string; params: Record<string, unknown>; enabled: boolean }[];
}

/** Copies clips (and their effects) as templates relative to the earliest of them. */
export function clipTemplates(state: EditState, clipIds: readonly string[]): ClipTemplate[] {
  const clips = clipIds.map((id) => findClip(state.timeline, id));
  if (clips.length === 0) return [];
  const earliest = Math.min(...clips.map((clip) => clip.startUs));
  return clips.map((clip) => ({
    trackId: clip.trackId,
    assetId: clip.assetId,
    offsetUs: clip.startUs - earliest,
    inUs: clip.inUs,
    outUs: clip.outUs,
    linkKey: clip.linkGroup,
    effects: state.effects
      .filter((effect) => effect.clipId === clip.id)
      .sort((a, b) => a.order - b.order)
      .map((effect) => ({ kind: effect.kind, params: effect.params, enabled: effect.enabled })),
  }));
}

/**
 * Places copies of `templates` starting at `startUs` (or the first later place where all fit),
 * with new ids, new link groups and copies of their effects.
 */
export function pasteClips(
  state: EditState,
  templates: readonly ClipTemplate[],
  startUs: number,
  context: EditContext,
): EditState {
  const { timeline } = state;
  if (templates.length === 0) return state;
  for (const template of templates) {
    const track = findTrack(timeline, template.trackId);
    const asset = context.asset(template.assetId);
    if (!asset)
      throw new StudioError('NOT_FOUND', `There is no asset with id ${template.assetId} in this project.`);
    const wantedKind = asset.kind === 'audio' ? 'audio' : 'video';
    const kindOnTrack =
      track.kind === 'audio' && asset.kind === 'video' && asset.hasAudio ? 'audio' : wantedKind;
    if (track.kind !== kindOnTrack) {
      throw new StudioError(
        'INVALID_ARGUMENT',
        `A ${asset.kind} clip cannot go on the ${track.kind} track "${track.name}".`,
      );
    }
    if (template.outUs <= template.inUs)
      throw new StudioError('INVALID_ARGUMENT', 'A pasted clip needs out > in.');
  }
  assertTracksUnlocked(
    timeline,
    templates.map((template) => template.trackId),
  );
  const base = snapToFrame(Math.max(0, startUs), timeline.fps);
  const extra = offsetWhereAllFit(
    timeline,
    templates.map((template) => ({
      trackId: template.trackId,
      startUs: base + template.offsetUs,
      durationUs: template.outUs - template.inUs,
    })),
    new Set(),
  );
  const groups = new Map<string, string>();
  const clips: Clip[] = [];
  const effects: ClipEffect[] = [];
  for (const template of templates) {
    const id = context.newId();
    let linkGroup: string | null = null;
    if (template.linkKey) {
      if (!groups.has(template.linkKey)) groups.set(template.linkKey, context.newId());
      linkGroup = groups.get(template.linkKey)!;
    }
    clips.push({
      id,
      trackId: template.trackId,
      assetId: template.assetId,
      startUs: base + extra + template.offsetUs,
      inUs: template.inUs,
      outUs: template.outUs,
      linkGroup,
    });
    template.effects.forEach((effect, order) =>
      effects.push({
        id: context.newId(),
        clipId: id,
        kind: effect.kind,
        params: effect.params,
        order,
        enabled: effect.enabled,
      }),
    );
  }
  // A template whose link partner was not copied stays alone rather than in a group of one.
  const counts = new Map<string, number>();
  for (const clip of clips)
    if (clip.linkGroup) counts.set(clip.linkGroup, (counts.get(clip.linkGroup) ?? 0) + 1);
  const placed = clips.map((clip) =>
    clip.linkGroup && counts.get(clip.linkGroup) === 1 ? { ...clip, linkGroup: null } : clip,
  );
  return {
    timeline: { ...timeline, clips: [...timeline.clips, ...placed] },
    effects: [...state.effects, ...effects],
  };
}

/** Copies the clips (with linked clips and effects) right after the last of them. */
export function duplicateClips(
  state: EditState,
  clipIds: readonly string[],
  context: EditContext,
): EditState {
  const ids = [...withLinkedClipIds(state.timeline, clipIds)];
  if (ids.length === 0) return state;
  const clips = ids.map((id) => findClip(state.timeline, id));
  const end = Math.max(...clips.map(clipEnd));
  return pasteClips(state, clipTemplates(state, ids), end, context);
}

/** Ends the link between the clips' groups: each clip then moves and trims on its own. */
export function unlinkClips(timeline: Timeline, clipIds: readonly string[]): Timeline {
  const ids = withLinkedClipIds(timeline, clipIds);
  assertClipsUnlocked(
    timeline,
    [...ids].map((id) => findClip(timeline, id)),
  );
  return {
    ...timeline,
    clips: timeline.clips.map((clip) =>
      ids.has(clip.id) && clip.linkGroup ? { ...clip, linkGroup: null } : clip,
    ),
  };
}

/** Links the clips (and whatever they are already linked to) into one new group. */
export function linkClips(timeline: Timeline, clipIds: readonly string[], groupId: string): Timeline {
  const ids = withLinkedClipIds(timeline, clipIds);
  if (ids.size < 2) throw new StudioError('INVALID_ARGUMENT', 'Linking needs at least two clips.');
  const clips = [...ids].map((id) => findClip(timeline, id));
  assertClipsUnlocked(timeline, clips);
  return {
    ...timeline,
    clips: timeline.clips.map((clip) => (ids.has(clip.id) ? { ...clip, linkGroup: groupId } : clip)),
  };
}
