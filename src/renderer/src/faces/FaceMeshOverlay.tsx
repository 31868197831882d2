// The analysed frame with every face's mesh drawn on a canvas over it: the 468 landmarks joined
// by a Delaunay triangulation, the face box and the track number. The canvas carries the face and
// landmark counts as data attributes, so tests (and curious users) can read what was drawn.
import Delaunator from 'delaunator';
import { useEffect, useMemo, useRef } from 'react';
import type { AnalysedFace, FaceAnalysisSummary } from '../../../shared/contracts/facesContract';
import { getStudio } from '../studio';
import { useElementSize } from '../ui/useElementSize';

interface FaceMeshOverlayProps {
  summary: FaceAnalysisSummary;
  assetName: string;
}

const MESH_COLOUR = 'rgba(90, 220, 255, 0.55)';
const BOX_COLOUR = 'rgba(232, 146, 58, 0.95)';

function drawFace(context: CanvasRenderingContext2D, face: AnalysedFace, scale: number): number {
  const points: number[] = [];
  for (let index = 0; index + 2 < face.landmarks.length; index += 3) {
    points.push((face.landmarks[index] ?? 0) * scale, (face.landmarks[index + 1] ?? 0) * scale);
  }
  const triangles = new Delaunator(points).triangles;
  context.strokeStyle = MESH_COLOUR;
  context.lineWidth = 0.6;
  context.beginPath();
  for (let index = 0; index + 2 < triangles.length; index += 3) {
    const [a, b, c] = [triangles[index] ?? 0, triangles[index + 1] ?? 0, triangles[index + 2] ?? 0];
    context.moveTo(points[a * 2] ?? 0, points[a * 2 + 1] ?? 0);
    context.lineTo(points[b * 2] ?? 0, points[b * 2 + 1] ?? 0);
    context.lineTo(points[c * 2] ?? 0, points[c * 2 + 1] ?? 0);
    context.closePath();
  }
  context.stroke();
  const { x, y, width, height } = face.box;
  context.strokeStyle = BOX_COLOUR;
  context.lineWidth = 1.5;
  context.strokeRect(x * scale, y * scale, width * scale, height * scale);
  context.fillStyle = BOX_COLOUR;
  context.font = '12px system-ui, sans-serif';
  context.fillText(`Face ${face.trackId + 1}`, x * scale + 2, Math.max(12, y * scale - 4));
  return points.length / 2;
}

export function FaceMeshOverlay({ summary, assetName }: FaceMeshOverlayProps) {
  const stageRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const videoRef = useRef<HTMLVideoElement>(null);
  const stage = useElementSize(stageRef);
  const fit = Math.min(stage.width / summary.width, stage.height / summary.height) || 0;
  const shownWidth = Math.floor(summary.width * fit);
  const shownHeight = Math.floor(summary.height * fit);
  const frame = summary.frame;
  const faces = useMemo(() => frame?.faces ?? [], [frame]);
  const landmarkCount = faces.reduce((sum, face) => sum + face.landmarks.length / 3, 0);
  const url = getStudio().platform.mediaUrl(summary.assetId, 'file');

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || shownWidth <= 0 || shownHeight <= 0) return;
    const ratio = window.devicePixelRatio || 1;
    canvas.width = Math.round(shownWidth * ratio);
    canvas.height = Math.round(shownHeight * ratio);
    const context = canvas.getContext('2d');
    if (!context) return;
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.clearRect(0, 0, shownWidth, shownHeight);
    for (const face of faces) drawFace(context, face, fit);
    canvas.dataset.drawn = 'true';
  }, [faces, fit, shownWidth, shownHeight]);

  // A video shows the analysed frame: seek to the middle of it so rounding never lands on the previous one.
  useEffect(() => {
    const video = videoRef.current;
    if (!video || !frame || !summary.fps) return;
    video.currentTime = (frame.timeUs + (0.5 * 1e6 * summary.fps.den) / summary.fps.num) / 1e6;
  }, [frame, summary.fps]);

  return (
    <div className="faces-stage" ref={stageRef}>
      <div className="faces-picture" style={{ width: shownWidth, height: shownHeight }}>
        {summary.kind === 'image' ? (
          <img src={url} alt={assetName} draggable={false} data-testid="faces-image" />
        ) : (
          <video ref={videoRef} src={url} muted preload="auto" playsInline data-testid="faces-video" />
        )}
        <canvas
          ref={canvasRef}
          className="faces-canvas"
          data-testid="face-mesh-canvas"
          data-frame-index={frame?.index ?? ''}
          data-face-count={faces.length}
          data-landmark-count={landmarkCount}
          aria-label={`${faces.length} face${faces.length === 1 ? '' : 's'} with their meshes`}
        />
      </div>
    </div>
  );
}
