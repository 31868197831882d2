// The timeline as the host stores it: read once, refreshed by onDidChangeTimeline and by every
// apply() answer. Edits are commands; the renderer never edits the model itself.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Timeline } from '../../../shared/model/schemas';
import type { EditCommand } from '../../../shared/timeline/editCommands';
import { getStudio } from '../studio';
import { toShownError, type ShownError } from '../ui/errorText';

export interface TimelineState {
  timeline: Timeline | null;
  error: ShownError | null;
  apply: (command: EditCommand) => Promise<boolean>;
  dismissError: () => void;
}

export function useTimeline(): TimelineState {
  const [timeline, setTimeline] = useState<Timeline | null>(null);
  const [error, setError] = useState<ShownError | null>(null);
  const generation = useRef(0);

  useEffect(() => {
    const studio = getStudio();
    const started = generation.current;
    let alive = true;
    studio.timeline.get({}).then(
      (loaded) => {
        if (alive && generation.current === started) setTimeline(loaded);
      },
      (caught: unknown) => alive && setError(toShownError(caught)),
    );
    const subscription = studio.timeline.onDidChangeTimeline((next) => {
      generation.current += 1;
      setTimeline(next);
    });
    return () => {
      alive = false;
      subscription.dispose();
    };
  }, []);

  const apply = useCallback(async (command: EditCommand) => {
    try {
      const next = await getStudio().timeline.apply({ command });
      generation.current += 1;
      setTimeline(next);
      setError(null);
      return true;
    } catch (caught) {
      setError(toShownError(caught));
      return false;
    }
  }, []);

  return { timeline, error, apply, dismissError: useCallback(() => setError(null), []) };
}
