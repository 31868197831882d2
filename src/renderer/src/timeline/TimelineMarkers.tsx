import type { TimelineMarks } from '../../../shared/timeline/timelineMarks';
import { formatTimecode } from '../../../shared/time';
import { RULER_HEIGHT, TRACK_HEADER_WIDTH, usToPx } from './timelineGeometry';

interface TimelineMarkersProps {
  marks: TimelineMarks;
  pxPerSecond: number;
  onSeek: (us: number) => void;
  onRemoveMarker: (id: string) => void;
}

/** Markers (flags on the ruler with a line through the lanes) and the in/out range. */
export function TimelineMarkers({ marks, pxPerSecond, onSeek, onRemoveMarker }: TimelineMarkersProps) {
  const x = (us: number) => TRACK_HEADER_WIDTH + usToPx(us, pxPerSecond);
  const hasRange = marks.inUs !== null || marks.outUs !== null;
  return (
    <>
      {hasRange ? (
        <div
          className="timeline-in-out"
          data-testid="timeline-in-out"
          data-in-us={marks.inUs ?? ''}
          data-out-us={marks.outUs ?? ''}
          style={{
            left: x(marks.inUs ?? 0),
            width: marks.outUs === null ? 40 : Math.max(1, x(marks.outUs) - x(marks.inUs ?? 0)),
            height: RULER_HEIGHT,
          }}
          title={`In ${marks.inUs === null ? '—' : formatTimecode(marks.inUs)} · out ${
            marks.outUs === null ? '—' : formatTimecode(marks.outUs)
          } (I / O set them at the playhead)`}
        />
      ) : null}
      {marks.markers.map((marker) => (
        <div
          key={marker.id}
          className="timeline-marker-line"
          style={{ left: x(marker.us), top: RULER_HEIGHT }}
          aria-hidden="true"
        />
      ))}
      {marks.markers.map((marker) => (
        <button
          key={marker.id}
          type="button"
          className="timeline-marker"
          style={{ left: x(marker.us) - 5 }}
          data-testid="timeline-marker"
          data-us={marker.us}
          aria-label={`${marker.label} at ${formatTimecode(marker.us)}`}
          title={`${marker.label} · ${formatTimecode(marker.us)}\nClick to go there · right-click to remove`}
          onClick={() => onSeek(marker.us)}
          onContextMenu={(event) => {
            event.preventDefault();
            onRemoveMarker(marker.id);
          }}
        />
      ))}
    </>
  );
}
