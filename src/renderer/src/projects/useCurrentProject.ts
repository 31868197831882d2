// The open project, as the host knows it: read once, then kept fresh by onDidChangeProject.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ProjectSummary } from '../../../shared/model/schemas';
import { getStudio } from '../studio';
import { toShownError, type ShownError } from '../ui/errorText';

export interface CurrentProjectState {
  loading: boolean;
  project: ProjectSummary | null;
  error: ShownError | null;
}

export function useCurrentProject(): CurrentProjectState & {
  adopt: (project: ProjectSummary | null) => void;
} {
  const [state, setState] = useState<CurrentProjectState>({ loading: true, project: null, error: null });
  // Anything newer than the initial read (an event, a create/open answer) wins over it.
  const generation = useRef(0);

  const adopt = useCallback((project: ProjectSummary | null) => {
    generation.current += 1;
    setState({ loading: false, project, error: null });
  }, []);

  useEffect(() => {
    const studio = getStudio();
    const started = generation.current;
    let alive = true;
    studio.project.getCurrent({}).then(
      (project) => {
        if (alive && generation.current === started) setState({ loading: false, project, error: null });
      },
      (error: unknown) => {
        if (alive && generation.current === started) {
          setState({ loading: false, project: null, error: toShownError(error) });
        }
      },
    );
    const subscription = studio.project.onDidChangeProject((project) => adopt(project));
    return () => {
      alive = false;
      subscription.dispose();
    };
  }, [adopt]);

  return { ...state, adopt };
}
