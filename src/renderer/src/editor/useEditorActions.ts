// What the editor's keys, buttons and menus do, in one place: each action turns the current
// selection / playhead into ONE edit command (so each is one undo step) or a UI-state change.
import { useCallback, useEffect, useRef } from 'react';
import type { Timeline } from '../../../shared/model/schemas';
import { snapToFrame } from '../../../shared/time';
import { clipTemplates, type ClipTemplate } from '../../../shared/timeline/clipEdits';
import { withLinkedClipIds } from '../../../shared/timeline/clipLookup';
import type { EditCommand } from '../../../shared/timeline/editCommands';
import { clipEnd } from '../../../shared/timeline/edits';
import type { ClipEffect } from '../../../shared/timeline/editState';
import type { TimelineMarksState } from '../timeline/useTimelineMarks';

export interface EditorActions {
  split: () => void;
  deleteSelection: () => void;
  rippleDeleteSelection: () => void;
  copy: () => void;
  paste: (atUs?: number) => void;
  duplicate: () => void;
  selectAll: () => void;
  linkSelection: () => void;
  unlinkSelection: () => void;
  toggleMarker: () => void;
  markIn: () => void;
  markOut: () => void;
  clearInOut: () => void;
  hasClipboard: () => boolean;
  /** `[` / `]`: trims the selected clip's start or end to the playhead. */
  trimSelectionToPlayhead: (edge: 'in' | 'out') => void;
  /** D: selects the clip under the playhead on the top-most track that has one (with its links). */
  selectAtPlayhead: () => void;
  /** Alt+↑/↓: moves the selected clip to the next track of its kind above or below. */
  moveSelectionToTrack: (direction: -1 | 1) => void;
}

interface EditorActionOptions {
  timeline: Timeline | null;
  effects: readonly ClipEffect[];
  selection: ReadonlySet<string>;
  playheadUs: number;
  apply: (command: EditCommand) => Promise<boolean>;
  setSelection: (selection: Set<string>) => void;
  marks: TimelineMarksState;
}

export function useEditorActions(options: EditorActionOptions): EditorActions {
  const latest = useRef(options);
  useEffect(() => {
    latest.current = options;
  });
  const clipboard = useRef<ClipTemplate[]>([]);

  const run = useCallback((command: EditCommand, then?: () => void) => {
    void latest.current.apply(command).then((ok) => {
      if (ok) then?.();
    });
  }, []);

  const split = useCallback(() => {
    const { timeline, selection, playheadUs } = latest.current;
    if (!timeline) return;
    const at = snapToFrame(playheadUs, timeline.fps);
    const under = (ids: Iterable<string>) =>
      [...ids].filter((id) => {
        const clip = timeline.clips.find((candidate) => candidate.id === id);
        return clip && clip.startUs < at && at < clipEnd(clip);
      });
    // The selected clips under the playhead; with none of those, every clip under it on an unlocked track.
    let ids = under(selection);
    if (ids.length === 0) {
      const locked = new Set(timeline.tracks.filter((track) => track.locked).map((track) => track.id));
      ids = under(timeline.clips.filter((clip) => !locked.has(clip.trackId)).map((clip) => clip.id));
    }
    if (ids.length === 0) return;
    run({ type: 'splitClips', clipIds: ids, atUs: at });
  }, [run]);

  const removeWith = useCallback(
    (type: 'removeClips' | 'rippleDelete') => {
      const { selection } = latest.current;
      if (selection.size === 0) return;
      run({ type, clipIds: [...selection] }, () => latest.current.setSelection(new Set()));
    },
    [run],
  );

  const copy = useCallback(() => {
    const { timeline, effects, selection } = latest.current;
    if (!timeline || selection.size === 0) return;
    const ids = timeline.clips.filter((clip) => selection.has(clip.id)).map((clip) => clip.id);
    clipboard.current = clipTemplates({ timeline, effects: [...effects] }, ids);
  }, []);

  const paste = useCallback(
    (atUs?: number) => {
      if (clipboard.current.length === 0) return;
      run({
        type: 'pasteClips',
        templates: clipboard.current,
        startUs: Math.max(0, Math.round(atUs ?? latest.current.playheadUs)),
      });
    },
    [run],
  );

  const duplicate = useCallback(() => {
    const { selection } = latest.current;
    if (selection.size > 0) run({ type: 'duplicateClips', clipIds: [...selection] });
  }, [run]);

  const selectAll = useCallback(() => {
    const { timeline, setSelection } = latest.current;
    if (timeline) setSelection(new Set(timeline.clips.map((clip) => clip.id)));
  }, []);

  const linkSelection = useCallback(() => {
    const { selection } = latest.current;
    if (selection.size >= 2) run({ type: 'linkClips', clipIds: [...selection] });
  }, [run]);

  const unlinkSelection = useCallback(() => {
    const { selection, timeline } = latest.current;
    if (!timeline || selection.size === 0) return;
    const ids = [...withLinkedClipIds(timeline, selection)].filter(
      (id) => timeline.clips.find((clip) => clip.id === id)?.linkGroup,
    );
    if (ids.length > 0) run({ type: 'unlinkClips', clipIds: ids });
  }, [run]);

  /** The one selected clip (a linked pair counts as its video half), or undefined. */
  const singleSelected = () => {
    const { timeline, selection } = latest.current;
    if (!timeline) return undefined;
    const clips = timeline.clips.filter((clip) => selection.has(clip.id));
    if (new Set(clips.map((clip) => clip.linkGroup ?? clip.id)).size !== 1) return undefined;
    const videoTracks = new Set(
      timeline.tracks.filter((track) => track.kind === 'video').map((track) => track.id),
    );
    return clips.find((clip) => videoTracks.has(clip.trackId)) ?? clips[0];
  };

  const trimSelectionToPlayhead = useCallback(
    (edge: 'in' | 'out') => {
      const clip = singleSelected();
      if (clip) run({ type: 'trimClip', clipId: clip.id, edge, toUs: Math.round(latest.current.playheadUs) });
    },
    [run],
  );

  const selectAtPlayhead = useCallback(() => {
    const { timeline, playheadUs, setSelection } = latest.current;
    if (!timeline) return;
    const ordered = [...timeline.tracks].sort((a, b) => a.order - b.order);
    for (const track of ordered) {
      const clip = timeline.clips.find(
        (candidate) =>
          candidate.trackId === track.id &&
          candidate.startUs <= playheadUs &&
          playheadUs < clipEnd(candidate),
      );
      if (clip) {
        setSelection(withLinkedClipIds(timeline, [clip.id]));
        return;
      }
    }
    setSelection(new Set());
  }, []);

  const moveSelectionToTrack = useCallback(
    (direction: -1 | 1) => {
      const clip = singleSelected();
      const { timeline } = latest.current;
      if (!clip || !timeline) return;
      const track = timeline.tracks.find((candidate) => candidate.id === clip.trackId);
      const sameKind = timeline.tracks
        .filter((candidate) => candidate.kind === track?.kind)
        .sort((a, b) => a.order - b.order);
      const target = sameKind[sameKind.findIndex((candidate) => candidate.id === clip.trackId) + direction];
      if (target) run({ type: 'moveClip', clipId: clip.id, trackId: target.id, startUs: clip.startUs });
    },
    [run],
  );

  const frameAtPlayhead = () => {
    const { timeline, playheadUs } = latest.current;
    return timeline ? snapToFrame(playheadUs, timeline.fps) : Math.round(playheadUs);
  };

  return {
    split,
    deleteSelection: useCallback(() => removeWith('removeClips'), [removeWith]),
    rippleDeleteSelection: useCallback(() => removeWith('rippleDelete'), [removeWith]),
    copy,
    paste,
    duplicate,
    selectAll,
    linkSelection,
    unlinkSelection,
    toggleMarker: () => latest.current.marks.toggleMarkerAt(frameAtPlayhead()),
    markIn: () => latest.current.marks.setIn(frameAtPlayhead()),
    markOut: () => latest.current.marks.setOut(frameAtPlayhead()),
    clearInOut: () => {
      latest.current.marks.setIn(null);
      latest.current.marks.setOut(null);
    },
    hasClipboard: () => clipboard.current.length > 0,
    trimSelectionToPlayhead,
    selectAtPlayhead,
    moveSelectionToTrack,
  };
}
