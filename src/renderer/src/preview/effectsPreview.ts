// "Effects applied at preview quality" (issue 5, item 5). Effects (face swap, ...) run in the render
// engine on the main side; when the playhead stops on a clip with enabled effects, the viewer asks
// the studio for that frame with the effects applied (preview.renderFrame, 640 wide) and shows it
// over the source picture. While playing or scrubbing it shows the source (the request waits until
// the playhead has rested a moment) and says how many effects it is not showing.
import { useEffect, useState } from 'react';
import { readStudioError } from '../../../shared/errors';
import type { Clip } from '../../../shared/model/schemas';
import type { ClipEffect } from '../../../shared/timeline/editState';
import { getStudio } from '../studio';

/** Width of the processed frame: enough for the viewer, cheap enough to make on demand. */
const PREVIEW_WIDTH = 640;
/** How long the playhead must rest before a processed frame is asked for (scrubbing sends many). */
const REST_MS = 150;

export interface EffectsPreview {
  /** The processed frame (a data URL) for the resting playhead, once it has been made. */
  frameUrl: string | null;
  enabledCount: number;
  /** What the viewer says about the effects (a tooltip), or null when there is nothing to say. */
  notice: string | null;
  /** The notice in a few words, for the badge over the picture. */
  label: string | null;
}

interface FrameState {
  key: string;
  url: string | null;
  error: string | null;
}

export function useEffectsPreview(
  clip: Clip | null,
  effects: readonly ClipEffect[],
  playheadUs: number,
  playing: boolean,
): EffectsPreview {
  const enabled = clip ? effects.filter((effect) => effect.clipId === clip.id && effect.enabled) : [];
  // A new request whenever the frame or anything about the effects changes.
  const key =
    enabled.length > 0 && !playing
      ? JSON.stringify({
          at: Math.round(playheadUs),
          effects: enabled.map((effect) => [effect.id, effect.order, effect.params]),
        })
      : null;
  const [frame, setFrame] = useState<FrameState | null>(null);

  useEffect(() => {
    if (key === null) return;
    let cancelled = false;
    const timer = setTimeout(() => {
      getStudio()
        .preview.renderFrame({ timeUs: Math.max(0, Math.round(playheadUs)), maxWidth: PREVIEW_WIDTH })
        .then(
          (made) => {
            if (!cancelled) setFrame({ key, url: made?.dataUrl ?? null, error: null });
          },
          (error: unknown) => {
            if (!cancelled) setFrame({ key, url: null, error: readStudioError(error).message });
          },
        );
    }, REST_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
    // playheadUs is part of the key.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  const enabledCount = enabled.length;
  const current = frame !== null && frame.key === key ? frame : null;
  const effectsWord = `${enabledCount} effect${enabledCount === 1 ? '' : 's'}`;
  let notice: string | null = null;
  let label: string | null = null;
  if (enabledCount > 0) {
    if (playing) {
      notice = 'Playback shows the source; effects are shown when the playhead stops.';
      label = `${effectsWord} not shown while playing`;
    } else if (current?.error) {
      notice = `The effects could not be previewed: ${current.error}`;
      label = `${effectsWord} not previewed`;
    } else if (!current) {
      notice = 'Applying the effects to this frame…';
      label = `Applying ${effectsWord}…`;
    }
  }
  return { frameUrl: current?.url ?? null, enabledCount, notice, label };
}
