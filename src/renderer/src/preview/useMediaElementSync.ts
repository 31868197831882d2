// Keeps a <video>/<audio> element at the playhead: while paused (or shuttling backwards) it seeks
// to the exact frame under the playhead, a quarter frame in so rounding cannot show the frame
// before; while playing forwards it plays at the shuttle rate and corrects drift after a seek.
import { useEffect, type RefObject } from 'react';
import type { Clip } from '../../../shared/model/schemas';
import { sourceSecondsAt } from './viewerSource';

const PLAYING_DRIFT_TOLERANCE_S = 0.3;

export function syncMediaElement(
  media: HTMLMediaElement,
  clip: Clip,
  playheadUs: number,
  rate: number,
  frameSeconds: number,
): void {
  const frameStartSeconds = Math.floor(playheadUs / 1_000_000 / frameSeconds + 1e-9) * frameSeconds;
  const paused = rate <= 0;
  const target = Math.max(
    0,
    sourceSecondsAt(clip, paused ? Math.round(frameStartSeconds * 1_000_000) : playheadUs),
  );
  const drift = Math.abs(media.currentTime - target);
  if (paused) {
    if (!media.paused) media.pause();
    const exact = target + frameSeconds / 4;
    if (Math.abs(media.currentTime - exact) > frameSeconds / 8) media.currentTime = exact;
    return;
  }
  if (media.playbackRate !== rate) media.playbackRate = Math.min(rate, 16);
  if (media.paused) {
    if (drift > frameSeconds / 2) media.currentTime = target;
    media.play().catch(() => undefined); // autoplay refusals and interrupted loads are not errors here
  } else if (drift > PLAYING_DRIFT_TOLERANCE_S * Math.max(1, rate)) {
    media.currentTime = target;
  }
}

export function useMediaElementSync(
  mediaRef: RefObject<HTMLMediaElement | null>,
  clip: Clip | null,
  playheadUs: number,
  rate: number,
  frameSeconds: number,
): void {
  useEffect(() => {
    const media = mediaRef.current;
    if (!media || !clip) return;
    syncMediaElement(media, clip, playheadUs, rate, frameSeconds);
  }, [mediaRef, clip, playheadUs, rate, frameSeconds]);
}
