// The keyboard shortcut sheet (? or the ⌨ button): every key the editor answers to.
import { useEffect, useRef } from 'react';

export const SHORTCUT_GROUPS: { title: string; keys: [string, string][] }[] = [
  {
    title: 'Playback',
    keys: [
      ['Space', 'Play / pause'],
      ['J / K / L', 'Shuttle back / stop / forward (press again for 2×, 4×, 8×)'],
      ['← / →', 'One frame back / forward'],
      ['Shift+← / →', 'One second back / forward'],
      ['Home / End', 'Start / end of the timeline'],
    ],
  },
  {
    title: 'Editing',
    keys: [
      ['S', 'Split the selected clips (or all clips) under the playhead'],
      ['[ / ]', 'Trim the selected clip’s start / end to the playhead'],
      ['D', 'Select the clip under the playhead'],
      ['Alt+↑ / ↓', 'Move the selected clip to the track above / below'],
      ['Delete', 'Delete the selected clips, leaving a gap'],
      ['Shift+Delete', 'Ripple delete: delete and close the gap on every track'],
      ['Ctrl+C / Ctrl+V', 'Copy / paste at the playhead'],
      ['Ctrl+D', 'Duplicate after the selection'],
      ['Ctrl+A / Esc', 'Select all / clear the selection'],
      ['Ctrl+Z', 'Undo'],
      ['Ctrl+Shift+Z, Ctrl+Y', 'Redo'],
    ],
  },
  {
    title: 'Tools and mouse',
    keys: [
      ['V / R / Y', 'Select / roll / slip tool'],
      ['Drag a clip edge', 'Trim (Ctrl+drag at a cut: roll)'],
      ['Alt+drag a clip', 'Slip its source'],
      ['Shift / Ctrl+click', 'Add to the selection; drag on empty space: box select'],
      ['N', 'Snapping on/off (hold Shift while dragging to skip it once)'],
      ['Middle-drag', 'Pan the timeline'],
    ],
  },
  {
    title: 'Navigation',
    keys: [
      ['+ / − or Ctrl+wheel', 'Zoom in / out'],
      ['\\', 'Zoom to fit'],
      ['M', 'Add (or remove) a marker at the playhead'],
      ['I / O', 'Set the in / out point (the render range)'],
      ['Ctrl+M', 'Render…'],
      ['?', 'This sheet'],
    ],
  },
];

export function ShortcutSheet({ onClose }: { onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  return (
    <dialog
      ref={ref}
      className="modal shortcut-sheet"
      aria-label="Keyboard shortcuts"
      data-testid="shortcut-sheet"
      onClose={onClose}
      onClick={(event) => {
        if (event.target === event.currentTarget) onClose();
      }}
    >
      <header className="modal-header">
        <h2>Keyboard shortcuts</h2>
        <button
          type="button"
          className="icon-button"
          onClick={onClose}
          aria-label="Close"
          data-testid="shortcut-sheet-close"
        >
          ×
        </button>
      </header>
      <div className="shortcut-groups">
        {SHORTCUT_GROUPS.map((group) => (
          <section key={group.title}>
            <h3>{group.title}</h3>
            <dl>
              {group.keys.map(([keys, what]) => (
                <div key={keys} className="shortcut-row">
                  <dt>
                    <kbd>{keys}</kbd>
                  </dt>
                  <dd>{what}</dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
      </div>
    </dialog>
  );
}
