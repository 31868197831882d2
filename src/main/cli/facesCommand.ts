// doppel faces FILE [--every N] [--embeddings] [--json]: face analysis of any photo or video file
// (no project needed). With --json it prints one compact JSON document: the file's size and rate,
// then per analysed frame each face with its box, score, roll, the 468 landmarks as [x, y, z],
// its track id and (with --embeddings) its identity descriptor; then the track summaries.
import { resolve } from 'node:path';
import type { AnalysedFace } from '../../shared/contracts/facesContract';
import type { FaceAnalysis } from '../engine/face/faceAnalysisResult';
import { FaceAnalyzer } from '../engine/face/faceAnalyzer';
import { InferenceSessionPool } from '../engine/inference/sessionPool';
import { probeMedia } from '../media/probeMedia';
import type { Studio } from '../services/createStudio';
import { parseCommandArguments } from './cliArguments';
import { UsageError, type CliContext } from './cliOutput';
import { createProgressReporter } from './progressBar';

const USAGE = 'usage: doppel faces FILE [--every N] [--embeddings] [--json]';

function landmarkTriples(face: AnalysedFace): number[][] {
  const triples: number[][] = [];
  for (let index = 0; index + 2 < face.landmarks.length; index += 3) {
    triples.push([
      face.landmarks[index] ?? 0,
      face.landmarks[index + 1] ?? 0,
      face.landmarks[index + 2] ?? 0,
    ]);
  }
  return triples;
}

export function facesJson(path: string, analysis: FaceAnalysis) {
  return {
    file: path,
    kind: analysis.kind,
    width: analysis.width,
    height: analysis.height,
    fps: analysis.fps,
    every: analysis.settings.every,
    models: analysis.models,
    frames: analysis.frames.map((frame) => ({
      index: frame.index,
      timeUs: frame.timeUs,
      faces: frame.faces.map((face) => ({
        trackId: face.trackId,
        box: face.box,
        score: face.score,
        roll: face.rollDegrees,
        landmarks: landmarkTriples(face),
        ...(face.embedding === undefined ? {} : { embedding: face.embedding }),
      })),
    })),
    tracks: analysis.tracks.map(({ embedding: _embedding, thumbnail: _thumbnail, ...track }) => track),
    jitter: analysis.jitter,
    durationMs: Math.round(analysis.durationMs),
  };
}

function formatFaces(path: string, analysis: FaceAnalysis): string {
  const lines = [
    `${path}: ${analysis.kind} ${analysis.width}x${analysis.height}, ${analysis.frames.length} frame(s) analysed, ` +
      `${analysis.tracks.length} face track(s), ${Math.round(analysis.durationMs)} ms`,
  ];
  for (const frame of analysis.frames) {
    const faces = frame.faces.map(
      (face) =>
        `track ${face.trackId} at ${Math.round(face.box.x)},${Math.round(face.box.y)} ` +
        `${Math.round(face.box.width)}x${Math.round(face.box.height)} score ${face.score.toFixed(2)} roll ${face.rollDegrees.toFixed(1)}°`,
    );
    lines.push(
      `  frame ${frame.index} (${(frame.timeUs / 1e6).toFixed(2)} s): ${faces.length === 0 ? 'no faces' : faces.join('; ')}`,
    );
  }
  if (analysis.jitter) {
    lines.push(
      `landmark jitter (stable points, px/frame): ${analysis.jitter.rawPixels.toFixed(3)} raw, ${analysis.jitter.smoothedPixels.toFixed(3)} smoothed`,
    );
  }
  return lines.join('\n');
}

export async function facesCommand(studio: Studio, context: CliContext, args: string[]): Promise<number> {
  const parsed = parseCommandArguments(
    {
      args,
      allowPositionals: true,
      strict: true,
      options: { every: { type: 'string' }, embeddings: { type: 'boolean' }, json: { type: 'boolean' } },
    },
    USAGE,
  );
  const [file, extra] = parsed.positionals;
  if (file === undefined || extra !== undefined) throw new UsageError(USAGE);
  const every = parsed.values.every === undefined ? 1 : Number(parsed.values.every);
  if (!Number.isInteger(every) || every < 1 || every > 1000) {
    throw new UsageError(
      `--every needs a whole number from 1 to 1000, got "${parsed.values.every}"\n${USAGE}`,
    );
  }
  const path = resolve(file);
  const pool = new InferenceSessionPool();
  const progress = createProgressReporter(context, 'Faces');
  let analyzer: FaceAnalyzer | undefined;
  try {
    // Probe first: a file without pictures fails before any model is loaded.
    const probe = await probeMedia(path);
    analyzer = await FaceAnalyzer.load({ pool, dataDir: studio.dataDir });
    const analysis = await analyzer.analyseFile(path, {
      probe,
      settings: { every, embeddingsPerFrame: parsed.values.embeddings === true },
      onProgress: (done, total) => progress.update(done, total, ''),
    });
    progress.stop();
    context.stdout(context.json ? JSON.stringify(facesJson(path, analysis)) : formatFaces(path, analysis));
    return 0;
  } finally {
    progress.stop();
    analyzer?.dispose();
    pool.dispose();
  }
}
