// "Inspect this file" from anywhere in the editor (the render history's Inspect button): the
// Provenance panel listens, and the side panel switches to it.
type Listener = (path: string) => void;

const listeners = new Set<Listener>();

export function requestInspection(path: string): void {
  for (const listener of [...listeners]) listener(path);
}

export function onInspectionRequest(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
