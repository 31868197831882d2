import type { Track } from '../../../shared/model/schemas';
import { Icon } from '../ui/Icon';

export function TrackHeader({
  track,
  height,
  clipCount,
}: {
  track: Track;
  height: number;
  clipCount: number;
}) {
  return (
    <div
      className={`track-header track-header-${track.kind}`}
      style={{ height }}
      data-testid="track-header"
      data-track-id={track.id}
      aria-label={`${track.kind === 'video' ? 'Video' : 'Audio'} track ${track.name}`}
      title={`${track.kind === 'video' ? 'Video' : 'Audio'} track ${track.name} · ${clipCount} clip${clipCount === 1 ? '' : 's'}`}
    >
      <span className={`track-kind track-kind-${track.kind}`}>
        <Icon name={track.kind} size={14} />
      </span>
      <span className="track-name" data-testid="track-name">
        {track.name}
      </span>
      <span className="track-flags">
        {track.muted ? <span title="Muted">M</span> : null}
        {track.locked ? <span title="Locked">L</span> : null}
        {track.hidden ? <span title="Hidden">H</span> : null}
      </span>
    </div>
  );
}
