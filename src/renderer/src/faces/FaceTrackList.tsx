// The face tracks of the asset: a thumbnail per track, where it appears, and the buttons that mark
// it as the source (a face identity; consent is asked for in the identities panel) or the target
// of later face effects.
import type { FaceRole, FaceTrack } from '../../../shared/contracts/facesContract';

interface FaceTrackListProps {
  tracks: readonly FaceTrack[];
  kind: 'image' | 'video';
  onMark: (trackId: number, role: FaceRole | null) => void;
  onShowFrame: (frameIndex: number) => void;
}

const roleLabels: Record<FaceRole, string> = { source: 'Source', target: 'Target' };

export function FaceTrackList({ tracks, kind, onMark, onShowFrame }: FaceTrackListProps) {
  if (tracks.length === 0) {
    return (
      <p className="faces-empty muted" data-testid="faces-no-tracks">
        No faces found.
      </p>
    );
  }
  return (
    <ul className="faces-tracks" aria-label="Face tracks">
      {tracks.map((track) => (
        <li
          key={track.id}
          className={track.role ? `faces-track faces-track-${track.role}` : 'faces-track'}
          data-testid="face-track"
          data-track-id={track.id}
          data-role={track.role ?? 'none'}
        >
          <button
            type="button"
            className="faces-track-thumbnail"
            onClick={() => onShowFrame(track.firstFrame)}
            title={kind === 'video' ? 'Show the first frame of this face' : 'Face'}
          >
            <img src={track.thumbnail} alt={`Face ${track.id + 1}`} width={64} height={64} />
          </button>
          <div className="faces-track-info">
            <span className="faces-track-name">Face {track.id + 1}</span>
            <span className="muted">
              {kind === 'video'
                ? `frames ${track.firstFrame}–${track.lastFrame} (${track.frameCount} analysed)`
                : `score ${track.meanScore.toFixed(2)}`}
            </span>
            {track.role ? (
              <span className={`faces-role-badge faces-role-${track.role}`} data-testid="face-track-role">
                {roleLabels[track.role]}
              </span>
            ) : null}
          </div>
          <div className="faces-track-actions">
            {(['source', 'target'] as const).map((role) => (
              <button
                key={role}
                type="button"
                className={track.role === role ? 'toolbar-button toolbar-button-active' : 'toolbar-button'}
                aria-pressed={track.role === role}
                onClick={() => onMark(track.id, track.role === role ? null : role)}
                data-testid={`face-mark-${role}`}
                title={
                  role === 'source'
                    ? 'Use this face as the source of face effects (creates a face identity that needs consent)'
                    : 'Apply face effects to this face'
                }
              >
                {roleLabels[role]}
              </button>
            ))}
          </div>
        </li>
      ))}
    </ul>
  );
}
