// While playing, the playhead follows the media element being shown at 1× (so sound and picture
// stay in step), or the wall clock times the shuttle rate (J/K/L: 2×, 4×, reverse) and across
// gaps and stills; it stops at either end of the timeline.
import { useEffect, useRef, type RefObject } from 'react';
import type { ViewerSource } from './viewerSource';

interface PlaybackClockOptions {
  /** Playback speed: 0 paused, 1 normal, 2/4/8 fast, negative plays backwards. */
  rate: number;
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

  const { rate } = options;
  useEffect(() => {
    if (rate === 0) return;
    let last = performance.now();
    let head = latest.current.playheadUs;
    let frame = requestAnimationFrame(function tick(now) {
      // A frame's timestamp can precede the moment the clock started: never step backwards for it.
      const elapsedUs = Math.max(0, now - last) * 1000 * rate;
      last = now;
      const { source, mediaRef, endUs } = latest.current;
      const media = mediaRef.current;
      let next = head + elapsedUs;
      if (
        rate === 1 &&
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
      if (next >= endUs || (rate < 0 && next <= 0)) {
        latest.current.onPlayheadChange(Math.min(endUs, Math.max(0, next)));
        latest.current.onStop();
        return;
      }
      head = Math.round(next);
      latest.current.onPlayheadChange(head);
      frame = requestAnimationFrame(tick);
    });
    return () => cancelAnimationFrame(frame);
  }, [rate]);
}
