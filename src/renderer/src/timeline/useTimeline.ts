// The timeline as the host stores it: read once, refreshed by onDidChangeTimeline and by every
// apply()/undo()/redo() answer. Edits are commands; the renderer never edits the model itself.
// Every applied edit is already saved in the project file (the host commits each one at once).
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Timeline } from '../../../shared/model/schemas';
import type { EditCommand } from '../../../shared/timeline/editCommands';
import type { HistoryState } from '../../../shared/timeline/editHistory';
import { getStudio } from '../studio';
import { toShownError, type ShownError } from '../ui/errorText';

export interface TimelineState {
  timeline: Timeline | null;
  error: ShownError | null;
  history: HistoryState;
  /** When the last edit (or undo/redo) was saved, for the "saved" indicator. */
  savedAt: Date | null;
  apply: (command: EditCommand) => Promise<boolean>;
  undo: () => Promise<boolean>;
  redo: () => Promise<boolean>;
  dismissError: () => void;
}

const NO_HISTORY: HistoryState = { canUndo: false, canRedo: false, undoLabel: null, redoLabel: null };

export function useTimeline(): TimelineState {
  const [timeline, setTimeline] = useState<Timeline | null>(null);
  const [error, setError] = useState<ShownError | null>(null);
  const [history, setHistory] = useState<HistoryState>(NO_HISTORY);
  const [savedAt, setSavedAt] = useState<Date | null>(null);
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
    studio.timeline.canUndo({}).then(
      (state) => alive && setHistory(state),
      () => undefined, // the timeline read above reports a missing project already
    );
    const subscriptions = [
      studio.timeline.onDidChangeTimeline((next) => {
        generation.current += 1;
        setTimeline(next);
      }),
      studio.timeline.onDidChangeHistory((state) => {
        setHistory(state);
        setSavedAt(new Date());
      }),
    ];
    return () => {
      alive = false;
      for (const subscription of subscriptions) subscription.dispose();
    };
  }, []);

  const run = useCallback(async (call: () => Promise<Timeline>) => {
    try {
      const next = await call();
      generation.current += 1;
      setTimeline(next);
      setError(null);
      return true;
    } catch (caught) {
      setError(toShownError(caught));
      return false;
    }
  }, []);

  const apply = useCallback(
    (command: EditCommand) => run(() => getStudio().timeline.apply({ command })),
    [run],
  );
  const undo = useCallback(() => run(() => getStudio().timeline.undo({})), [run]);
  const redo = useCallback(() => run(() => getStudio().timeline.redo({})), [run]);

  return {
    timeline,
    error,
    history,
    savedAt,
    apply,
    undo,
    redo,
    dismissError: useCallback(() => setError(null), []),
  };
}
