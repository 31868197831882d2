// Editor-wide keys: Space play/pause, ←/→ one frame (Shift: one second), Home/End, Delete,
// +/- zoom, Escape clears the selection. Keys typed into text fields are left alone.
import { useEffect, useRef } from 'react';
import { isTypingTarget } from '../ui/keyboardTargets';

export interface EditorShortcutActions {
  togglePlay: () => void;
  stepFrames: (frames: number) => void;
  stepSeconds: (seconds: number) => void;
  goToStart: () => void;
  goToEnd: () => void;
  deleteSelection: () => void;
  clearSelection: () => void;
  zoomIn: () => void;
  zoomOut: () => void;
}

export function useEditorShortcuts(actions: EditorShortcutActions): void {
  const latest = useRef(actions);
  useEffect(() => {
    latest.current = actions;
  });

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || isTypingTarget(event.target)) return;
      if (event.altKey) return;
      const run = latest.current;
      const command = event.ctrlKey || event.metaKey;
      let handled = true;
      switch (event.key) {
        case ' ':
          if (command) return;
          run.togglePlay();
          break;
        case 'ArrowLeft':
          if (event.shiftKey) run.stepSeconds(-1);
          else run.stepFrames(-1);
          break;
        case 'ArrowRight':
          if (event.shiftKey) run.stepSeconds(1);
          else run.stepFrames(1);
          break;
        case 'Home':
          run.goToStart();
          break;
        case 'End':
          run.goToEnd();
          break;
        case 'Delete':
        case 'Backspace':
          run.deleteSelection();
          break;
        case 'Escape':
          run.clearSelection();
          break;
        case '+':
        case '=':
          run.zoomIn();
          break;
        case '-':
        case '_':
          run.zoomOut();
          break;
        default:
          handled = false;
      }
      // Space on a focused button would also "click" it: the shortcut replaces that click.
      if (handled) event.preventDefault();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}
