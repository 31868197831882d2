// The Faces panel: pick a photo or video of the project, analyse it, and see each face with its
// mesh drawn over the picture (for a video, frame by frame), the face tracks with a thumbnail
// each, and mark faces as the source or the target of later face effects.
import { useState } from 'react';
import type { Asset } from '../../../shared/model/schemas';
import { InlineError } from '../ui/InlineError';
import { FaceMeshOverlay } from './FaceMeshOverlay';
import { FaceTrackList } from './FaceTrackList';
import { useFaceAnalysis } from './useFaceAnalysis';

interface FacesPanelProps {
  assets: readonly Asset[];
}

function analysable(asset: Asset): boolean {
  return asset.kind !== 'audio' && asset.hasVideo && asset.status === 'ok';
}

export function FacesPanel({ assets }: FacesPanelProps) {
  const candidates = assets.filter(analysable);
  const [chosenId, setChosenId] = useState<string | null>(null);
  const asset = candidates.find((candidate) => candidate.id === chosenId) ?? candidates[0] ?? null;
  const [every, setEvery] = useState(1);
  const state = useFaceAnalysis(asset?.id ?? null);
  const { summary, progress } = state;
  const frames = summary?.analysedFrames ?? 0;
  const lastFrame = summary && frames > 0 ? (frames - 1) * summary.every : 0;

  return (
    <section className="panel faces-panel" aria-label="Faces" data-testid="faces-panel">
      <header className="panel-header">
        <h2 className="panel-title">Faces</h2>
        <select
          className="faces-asset-select"
          value={asset?.id ?? ''}
          onChange={(event) => setChosenId(event.target.value)}
          aria-label="Photo or video to analyse"
          data-testid="faces-asset"
          disabled={candidates.length === 0}
        >
          {candidates.map((candidate) => (
            <option key={candidate.id} value={candidate.id}>
              {candidate.name}
            </option>
          ))}
        </select>
        {asset?.kind === 'video' ? (
          <label className="faces-every" title="Analyse every Nth frame (1 = every frame)">
            every
            <input
              type="number"
              min={1}
              max={1000}
              value={every}
              onChange={(event) =>
                setEvery(Math.max(1, Math.min(1000, Math.round(Number(event.target.value)) || 1)))
              }
              data-testid="faces-every"
            />
          </label>
        ) : null}
        <button
          type="button"
          className="toolbar-button"
          onClick={() => state.analyse(asset?.kind === 'video' ? every : 1)}
          disabled={asset === null || state.analysing}
          data-testid="faces-analyse"
        >
          {summary ? 'Analyse again' : 'Find faces'}
        </button>
        <span className="faces-status muted" role="status" data-testid="faces-status">
          {state.analysing
            ? progress?.phase === 'analysing'
              ? `Analysing… ${progress.framesDone}/${progress.framesTotal} frames`
              : 'Loading the face models…'
            : summary
              ? `${summary.tracks.length} face${summary.tracks.length === 1 ? '' : 's'} · ${summary.analysedFrames} frame${summary.analysedFrames === 1 ? '' : 's'} · ${(summary.durationMs / 1000).toFixed(1)} s`
              : ''}
        </span>
      </header>
      <InlineError error={state.error} testId="faces-error" onDismiss={state.dismissError} />
      <div className="panel-body faces-body">
        {asset === null ? (
          <p className="empty-state faces-empty">Import a photo or a video to find the faces in it.</p>
        ) : summary === null ? (
          <p className="empty-state faces-empty" data-testid="faces-not-analysed">
            {state.loading ? 'Loading…' : `“${asset.name}” has not been analysed yet.`}
          </p>
        ) : (
          <div className="faces-layout">
            <div className="faces-view">
              <FaceMeshOverlay summary={summary} assetName={asset.name} />
              {summary.kind === 'video' && frames > 1 ? (
                <label className="faces-frame">
                  frame {summary.frame?.index ?? 0}
                  <input
                    type="range"
                    min={0}
                    max={lastFrame}
                    step={summary.every}
                    value={summary.frame?.index ?? 0}
                    onChange={(event) => state.showFrame(Number(event.target.value))}
                    aria-label="Analysed frame shown"
                    data-testid="faces-frame-slider"
                  />
                </label>
              ) : null}
            </div>
            <FaceTrackList
              tracks={summary.tracks}
              kind={summary.kind}
              onMark={state.mark}
              onShowFrame={state.showFrame}
            />
          </div>
        )}
      </div>
    </section>
  );
}
