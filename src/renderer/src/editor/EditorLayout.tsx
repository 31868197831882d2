import { useCallback, useMemo, useRef, useState } from 'react';
import type { Asset, ProjectSummary } from '../../../shared/model/schemas';
import { US_PER_SECOND, frameDuration } from '../../../shared/time';
import { timelineDuration } from '../../../shared/timeline/edits';
import { FacesViewerTabs } from '../faces/FacesViewerTabs';
import { InspectorPanel } from '../inspector/InspectorPanel';
import { useEffectsStack } from '../inspector/useEffectsStack';
import { MediaBin } from '../media-bin/MediaBin';
import { useAssets } from '../media-bin/useAssets';
import { Viewer } from '../preview/Viewer';
import { SidePanelTabs } from '../provenance/SidePanelTabs';
import { RenderDialog } from '../render-queue/RenderDialog';
import { RenderQueuePanel } from '../render-queue/RenderQueuePanel';
import { useRenders } from '../render-queue/useRenders';
import { TimelinePanel } from '../timeline/TimelinePanel';
import { DEFAULT_PX_PER_SECOND, zoomedIn, zoomedOut } from '../timeline/timelineGeometry';
import type { EditTool } from '../timeline/useClipDrag';
import { useTimeline } from '../timeline/useTimeline';
import { useTimelineMarks } from '../timeline/useTimelineMarks';
import { VoicePanel } from '../voice/VoicePanel';
import type { ShownError } from '../ui/errorText';
import { Splitter } from '../ui/Splitter';
import { ShortcutSheet } from './ShortcutSheet';
import { TopBar } from './TopBar';
import { useEditorActions } from './useEditorActions';
import { useEditorShortcuts } from './useEditorShortcuts';
import { usePanelSizes } from './usePanelSizes';
import { usePlayback } from './usePlayback';

interface EditorLayoutProps {
  project: ProjectSummary;
  onClose: () => void;
  closeError: ShownError | null;
  onDismissCloseError: () => void;
}

const INSPECTOR_WIDTH = 300;

/** Shotcut/Resolve-style layout: media bin, viewer and inspector on top, the timeline along the bottom. */
export function EditorLayout({ project, onClose, closeError, onDismissCloseError }: EditorLayoutProps) {
  const assetsState = useAssets();
  const timelineState = useTimeline();
  const marksState = useTimelineMarks();
  const effectsState = useEffectsStack();
  const renders = useRenders();
  const { timeline, apply } = timelineState;
  const assetsById = useMemo(
    () => new Map(assetsState.assets.map((asset) => [asset.id, asset] as const)),
    [assetsState.assets],
  );
  const fps = timeline?.fps ?? project.fps;
  const durationUs = timeline ? timelineDuration(timeline) : 0;
  const playback = usePlayback(fps, durationUs);
  const { playheadUs } = playback;
  const [pxPerSecond, setPxPerSecond] = useState(DEFAULT_PX_PER_SECOND);
  const [selection, setSelection] = useState<Set<string>>(() => new Set());
  const [tool, setTool] = useState<EditTool>('select');
  const [snapping, setSnapping] = useState(true);
  const [shortcutsShown, setShortcutsShown] = useState(false);
  const [renderDialogShown, setRenderDialogShown] = useState(false);
  const [rendersShown, setRendersShown] = useState(false);
  const [sizes, setSizes] = usePanelSizes();
  const sizesAtDragStart = useRef(sizes);
  const zoomToFitRef = useRef<(() => void) | null>(null);
  const registerZoomToFit = useCallback((zoomToFit: () => void) => {
    zoomToFitRef.current = zoomToFit;
  }, []);

  // Clips removed elsewhere (undo, another window, a failed edit) simply drop out of the selection.
  const liveSelection = useMemo(() => {
    if (!timeline) return selection;
    const present = new Set(timeline.clips.map((clip) => clip.id));
    const kept = [...selection].filter((id) => present.has(id));
    return kept.length === selection.size ? selection : new Set(kept);
  }, [selection, timeline]);

  const effectCounts = useMemo(() => {
    const counts = new Map<string, number>();
    for (const effect of effectsState.effects)
      counts.set(effect.clipId, (counts.get(effect.clipId) ?? 0) + 1);
    return counts;
  }, [effectsState.effects]);

  const actions = useEditorActions({
    timeline,
    effects: effectsState.effects,
    selection: liveSelection,
    playheadUs,
    apply,
    setSelection,
    marks: marksState,
  });

  const insertAtPlayhead = (asset: Asset) =>
    void apply({ type: 'insertAsset', assetId: asset.id, trackId: null, startUs: playheadUs });

  useEditorShortcuts({
    togglePlay: playback.togglePlay,
    shuttle: playback.shuttle,
    stepFrames: playback.stepFrames,
    stepSeconds: (seconds) => playback.seek(playheadUs + seconds * US_PER_SECOND),
    goToStart: () => playback.seek(0),
    goToEnd: () => playback.seek(durationUs),
    deleteSelection: actions.deleteSelection,
    rippleDeleteSelection: actions.rippleDeleteSelection,
    clearSelection: () => setSelection(new Set()),
    selectAll: actions.selectAll,
    split: actions.split,
    undo: () => void timelineState.undo(),
    redo: () => void timelineState.redo(),
    copy: actions.copy,
    paste: () => actions.paste(),
    duplicate: actions.duplicate,
    toggleMarker: actions.toggleMarker,
    markIn: actions.markIn,
    markOut: actions.markOut,
    zoomIn: () => setPxPerSecond((current) => zoomedIn(current)),
    zoomOut: () => setPxPerSecond((current) => zoomedOut(current)),
    zoomToFit: () => zoomToFitRef.current?.(),
    setTool,
    toggleSnapping: () => setSnapping((current) => !current),
    showShortcuts: () => setShortcutsShown(true),
    trimToPlayhead: actions.trimSelectionToPlayhead,
    selectAtPlayhead: actions.selectAtPlayhead,
    moveSelectionToTrack: actions.moveSelectionToTrack,
    openRender: () => setRenderDialogShown(true),
  });

  const running = renders.jobs.filter((job) => job.status === 'running' || job.status === 'queued');
  const renderProgress =
    running.length > 0 ? running.reduce((sum, job) => sum + job.progress, 0) / running.length : null;

  return (
    <div
      className="editor"
      data-testid="editor"
      style={{ gridTemplateRows: `auto minmax(0, 1fr) 5px ${sizes.timelineHeight}px` }}
    >
      <TopBar
        project={project}
        onClose={onClose}
        error={closeError}
        onDismissError={onDismissCloseError}
        savedAt={timelineState.savedAt}
        renderProgress={renderProgress}
        renderCount={renders.jobs.length}
        onRender={() => setRenderDialogShown(true)}
        onShowRenders={() => setRendersShown((shown) => !shown)}
        onShowShortcuts={() => setShortcutsShown(true)}
      />
      <div
        className="editor-top"
        style={{ gridTemplateColumns: `${sizes.binWidth}px 5px minmax(0, 1fr) ${INSPECTOR_WIDTH}px` }}
      >
        <MediaBin assetsState={assetsState} onInsertAtPlayhead={insertAtPlayhead} />
        <Splitter
          orientation="vertical"
          label="Resize media bin"
          onDragStart={() => (sizesAtDragStart.current = sizes)}
          onDrag={(delta) =>
            setSizes({ ...sizesAtDragStart.current, binWidth: sizesAtDragStart.current.binWidth + delta })
          }
        />
        <FacesViewerTabs assets={assetsState.assets}>
          <Viewer
            timeline={timeline}
            assetsById={assetsById}
            playheadUs={playheadUs}
            durationUs={durationUs}
            frameSeconds={frameDuration(fps) / US_PER_SECOND}
            rate={playback.rate}
            effects={effectsState.effects}
            onPlayheadChange={playback.setPlayheadUs}
            onStop={playback.stop}
            onTogglePlay={playback.togglePlay}
            onStepFrame={playback.stepFrames}
            onSeek={playback.seek}
          />
        </FacesViewerTabs>
        <SidePanelTabs assets={assetsState.assets} assetsById={assetsById} renders={renders.jobs}>
          <InspectorPanel
            timeline={timeline}
            selection={liveSelection}
            assetsById={assetsById}
            effects={effectsState.effects}
            kinds={effectsState.kinds}
            apply={apply}
          />
          <VoicePanel
            timeline={timeline}
            selection={liveSelection}
            assetsById={assetsById}
            playheadUs={playheadUs}
            apply={apply}
          />
        </SidePanelTabs>
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
        marksState={marksState}
        actions={actions}
        assetsById={assetsById}
        effectCounts={effectCounts}
        playheadUs={playheadUs}
        onSeek={playback.seek}
        pxPerSecond={pxPerSecond}
        onZoomChange={setPxPerSecond}
        selection={liveSelection}
        onSelectionChange={setSelection}
        tool={tool}
        onToolChange={setTool}
        snapping={snapping}
        onSnappingChange={setSnapping}
        registerZoomToFit={registerZoomToFit}
      />
      {shortcutsShown ? <ShortcutSheet onClose={() => setShortcutsShown(false)} /> : null}
      {renderDialogShown ? (
        <RenderDialog
          project={project}
          marks={marksState.marks}
          durationUs={durationUs}
          renderCount={renders.jobs.length}
          onClose={() => setRenderDialogShown(false)}
          onStarted={() => {
            setRenderDialogShown(false);
            setRendersShown(true);
            renders.refresh();
          }}
        />
      ) : null}
      {rendersShown ? (
        <RenderQueuePanel
          renders={renders}
          onClose={() => setRendersShown(false)}
          onNewRender={() => setRenderDialogShown(true)}
        />
      ) : null}
    </div>
  );
}
