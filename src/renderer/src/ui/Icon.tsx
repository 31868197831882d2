// A few line icons drawn inline (no icon font: the CSP allows only our own files).
export type IconName =
  | 'video'
  | 'audio'
  | 'image'
  | 'play'
  | 'pause'
  | 'stepBack'
  | 'stepForward'
  | 'toStart'
  | 'toEnd'
  | 'import'
  | 'folder'
  | 'plus'
  | 'minus'
  | 'fit'
  | 'grid'
  | 'list'
  | 'trash'
  | 'warning'
  | 'close'
  | 'undo'
  | 'redo'
  | 'split'
  | 'magnet'
  | 'marker'
  | 'render';

const paths: Record<IconName, string> = {
  video: 'M3 6h12v12H3z M15 10l6-3v10l-6-3',
  audio: 'M4 10v4 M8 7v10 M12 4v16 M16 8v8 M20 11v2',
  image: 'M3 5h18v14H3z M3 16l5-5 4 4 3-3 6 6 M15.5 9.5a1.5 1.5 0 1 0 0.01 0',
  play: 'M7 4l13 8-13 8z',
  pause: 'M6 4h4v16H6z M14 4h4v16h-4z',
  stepBack: 'M17 5v14l-9-7z M6 5h2v14H6z',
  stepForward: 'M7 5v14l9-7z M16 5h2v14h-2z',
  toStart: 'M4 5h2v14H4z M19 5v14l-6-7z M13 5v14l-6-7z',
  toEnd: 'M5 5v14l6-7z M11 5v14l6-7z M18 5h2v14h-2z',
  import: 'M12 3v12 M7 10l5 5 5-5 M4 17v3h16v-3',
  folder: 'M3 6h6l2 2h10v11H3z',
  plus: 'M12 5v14 M5 12h14',
  minus: 'M5 12h14',
  fit: 'M4 9V4h5 M20 9V4h-5 M4 15v5h5 M20 15v5h-5',
  grid: 'M4 4h7v7H4z M13 4h7v7h-7z M4 13h7v7H4z M13 13h7v7h-7z',
  list: 'M4 6h16 M4 12h16 M4 18h16',
  trash: 'M4 7h16 M9 7V4h6v3 M6 7l1 13h10l1-13',
  warning: 'M12 3l10 18H2z M12 10v5 M12 17.5v0.5',
  close: 'M6 6l12 12 M18 6L6 18',
  undo: 'M9 7L4 12l5 5 M4 12h11a5 5 0 0 1 0 10h-3',
  redo: 'M15 7l5 5-5 5 M20 12H9a5 5 0 0 0 0 10h3',
  split: 'M12 3v18 M5 8l-2 4 2 4 M19 8l2 4-2 4',
  magnet: 'M6 4v8a6 6 0 0 0 12 0V4 M6 4h4v8a2 2 0 0 0 4 0V4h4',
  marker: 'M6 3h12v11l-6 6-6-6z',
  render: 'M4 5h16v11H4z M9 20h6 M12 16v4 M10 8l5 2.5-5 2.5z',
};

const filled = new Set<IconName>(['play', 'pause', 'stepBack', 'stepForward', 'toStart', 'toEnd']);

export function Icon({ name, size = 16 }: { name: IconName; size?: number }) {
  const isFilled = filled.has(name);
  return (
    <svg
      className="icon"
      width={size}
      height={size}
      viewBox="0 0 24 24"
      aria-hidden="true"
      focusable="false"
      fill={isFilled ? 'currentColor' : 'none'}
      stroke="currentColor"
      strokeWidth={isFilled ? 0 : 1.8}
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      <path d={paths[name]} />
    </svg>
  );
}
