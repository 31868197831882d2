// The inspector: the selected clip's properties (editable where an edit command exists) and its
// effects stack. Every change is one edit command, so it is saved at once and undoable.
import type { Asset, Timeline } from '../../../shared/model/schemas';
import { formatTimecode } from '../../../shared/time';
import type { EditCommand } from '../../../shared/timeline/editCommands';
import { clipDuration, clipEnd } from '../../../shared/timeline/edits';
import type { ClipEffect, EffectKind } from '../../../shared/timeline/editState';
import type { AudioSourceOption } from './effectPickerInputs';
import { EffectStack } from './EffectStack';
import { SecondsField } from './SecondsField';

interface InspectorPanelProps {
  timeline: Timeline | null;
  selection: ReadonlySet<string>;
  assetsById: ReadonlyMap<string, Asset>;
  effects: readonly ClipEffect[];
  kinds: readonly EffectKind[];
  apply: (command: EditCommand) => Promise<boolean>;
}

export function InspectorPanel({
  timeline,
  selection,
  assetsById,
  effects,
  kinds,
  apply,
}: InspectorPanelProps) {
  const selected = timeline?.clips.filter((clip) => selection.has(clip.id)) ?? [];
  // A linked pair counts as one thing to inspect: show the video half.
  const groups = new Set(selected.map((clip) => clip.linkGroup ?? clip.id));
  const tracksById = new Map(timeline?.tracks.map((track) => [track.id, track]) ?? []);
  const clip =
    groups.size === 1
      ? (selected.find((candidate) => tracksById.get(candidate.trackId)?.kind === 'video') ?? selected[0])
      : undefined;

  let body;
  if (selected.length === 0) {
    body = (
      <p className="empty-state" data-testid="inspector-empty">
        Select a clip on the timeline to see its properties and effects.
      </p>
    );
  } else if (!clip) {
    body = (
      <p className="empty-state" data-testid="inspector-multiple">
        {selected.length} clips selected. Select one to edit it; Delete, Ctrl+C and Ctrl+D work on all of
        them.
      </p>
    );
  } else {
    const asset = assetsById.get(clip.assetId);
    const track = tracksById.get(clip.trackId);
    const linked = clip.linkGroup
      ? timeline!.clips.filter((other) => other.linkGroup === clip.linkGroup && other.id !== clip.id)
      : [];
    body = (
      <div className="inspector-body" data-testid="inspector-clip" data-clip-id={clip.id}>
        <h3 className="inspector-clip-name" title={asset?.path}>
          {asset?.name ?? 'Unknown asset'}
        </h3>
        <dl className="inspector-properties">
          <dt>Track</dt>
          <dd>{track ? `${track.name} (${track.kind})` : '—'}</dd>
          <dt>Start</dt>
          <dd>
            <SecondsField
              label="Start (seconds)"
              testId="inspector-start"
              us={clip.startUs}
              onCommit={(us) =>
                void apply({ type: 'moveClip', clipId: clip.id, trackId: clip.trackId, startUs: us })
              }
            />
          </dd>
          <dt>Length</dt>
          <dd>
            <SecondsField
              label="Length (seconds)"
              testId="inspector-length"
              us={clipDuration(clip)}
              onCommit={(us) =>
                void apply({
                  type: 'trimClip',
                  clipId: clip.id,
                  edge: 'out',
                  toUs: clip.startUs + Math.max(0, us),
                })
              }
            />
          </dd>
          <dt>End</dt>
          <dd className="timecode">{formatTimecode(clipEnd(clip))}</dd>
          <dt>Source in / out</dt>
          <dd className="timecode" data-testid="inspector-source-range">
            {formatTimecode(clip.inUs)} – {formatTimecode(clip.outUs)}
          </dd>
          <dt>Linked</dt>
          <dd>
            {linked.length > 0 ? (
              <button
                type="button"
                className="link-button"
                data-testid="inspector-unlink"
                onClick={() => void apply({ type: 'unlinkClips', clipIds: [clip.id] })}
              >
                Unlink from its {linked.length === 1 ? 'audio/video' : `${linked.length} clips`}
              </button>
            ) : (
              'no'
            )}
          </dd>
        </dl>
        <EffectStack
          clipId={clip.id}
          locked={track?.locked ?? false}
          effects={effects}
          kinds={kinds}
          audioSources={audioSourcesOf(timeline!, assetsById)}
          apply={apply}
        />
      </div>
    );
  }

  return (
    <section className="panel inspector" aria-label="Inspector" data-testid="inspector">
      <header className="panel-header">
        <h2 className="panel-title">Inspector</h2>
      </header>
      {body}
    </section>
  );
}

/** The timeline's audio clips (by start time) then the project's files that have sound. */
function audioSourcesOf(timeline: Timeline, assetsById: ReadonlyMap<string, Asset>): AudioSourceOption[] {
  const audioTracks = new Map(
    timeline.tracks.filter((track) => track.kind === 'audio').map((track) => [track.id, track]),
  );
  const clips = timeline.clips
    .filter((clip) => audioTracks.has(clip.trackId))
    .sort((a, b) => a.startUs - b.startUs)
    .map((clip) => ({
      kind: 'clip' as const,
      id: clip.id,
      label: `${assetsById.get(clip.assetId)?.name ?? 'Unknown asset'} at ${formatTimecode(clip.startUs)} (${audioTracks.get(clip.trackId)?.name ?? ''})`,
    }));
  const assets = [...assetsById.values()]
    .filter((asset) => asset.hasAudio)
    .map((asset) => ({ kind: 'asset' as const, id: asset.id, label: asset.name }));
  return [...clips, ...assets];
}
