// Keeps the <video>/<audio> element at the playhead: seeks it while paused (scrubbing), starts
// and stops it with playback, and corrects drift after a seek during playback.
import { useEffect, type RefObject } from 'react';
import { sourceSecondsAt, type ViewerSource } from './viewerSource';

const PLAYING_DRIFT_TOLERANCE_S = 0.3;

export function syncMediaElement(
  media: HTMLMediaElement,
  source: ViewerSource,
  playheadUs: number,
  playing: boolean,
  frameSeconds: number,
): void {
  const target = Math.max(0, sourceSecondsAt(source.clip, playheadUs));
  const drift = Math.abs(media.currentTime - target);
  if (!playing) {
    if (!media.paused) media.pause();
    if (drift > frameSeconds / 2) media.currentTime = target;
    return;
  }
  if (media.paused) {
    if (drift > frameSeconds / 2) media.currentTime = target;
    media.play().catch(() => undefined); // autoplay refusals and interrupted loads are not errors here
  } else if (drift > PLAYING_DRIFT_TOLERANCE_S) {
    media.currentTime = target;
  }
}

export function useMediaElementSync(
  mediaRef: RefObject<HTMLMediaElement | null>,
  source: ViewerSource | null,
  playheadUs: number,
  playing: boolean,
  frameSeconds: number,
): void {
  useEffect(() => {
    const media = mediaRef.current;
    if (!media || !source || source.kind === 'image') return;
    syncMediaElement(media, source, playheadUs, playing, frameSeconds);
  }, [mediaRef, source, playheadUs, playing, frameSeconds]);
}
