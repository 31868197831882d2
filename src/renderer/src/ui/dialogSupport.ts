// Native file dialogs exist only under Electron. We cannot ask the host "are dialogs supported?"
// without opening one, so Browse… buttons start visible in Electron mode and disappear for good
// the first time a dialog call answers `supported: false`.
import { useSyncExternalStore } from 'react';
import { getStudio } from '../studio';

let dialogsSupported: boolean | null = null;
const listeners = new Set<() => void>();

function currentSupport(): boolean {
  if (dialogsSupported === null) dialogsSupported = getStudio().platform.mode === 'electron';
  return dialogsSupported;
}

export function reportDialogSupport(supported: boolean): void {
  if (dialogsSupported === supported) return;
  dialogsSupported = supported;
  for (const listener of [...listeners]) listener();
}

export function useDialogsSupported(): boolean {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    currentSupport,
    () => false,
  );
}
