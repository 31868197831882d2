import { useCallback, useMemo, useRef, useState } from 'react';
import type { Asset, ProjectSummary } from '../../../shared/model/schemas';
import { US_PER_SECOND, frameDuration, frameIndexAt, frameStart } from '../../../shared/time';
import { timelineDuration } from '../../../shared/timeline/edits';
import { MediaBin } from '../media-bin/MediaBin';
import { useAssets } from '../media-bin/useAssets';
import { Viewer } from '../preview/Viewer';
import { TimelinePanel } from '../timeline/TimelinePanel';
import { DEFAULT_PX_PER_SECOND, zoomedIn, zoomedOut } from '../timeline/timelineGeometry';
import { useTimeline } from '../timeline/useTimeline';
import type { ShownError } from '../ui/errorText';
import { Splitter } from '../ui/Splitter';
import { TopBar } from './TopBar';
import { useEditorShortcuts } from './useEditorShortcuts';
import { usePanelSizes } from './usePanelSizes';

interface EditorLayoutProps {
  project: ProjectSummary;
  onClose: () => void;
  closeError: ShownError | null;
  onDismissCloseError: () => void;
}

/** Shotcut/Resolve-style layout: media bin top-left, viewer top-right, timeline along the bottom. */
export function EditorLayout({ project, onClose, closeError, onDismissCloseError }: EditorLayoutProps) {
  const assetsState = useAssets();
  const timelineState = useTimeline();
  const { timeline, apply } = timelineState;
  const assetsById = useMemo(
    () => new Map(assetsState.assets.map((asset) => [asset.id, asset] as const)),
    [assetsState.assets],
  );
  const [playheadUs, setPlayheadUs] = useState(0);
  const [playing, setPlaying] = useState(false);
  const [pxPerSecond, setPxPerSecond] = useState(DEFAULT_PX_PER_SECOND);
  const [selection, setSelection] = useState<Set<string>>(() => new Set());
  const [sizes, setSizes] = usePanelSizes();
  const sizesAtDragStart = useRef(sizes);

  const fps = timeline?.fps ?? project.fps;
  const durationUs = timeline ? timelineDuration(timeline) : 0;

  // Clips removed elsewhere (another window, a failed edit) simply drop out of the selection.
  const liveSelection = useMemo(() => {
    if (!timeline) return selection;
    const present = new Set(timeline.clips.map((clip) => clip.id));
    const kept = [...selection].filter((id) => present.has(id));
    return kept.length === selection.size ? selection : new Set(kept);
  }, [selection, timeline]);

  const seek = useCallback((us: number) => {
    setPlaying(false);
    setPlayheadUs(Math.max(0, Math.round(us)));
  }, []);
  const stepFrames = useCallback(
    (frames: number) => {
      setPlaying(false);
      setPlayheadUs((current) =>
        Math.max(0, frameStart(Math.max(0, frameIndexAt(current, fps) + frames), fps)),
      );
    },
    [fps],
  );
  const togglePlay = useCallback(() => {
    if (playing) {
      setPlaying(false);
      return;
    }
    if (durationUs <= 0) return;
    if (playheadUs >= durationUs) setPlayheadUs(0); // at the end: play again from the start
    setPlaying(true);
  }, [playing, playheadUs, durationUs]);

  const deleteSelection = useCallback(() => {
    if (liveSelection.size === 0) return;
    void apply({ type: 'removeClips', clipIds: [...liveSelection] }).then((ok) => {
      if (ok) setSelection(new Set());
    });
  }, [apply, liveSelection]);

  const insertAtPlayhead = useCallback(
    (asset: Asset) =>
      void apply({ type: 'insertAsset', assetId: asset.id, trackId: null, startUs: playheadUs }),
    [apply, playheadUs],
  );

  useEditorShortcuts({
    togglePlay,
    stepFrames,
    stepSeconds: (seconds) => seek(playheadUs + seconds * US_PER_SECOND),
    goToStart: () => seek(0),
    goToEnd: () => seek(durationUs),
    deleteSelection,
    clearSelection: () => setSelection(new Set()),
    zoomIn: () => setPxPerSecond((current) => zoomedIn(current)),
    zoomOut: () => setPxPerSecond((current) => zoomedOut(current)),
  });

  return (
    <div
      className="editor"
      data-testid="editor"
      style={{ gridTemplateRows: `auto minmax(0, 1fr) 5px ${sizes.timelineHeight}px` }}
    >
      <TopBar project={project} onClose={onClose} error={closeError} onDismissError={onDismissCloseError} />
      <div className="editor-top" style={{ gridTemplateColumns: `${sizes.binWidth}px 5px minmax(0, 1fr)` }}>
        <MediaBin assetsState={assetsState} onInsertAtPlayhead={insertAtPlayhead} />
        <Splitter
          orientation="vertical"
          label="Resize media bin"
          onDragStart={() => (sizesAtDragStart.current = sizes)}
          onDrag={(delta) =>
            setSizes({ ...sizesAtDragStart.current, binWidth: sizesAtDragStart.current.binWidth + delta })
          }
        />
        <Viewer
          timeline={timeline}
          assetsById={assetsById}
          playheadUs={playheadUs}
          durationUs={durationUs}
          frameSeconds={frameDuration(fps) / US_PER_SECOND}
          playing={playing}
          onPlayheadChange={setPlayheadUs}
          onPlayingChange={setPlaying}
          onTogglePlay={togglePlay}
          onStepFrame={stepFrames}
          onSeek={seek}
        />
      </div>
      <Splitter
        orientation="horizontal"
        label="Resize timeline"
        onDragStart={() => (sizesAtDragStart.current = sizes)}
        onDrag={(delta) =>
          setSizes({
            ...sizesAtDragStart.current,
            timelineHeight: sizesAtDragStart.current.timelineHeight - delta,
          })
        }
      />
      <TimelinePanel
        timelineState={timelineState}
        assetsById={assetsById}
        playheadUs={playheadUs}
        onSeek={seek}
        pxPerSecond={pxPerSecond}
        onZoomChange={setPxPerSecond}
        selection={liveSelection}
        onSelectionChange={setSelection}
        onDeleteSelection={deleteSelection}
      />
    </div>
  );
}
