// While playing, the playhead follows the media element being shown (so sound and picture stay in
// step), or the wall clock across gaps and stills; it stops at the end of the timeline.
import { useEffect, useRef, type RefObject } from 'react';
import type { ViewerSource } from './viewerSource';

interface PlaybackClockOptions {
  playing: boolean;
  playheadUs: number;
  endUs: number;
  source: ViewerSource | null;
  mediaRef: RefObject<HTMLMediaElement | null>;
  onPlayheadChange: (us: number) => void;
  onStop: () => void;
}

/** The largest jump (µs) the media clock may make in one frame before we distrust it. */
const MAX_MEDIA_JUMP_US = 400_000;

export function usePlaybackClock(options: PlaybackClockOptions): void {
  const latest = useRef(options);
  useEffect(() => {
    latest.current = options;
  });

  const { playing } = options;
  useEffect(() => {
    if (!playing) return;
    let last = performance.now();
    let head = latest.current.playheadUs;
    let frame = requestAnimationFrame(function tick(now) {
      const elapsedUs = (now - last) * 1000;
      last = now;
      const { source, mediaRef, endUs } = latest.current;
      const media = mediaRef.current;
      let next = head + elapsedUs;
      if (
        media &&
        source &&
        source.kind !== 'image' &&
        !media.paused &&
        !media.seeking &&
        media.readyState >= 2
      ) {
        const fromMedia = source.clip.startUs + Math.round(media.currentTime * 1_000_000) - source.clip.inUs;
        if (Math.abs(fromMedia - head) < MAX_MEDIA_JUMP_US) next = Math.max(head, fromMedia);
      }
      if (next >= endUs) {
        latest.current.onPlayheadChange(endUs);
        latest.current.onStop();
        return;
      }
      head = Math.round(next);
      latest.current.onPlayheadChange(head);
      frame = requestAnimationFrame(tick);
    });
    return () => cancelAnimationFrame(frame);
  }, [playing]);
}
