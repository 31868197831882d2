// The Provenance panel: inspect any file (an asset of the project, a render's output, or a path)
// for its C2PA manifest, the studio's invisible watermark, the content safety verdict and the
// deepfake cues. Reading only: the file is never changed.
import { useCallback, useEffect, useState } from 'react';
import type { RenderJob } from '../../../shared/contracts/renderContract';
import type { InspectionReport } from '../../../shared/model/provenanceSchemas';
import type { Asset } from '../../../shared/model/schemas';
import { getStudio } from '../studio';
import { toShownError, type ShownError } from '../ui/errorText';
import { InlineError } from '../ui/InlineError';
import { onInspectionRequest } from './inspectionRequests';
import { InspectionReportView } from './InspectionReportView';

interface ProvenancePanelProps {
  assets: readonly Asset[];
  renders: readonly RenderJob[];
}

interface Inspected {
  path: string;
  report: InspectionReport;
  seconds: number;
}

export function ProvenancePanel({ assets, renders }: ProvenancePanelProps) {
  const [path, setPath] = useState('');
  const [busyPath, setBusyPath] = useState<string | null>(null);
  const [inspected, setInspected] = useState<Inspected | null>(null);
  const [error, setError] = useState<ShownError | null>(null);
  const outputs = renders.filter((job) => job.status === 'done');

  const inspect = useCallback((target: string) => {
    const trimmed = target.trim();
    if (!trimmed) return;
    setPath(trimmed);
    setBusyPath(trimmed);
    setError(null);
    const started = performance.now();
    getStudio()
      .inspector.inspect({ path: trimmed })
      .then(
        (report) => setInspected({ path: trimmed, report, seconds: (performance.now() - started) / 1000 }),
        (caught: unknown) => setError(toShownError(caught)),
      )
      .finally(() => setBusyPath((current) => (current === trimmed ? null : current)));
  }, []);

  useEffect(() => onInspectionRequest(inspect), [inspect]);

  return (
    <section className="panel provenance-panel" aria-label="Provenance" data-testid="provenance-panel">
      <form
        className="provenance-pick"
        onSubmit={(event) => {
          event.preventDefault();
          inspect(path);
        }}
      >
        <select
          value=""
          onChange={(event) => event.target.value && inspect(event.target.value)}
          aria-label="Choose a file of the project to inspect"
          data-testid="provenance-choose"
        >
          <option value="">Choose a file…</option>
          {outputs.length > 0 ? (
            <optgroup label="Renders">
              {outputs.map((job) => (
                <option key={job.id} value={job.outputPath}>
                  {job.outputPath.split(/[\\/]/).pop()}
                </option>
              ))}
            </optgroup>
          ) : null}
          {assets.length > 0 ? (
            <optgroup label="Media">
              {assets.map((asset) => (
                <option key={asset.id} value={asset.path}>
                  {asset.name}
                </option>
              ))}
            </optgroup>
          ) : null}
        </select>
        <div className="provenance-path-row">
          <input
            type="text"
            value={path}
            onChange={(event) => setPath(event.target.value)}
            placeholder="…or the path of any media file"
            spellCheck={false}
            aria-label="Path of the file to inspect"
            data-testid="provenance-path"
          />
          <button
            type="submit"
            className="secondary-button"
            disabled={busyPath !== null || !path.trim()}
            data-testid="provenance-inspect"
          >
            Inspect
          </button>
        </div>
      </form>
      <InlineError error={error} testId="provenance-error" onDismiss={() => setError(null)} />
      {busyPath !== null ? (
        <p className="provenance-busy muted" role="status" data-testid="provenance-busy">
          Inspecting {busyPath.split(/[\\/]/).pop()}… (manifest, watermark, content safety, face analysis)
        </p>
      ) : null}
      {inspected ? (
        <InspectionReportView path={inspected.path} report={inspected.report} seconds={inspected.seconds} />
      ) : busyPath === null ? (
        <p className="empty-state">
          Pick a render or a media file to see its C2PA manifest, the studio’s invisible watermark, the
          content safety verdict and the deepfake cues.
        </p>
      ) : null}
    </section>
  );
}
