// HOOK FOR "effects applied at preview quality" (issue 5, item 5). Effects (face swap, ...) run in
// the render engine on the main side; the viewer can only show them once the contract offers a
// preview method (e.g. render.previewFrame({atUs, quality}) returning a frame URL). Until then
// the viewer shows the source frame and says how many enabled effects it is not showing. When
// that method lands, fetch the processed frame here for paused frames (and for playback when it
// keeps up) and return its URL; Viewer.tsx already renders whatever this hook returns.
import type { Clip } from '../../../shared/model/schemas';
import type { ClipEffect } from '../../../shared/timeline/editState';

export interface EffectsPreview {
  /** URL of the processed frame, once the engine can make one (always null today). */
  frameUrl: string | null;
  enabledCount: number;
  /** Why the effects are not visible, or null when there is nothing to apply. */
  notice: string | null;
}

export function useEffectsPreview(clip: Clip | null, effects: readonly ClipEffect[]): EffectsPreview {
  const enabledCount = clip
    ? effects.filter((effect) => effect.clipId === clip.id && effect.enabled).length
    : 0;
  return {
    frameUrl: null,
    enabledCount,
    notice:
      enabledCount > 0
        ? 'The preview shows the source: effects are applied by the render (a preview of effects needs the render engine’s preview method).'
        : null,
  };
}
