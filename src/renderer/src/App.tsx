import { useState } from 'react';
import { EditorLayout } from './editor/EditorLayout';
import { ProjectPicker } from './projects/ProjectPicker';
import { useCurrentProject } from './projects/useCurrentProject';
import { getStudio } from './studio';
import { toShownError, type ShownError } from './ui/errorText';
import { forgetPeaks } from './ui/peaksCache';

export function App() {
  const { loading, project, error, adopt } = useCurrentProject();
  const [closeError, setCloseError] = useState<ShownError | null>(null);

  if (loading) {
    return (
      <main className="splash" data-testid="splash" aria-busy="true">
        Connecting to the studio…
      </main>
    );
  }
  if (!project) return <ProjectPicker onOpened={adopt} startupError={error} />;

  const close = async () => {
    setCloseError(null);
    try {
      await getStudio().project.close({});
      forgetPeaks();
      adopt(null);
    } catch (caught) {
      setCloseError(toShownError(caught));
    }
  };

  return (
    <EditorLayout
      key={project.path}
      project={project}
      onClose={() => void close()}
      closeError={closeError}
      onDismissCloseError={() => setCloseError(null)}
    />
  );
}
