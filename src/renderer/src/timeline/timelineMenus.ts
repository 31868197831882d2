// The items of the timeline's right-click menus (clip, track header, empty lane).
import type { Clip, Timeline, Track } from '../../../shared/model/schemas';
import type { EditCommand } from '../../../shared/timeline/editCommands';
import { clipEnd } from '../../../shared/timeline/edits';
import type { EditorActions } from '../editor/useEditorActions';
import type { ContextMenuItem } from '../ui/ContextMenu';

export function clipMenuItems(options: {
  clip: Clip;
  timeline: Timeline | null;
  actions: EditorActions;
  run: (command: EditCommand) => void;
  playheadUs: number;
}): ContextMenuItem[] {
  const { clip, actions, playheadUs } = options;
  const underPlayhead = clip.startUs < playheadUs && playheadUs < clipEnd(clip);
  return [
    { label: 'Split at playhead', shortcut: 'S', onSelect: actions.split, disabled: !underPlayhead },
    { label: 'Copy', shortcut: 'Ctrl+C', onSelect: actions.copy },
    { label: 'Duplicate', shortcut: 'Ctrl+D', onSelect: actions.duplicate },
    clip.linkGroup
      ? { label: 'Unlink audio/video', onSelect: actions.unlinkSelection, separated: true }
      : { label: 'Link selected clips', onSelect: actions.linkSelection, separated: true },
    { label: 'Delete', shortcut: 'Delete', onSelect: actions.deleteSelection, danger: true, separated: true },
    {
      label: 'Ripple delete',
      shortcut: 'Shift+Delete',
      onSelect: actions.rippleDeleteSelection,
      danger: true,
    },
  ];
}

export function trackMenuItems(options: {
  track: Track;
  run: (command: EditCommand) => void;
  indexInKind: number;
  countInKind: number;
  rowIndex: number;
}): ContextMenuItem[] {
  const { track, run, indexInKind, countInKind } = options;
  const flags: ContextMenuItem[] =
    track.kind === 'audio'
      ? [
          {
            label: track.muted ? 'Unmute' : 'Mute',
            onSelect: () => run({ type: 'setTrackFlags', trackId: track.id, muted: !track.muted }),
          },
          {
            label: track.solo ? 'Unsolo' : 'Solo',
            onSelect: () => run({ type: 'setTrackFlags', trackId: track.id, solo: !track.solo }),
          },
        ]
      : [
          {
            label: track.hidden ? 'Show' : 'Hide',
            onSelect: () => run({ type: 'setTrackFlags', trackId: track.id, hidden: !track.hidden }),
          },
        ];
  return [
    ...flags,
    {
      label: track.locked ? 'Unlock' : 'Lock',
      onSelect: () => run({ type: 'setTrackFlags', trackId: track.id, locked: !track.locked }),
    },
    {
      label: 'Move up',
      onSelect: () => run({ type: 'moveTrack', trackId: track.id, toIndex: indexInKind - 1 }),
      disabled: indexInKind === 0,
      separated: true,
    },
    {
      label: 'Move down',
      onSelect: () => run({ type: 'moveTrack', trackId: track.id, toIndex: indexInKind + 1 }),
      disabled: indexInKind >= countInKind - 1,
    },
    {
      label: `Add ${track.kind} track`,
      onSelect: () => run({ type: 'addTrack', kind: track.kind, name: null }),
    },
    {
      label: 'Remove track',
      onSelect: () => run({ type: 'removeTrack', trackId: track.id }),
      danger: true,
      separated: true,
      disabled: track.locked,
    },
  ];
}

export function laneMenuItems(options: {
  track: Track;
  us: number;
  actions: EditorActions;
  onSeek: (us: number) => void;
}): ContextMenuItem[] {
  const { us, actions, onSeek } = options;
  return [
    {
      label: 'Paste here',
      shortcut: 'Ctrl+V',
      onSelect: () => actions.paste(us),
      disabled: !actions.hasClipboard(),
    },
    { label: 'Move the playhead here', onSelect: () => onSeek(us) },
    { label: 'Select all clips', shortcut: 'Ctrl+A', onSelect: actions.selectAll },
  ];
}
