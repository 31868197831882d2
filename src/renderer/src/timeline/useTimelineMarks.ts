// Markers and in/out points: shown at once, saved with the project through timeline.setMarks.
// They are navigation aids, so they are not part of undo (like the playhead).
import { useCallback, useEffect, useRef, useState } from 'react';
import {
  EMPTY_TIMELINE_MARKS,
  type Marker,
  type TimelineMarks,
} from '../../../shared/timeline/timelineMarks';
import { getStudio } from '../studio';
import { toShownError, type ShownError } from '../ui/errorText';

export interface TimelineMarksState {
  marks: TimelineMarks;
  error: ShownError | null;
  /** Adds a marker at `us`, or removes the one already there. */
  toggleMarkerAt: (us: number) => void;
  removeMarker: (id: string) => void;
  setIn: (us: number | null) => void;
  setOut: (us: number | null) => void;
}

function newMarkerId(): string {
  return `marker-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

export function useTimelineMarks(): TimelineMarksState {
  const [marks, setMarks] = useState<TimelineMarks>(EMPTY_TIMELINE_MARKS);
  const [error, setError] = useState<ShownError | null>(null);
  const latest = useRef(marks);

  useEffect(() => {
    const studio = getStudio();
    let alive = true;
    studio.timeline.getMarks({}).then(
      (loaded) => {
        if (!alive) return;
        latest.current = loaded;
        setMarks(loaded);
      },
      () => undefined,
    );
    const subscription = studio.timeline.onDidChangeMarks((next) => {
      latest.current = next;
      setMarks(next);
    });
    return () => {
      alive = false;
      subscription.dispose();
    };
  }, []);

  const save = useCallback((next: TimelineMarks) => {
    latest.current = next;
    setMarks(next);
    getStudio()
      .timeline.setMarks({ marks: next })
      .then(
        () => setError(null),
        (caught: unknown) => setError(toShownError(caught)),
      );
  }, []);

  const toggleMarkerAt = useCallback(
    (us: number) => {
      const current = latest.current;
      const existing = current.markers.find((marker) => marker.us === us);
      const markers: Marker[] = existing
        ? current.markers.filter((marker) => marker !== existing)
        : [...current.markers, { id: newMarkerId(), us, label: `Marker ${current.markers.length + 1}` }];
      save({ ...current, markers: markers.sort((a, b) => a.us - b.us) });
    },
    [save],
  );
  const removeMarker = useCallback(
    (id: string) => {
      const current = latest.current;
      save({ ...current, markers: current.markers.filter((marker) => marker.id !== id) });
    },
    [save],
  );
  // An in point after the out point (or the reverse) drops the other one rather than failing.
  const setIn = useCallback(
    (us: number | null) => {
      const current = latest.current;
      const outUs = us !== null && current.outUs !== null && current.outUs <= us ? null : current.outUs;
      save({ ...current, inUs: us, outUs });
    },
    [save],
  );
  const setOut = useCallback(
    (us: number | null) => {
      const current = latest.current;
      const inUs = us !== null && current.inUs !== null && current.inUs >= us ? null : current.inUs;
      save({ ...current, outUs: us, inUs });
    },
    [save],
  );

  return { marks, error, toggleMarkerAt, removeMarker, setIn, setOut };
}
