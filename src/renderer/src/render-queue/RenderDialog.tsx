// Render settings: where to, which preset, all of the timeline or the in-out range. Starting a
// render closes the dialog at once; the queue shows its progress while editing goes on.
import { useEffect, useRef, useState } from 'react';
import type { RenderPreset } from '../../../shared/contracts/renderContract';
import type { ProjectSummary } from '../../../shared/model/schemas';
import { formatTimecode } from '../../../shared/time';
import type { TimelineMarks } from '../../../shared/timeline/timelineMarks';
import { markedRange } from '../../../shared/timeline/timelineMarks';
import { getStudio } from '../studio';
import { toShownError, type ShownError } from '../ui/errorText';
import { InlineError } from '../ui/InlineError';

interface RenderDialogProps {
  project: ProjectSummary;
  marks: TimelineMarks;
  durationUs: number;
  renderCount: number;
  onStarted: (renderId: string) => void;
  onClose: () => void;
}

const PRESETS: { preset: RenderPreset; label: string }[] = [
  { preset: 'source', label: 'Source (project size, H.264)' },
  { preset: '1080p-h264', label: '1080p H.264' },
  { preset: '720p-h264', label: '720p H.264' },
];

/** `<project folder>/<name>.mp4`, numbered after the first render so earlier outputs stay. */
export function suggestedOutputPath(project: ProjectSummary, renderCount: number): string {
  const folder = project.path.replace(/[^/\\]*$/, '');
  return `${folder}${project.name}${renderCount > 0 ? ` ${renderCount + 1}` : ''}.mp4`;
}

export function RenderDialog({
  project,
  marks,
  durationUs,
  renderCount,
  onStarted,
  onClose,
}: RenderDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const [outputPath, setOutputPath] = useState(() => suggestedOutputPath(project, renderCount));
  const [preset, setPreset] = useState<RenderPreset>('source');
  const hasRange = marks.inUs !== null || marks.outUs !== null;
  const [useRange, setUseRange] = useState(hasRange);
  const [visibleLabel, setVisibleLabel] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);
  const [starting, setStarting] = useState(false);
  const range = markedRange(marks, durationUs);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  const start = async () => {
    setStarting(true);
    setError(null);
    try {
      const { renderId } = await getStudio().render.start({
        outputPath,
        preset,
        codec: {},
        range: useRange && hasRange ? range : null,
        visibleLabel,
      });
      onStarted(renderId);
    } catch (caught) {
      setError(toShownError(caught));
      setStarting(false);
    }
  };

  return (
    <dialog
      ref={ref}
      className="modal render-dialog"
      aria-label="Render"
      data-testid="render-dialog"
      onClose={onClose}
    >
      <header className="modal-header">
        <h2>Render</h2>
        <button type="button" className="icon-button" onClick={onClose} aria-label="Close">
          ×
        </button>
      </header>
      <form
        className="render-form"
        onSubmit={(event) => {
          event.preventDefault();
          void start();
        }}
      >
        <label>
          Output file
          <input
            type="text"
            value={outputPath}
            onChange={(event) => setOutputPath(event.target.value)}
            data-testid="render-output"
            required
          />
        </label>
        <label>
          Preset
          <select
            value={preset}
            onChange={(event) => setPreset(event.target.value as RenderPreset)}
            data-testid="render-preset"
          >
            {PRESETS.map((entry) => (
              <option key={entry.preset} value={entry.preset}>
                {entry.label}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="render-range">
          <legend>Range</legend>
          <label>
            <input
              type="radio"
              name="range"
              checked={!useRange || !hasRange}
              onChange={() => setUseRange(false)}
              data-testid="render-range-all"
            />
            The whole timeline ({formatTimecode(durationUs)})
          </label>
          <label title={hasRange ? undefined : 'Set an in point (I) and/or an out point (O) first'}>
            <input
              type="radio"
              name="range"
              checked={useRange && hasRange}
              disabled={!hasRange}
              onChange={() => setUseRange(true)}
              data-testid="render-range-in-out"
            />
            In to out ({formatTimecode(range.startUs)} – {formatTimecode(range.endUs)})
          </label>
        </fieldset>
        <label className="render-label-option">
          <span>
            <input
              type="checkbox"
              checked={visibleLabel}
              onChange={(event) => setVisibleLabel(event.target.checked)}
              data-testid="render-visible-label"
            />{' '}
            Show a visible “AI-GENERATED” label in the corner
          </span>
          <span className="muted">
            Every render also carries an invisible watermark and a signed C2PA manifest, label or not.
          </span>
        </label>
        <InlineError error={error} testId="render-error" />
        <footer className="modal-footer">
          <button type="button" className="secondary-button" onClick={onClose}>
            Cancel
          </button>
          <button
            type="submit"
            className="primary-button"
            disabled={starting || durationUs <= 0}
            data-testid="render-start"
          >
            {starting ? 'Starting…' : 'Start render'}
          </button>
        </footer>
      </form>
    </dialog>
  );
}
