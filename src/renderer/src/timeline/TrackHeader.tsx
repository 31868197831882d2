import { useState, type MouseEvent } from 'react';
import type { Track } from '../../../shared/model/schemas';
import type { TrackFlags } from '../../../shared/timeline/trackEdits';
import { Icon } from '../ui/Icon';

interface TrackHeaderProps {
  track: Track;
  height: number;
  clipCount: number;
  onRename: (name: string) => void;
  onFlags: (flags: TrackFlags) => void;
  onContextMenu: (event: MouseEvent<HTMLElement>) => void;
}

const FLAG_BUTTONS = [
  { flag: 'muted', letter: 'M', on: 'Unmute', off: 'Mute', kinds: ['audio'] },
  { flag: 'solo', letter: 'S', on: 'Unsolo', off: 'Solo (hear only soloed tracks)', kinds: ['audio'] },
  {
    flag: 'locked',
    letter: 'L',
    on: 'Unlock',
    off: 'Lock (no edits on this track)',
    kinds: ['audio', 'video'],
  },
  { flag: 'hidden', letter: 'H', on: 'Show', off: 'Hide from the viewer and renders', kinds: ['video'] },
] as const;

/** Track name (double-click to rename) and its mute / solo / lock / hide switches. */
export function TrackHeader({
  track,
  height,
  clipCount,
  onRename,
  onFlags,
  onContextMenu,
}: TrackHeaderProps) {
  const [editing, setEditing] = useState(false);
  const label = `${track.kind === 'video' ? 'Video' : 'Audio'} track ${track.name}`;
  const commit = (value: string) => {
    setEditing(false);
    if (value.trim() && value.trim() !== track.name) onRename(value.trim());
  };
  return (
    <div
      className={`track-header track-header-${track.kind}`}
      style={{ height }}
      data-testid="track-header"
      data-track-id={track.id}
      aria-label={label}
      title={`${label} · ${clipCount} clip${clipCount === 1 ? '' : 's'} · double-click the name to rename, right-click for more`}
      onContextMenu={onContextMenu}
    >
      <span className={`track-kind track-kind-${track.kind}`}>
        <Icon name={track.kind} size={14} />
      </span>
      {editing ? (
        <input
          type="text"
          className="track-name-input"
          defaultValue={track.name}
          aria-label={`New name for ${label}`}
          data-testid="track-name-input"
          autoFocus
          maxLength={100}
          onBlur={(event) => commit(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter') commit(event.currentTarget.value);
            if (event.key === 'Escape') setEditing(false);
          }}
        />
      ) : (
        <span className="track-name" data-testid="track-name" onDoubleClick={() => setEditing(true)}>
          {track.name}
        </span>
      )}
      <span className="track-flags">
        {FLAG_BUTTONS.filter((button) => (button.kinds as readonly string[]).includes(track.kind)).map(
          (button) => {
            const on = track[button.flag];
            return (
              <button
                key={button.flag}
                type="button"
                className={on ? 'track-flag track-flag-on' : 'track-flag'}
                aria-pressed={on}
                aria-label={`${on ? button.on : button.off} ${track.name}`}
                title={on ? button.on : button.off}
                data-testid={`track-${button.flag}`}
                onClick={() => onFlags({ [button.flag]: !on })}
              >
                {button.letter}
              </button>
            );
          },
        )}
      </span>
    </div>
  );
}
