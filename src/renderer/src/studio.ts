// The renderer's one door to the studio: `window.studio`, put there by the Electron preload or, in
// browser mode, by the bridge script the local host injects before the app (DESIGN.md §1).
import type { StudioWindowApi } from '../../shared/ipc/studioWindowApi';

declare global {
  interface Window {
    studio?: StudioWindowApi;
  }
}

export const STUDIO_MISSING_MESSAGE =
  'window.studio is missing, so this page cannot reach Doppel Studio. Open it through the desktop app, ' +
  'or run `npm start` (browser mode) and open the URL it prints, including its ?token=… part.';

export function hasStudio(): boolean {
  return typeof window !== 'undefined' && window.studio !== undefined;
}

/** `window.studio`, typed; throws a clear message when the page was opened outside the studio. */
export function getStudio(): StudioWindowApi {
  const studio = typeof window === 'undefined' ? undefined : window.studio;
  if (!studio) throw new Error(STUDIO_MISSING_MESSAGE);
  return studio;
}
