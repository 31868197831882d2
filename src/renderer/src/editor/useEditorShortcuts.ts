// Editor-wide keys (the shortcut sheet, ShortcutSheet.tsx, lists the same table). Keys typed
// into text fields are left alone.
import { useEffect, useRef } from 'react';
import { isTypingTarget } from '../ui/keyboardTargets';

export interface EditorShortcutActions {
  togglePlay: () => void;
  shuttle: (direction: -1 | 0 | 1) => void;
  stepFrames: (frames: number) => void;
  stepSeconds: (seconds: number) => void;
  goToStart: () => void;
  goToEnd: () => void;
  deleteSelection: () => void;
  rippleDeleteSelection: () => void;
  clearSelection: () => void;
  selectAll: () => void;
  split: () => void;
  undo: () => void;
  redo: () => void;
  copy: () => void;
  paste: () => void;
  duplicate: () => void;
  toggleMarker: () => void;
  markIn: () => void;
  markOut: () => void;
  zoomIn: () => void;
  zoomOut: () => void;
  zoomToFit: () => void;
  setTool: (tool: 'select' | 'roll' | 'slip') => void;
  toggleSnapping: () => void;
  showShortcuts: () => void;
  trimToPlayhead: (edge: 'in' | 'out') => void;
  selectAtPlayhead: () => void;
  moveSelectionToTrack: (direction: -1 | 1) => void;
  openRender: () => void;
}

export function useEditorShortcuts(actions: EditorShortcutActions): void {
  const latest = useRef(actions);
  useEffect(() => {
    latest.current = actions;
  });

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || isTypingTarget(event.target)) return;
      // A modal dialog (render settings, the shortcut sheet) owns the keyboard, Escape included.
      if (document.querySelector('dialog[open]')) return;
      const run = latest.current;
      if (event.altKey) {
        if (event.key === 'ArrowUp' || event.key === 'ArrowDown') {
          event.preventDefault();
          run.moveSelectionToTrack(event.key === 'ArrowUp' ? -1 : 1);
        }
        return;
      }
      const command = event.ctrlKey || event.metaKey;
      const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
      let handled = true;
      if (command) {
        if (key === 'z' && event.shiftKey) run.redo();
        else if (key === 'z') run.undo();
        else if (key === 'y') run.redo();
        else if (key === 'c') run.copy();
        else if (key === 'v') run.paste();
        else if (key === 'd') run.duplicate();
        else if (key === 'a') run.selectAll();
        else if (key === 'm') run.openRender();
        else handled = false;
        if (handled) event.preventDefault();
        return;
      }
      switch (key) {
        case ' ':
          run.togglePlay();
          break;
        case 'j':
          run.shuttle(-1);
          break;
        case 'k':
          run.shuttle(0);
          break;
        case 'l':
          run.shuttle(1);
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
          if (event.shiftKey) run.rippleDeleteSelection();
          else run.deleteSelection();
          break;
        case 'Escape':
          run.clearSelection();
          break;
        case 's':
          run.split();
          break;
        case 'm':
          run.toggleMarker();
          break;
        case '[':
          run.trimToPlayhead('in');
          break;
        case ']':
          run.trimToPlayhead('out');
          break;
        case 'd':
          run.selectAtPlayhead();
          break;
        case 'i':
          run.markIn();
          break;
        case 'o':
          run.markOut();
          break;
        case 'v':
          run.setTool('select');
          break;
        case 'r':
          run.setTool('roll');
          break;
        case 'y':
          run.setTool('slip');
          break;
        case 'n':
          run.toggleSnapping();
          break;
        case '+':
        case '=':
          run.zoomIn();
          break;
        case '-':
        case '_':
          run.zoomOut();
          break;
        case '\\':
          run.zoomToFit();
          break;
        case '?':
          run.showShortcuts();
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
