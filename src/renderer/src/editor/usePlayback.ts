// Playhead and transport: play/pause, J/K/L shuttle (repeated L or J doubles the speed up to 8×),
// frame and second steps. None of it is an edit, so none of it is undoable.
import { useCallback, useState } from 'react';
import { frameIndexAt, frameStart, type Rational } from '../../../shared/time';

const MAX_SHUTTLE = 8;

export function usePlayback(fps: Rational, durationUs: number) {
  const [playheadUs, setPlayheadUs] = useState(0);
  const [rate, setRate] = useState(0);

  const seek = useCallback((us: number) => {
    setRate(0);
    setPlayheadUs(Math.max(0, Math.round(us)));
  }, []);
  const stepFrames = useCallback(
    (frames: number) => {
      setRate(0);
      setPlayheadUs((current) =>
        Math.max(0, frameStart(Math.max(0, frameIndexAt(current, fps) + frames), fps)),
      );
    },
    [fps],
  );
  const togglePlay = useCallback(() => {
    if (rate !== 0) {
      setRate(0);
      return;
    }
    if (durationUs <= 0) return;
    if (playheadUs >= durationUs) setPlayheadUs(0); // at the end: play again from the start
    setRate(1);
  }, [rate, playheadUs, durationUs]);
  const shuttle = useCallback(
    (direction: -1 | 0 | 1) => {
      if (direction === 0 || durationUs <= 0) {
        setRate(0);
        return;
      }
      setRate((current) =>
        Math.sign(current) === direction
          ? Math.max(-MAX_SHUTTLE, Math.min(MAX_SHUTTLE, current * 2))
          : direction,
      );
    },
    [durationUs],
  );
  const stop = useCallback(() => setRate(0), []);
  return { playheadUs, setPlayheadUs, rate, seek, stepFrames, togglePlay, shuttle, stop };
}
