// Faces in the GRID talking-head videos, with the real models and real ffmpeg decoding: one track
// per video with no frame lost, smoothing that lowers landmark jitter, and identity descriptors
// that score every same-person pair (two frames of one video) above every different-person pair.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAnalysisFrames } from '../../media/videoFrameReader';
import { QUICK_DETECTION } from './detectionPlan';
import { cosineSimilarity } from './faceEmbedder';
import { meshForNewTrack } from './faceMeshRefinement';
import type { FaceAnalysis } from './faceAnalysisResult';
import { FramePyramid } from './rgbFrame';
import { loadStillImage } from './stillImageLoading';
import type { TestAnalyzer } from './testSupport/faceTestSupport';
import {
  GRID_VIDEOS,
  loadTestAnalyzer,
  missingFaceMedia,
  sharedFacePath,
} from './testSupport/faceTestSupport';

const GRID_STILLS = [
  'grid_bbaf2n',
  'grid_brbk7n',
  'grid_lbax4n',
  'grid_lbbc2a',
  'grid_lwbsza',
  'grid_swiz3n',
];
/** Frames of each video used for the identity pairs (every 15th: 0, 15, 30, 45, 60). */
const IDENTITY_FRAME_STEP = 15;

const skipReason = missingFaceMedia([
  ...GRID_VIDEOS.map((name) => `videos/${name}`),
  ...GRID_STILLS.map((name) => `faces/${name}.jpg`),
]);
if (skipReason !== undefined) console.warn(`[faceVideos] skipping: ${skipReason}`);

describe.skipIf(skipReason !== undefined)('faces in GRID videos (real models, real ffmpeg)', () => {
  let models: TestAnalyzer;
  const report: string[] = [];
  const analyses = new Map<string, Promise<FaceAnalysis>>();
  const analyse = (name: string): Promise<FaceAnalysis> => {
    let pending = analyses.get(name);
    if (pending === undefined) {
      pending = models.analyzer.analyseVideo(sharedFacePath(`videos/${name}`));
      analyses.set(name, pending);
    }
    return pending;
  };

  beforeAll(async () => {
    models = await loadTestAnalyzer();
  });

  afterAll(() => {
    models?.dispose();
    if (report.length > 0) console.log(report.join('\n'));
  });

  it.each(GRID_VIDEOS)('%s: one track, found in every frame', async (name) => {
    const analysis = await analyse(name);
    const source = await openAnalysisFrames(sharedFacePath(`videos/${name}`));
    await source.frames.return(undefined);
    expect(analysis.frames.length).toBe(source.expectedFrames);
    expect(analysis.frames.map((frame) => frame.index)).toEqual(analysis.frames.map((_, index) => index));
    for (const frame of analysis.frames)
      expect(
        frame.faces.map((face) => face.trackId),
        `frame ${frame.index}`,
      ).toEqual([0]);
    expect(analysis.tracks).toHaveLength(1);
    expect(analysis.tracks[0]).toMatchObject({ id: 0, firstFrame: 0, frameCount: analysis.frames.length });
  });

  it.each(GRID_VIDEOS)('%s: One-Euro smoothing lowers the jitter of the stable points', async (name) => {
    const { jitter } = await analyse(name);
    expect(jitter).not.toBeNull();
    report.push(
      `${name}: stable-point motion ${jitter!.rawPixels.toFixed(3)} px/frame raw, ${jitter!.smoothedPixels.toFixed(3)} smoothed`,
    );
    expect(jitter!.smoothedPixels).toBeLessThan(jitter!.rawPixels);
  });

  it('separates the GRID people: every same-person pair above every different-person pair', async () => {
    const { analyzer } = models;
    const samples: { person: string; label: string; descriptor: Float32Array }[] = [];
    // Detector and mesh as the tracker runs them on a new face, then the descriptor.
    const describeFrame = async (pyramid: FramePyramid): Promise<Float32Array> => {
      const detections = await analyzer.detector.detect(pyramid, { plan: QUICK_DETECTION });
      expect(detections.length).toBeGreaterThan(0);
      const mesh = await meshForNewTrack(analyzer.landmarker, pyramid, detections[0]!);
      expect(mesh).not.toBeNull();
      const [descriptor] = await analyzer.embedder!.embed(pyramid, [mesh!.points]);
      return descriptor!;
    };
    for (const name of GRID_VIDEOS) {
      const source = await openAnalysisFrames(sharedFacePath(`videos/${name}`), {
        every: IDENTITY_FRAME_STEP,
      });
      for await (const frame of source.frames) {
        samples.push({
          person: name.replace('.mpg', ''),
          label: `${name}#${frame.index}`,
          descriptor: await describeFrame(new FramePyramid(frame)),
        });
      }
    }
    for (const name of GRID_STILLS) {
      const still = await loadStillImage(sharedFacePath(`faces/${name}.jpg`));
      samples.push({
        person: name,
        label: `${name}.jpg`,
        descriptor: await describeFrame(new FramePyramid(still.frame)),
      });
    }
    let lowestSame = { score: Infinity, pair: '' };
    let highestDifferent = { score: -Infinity, pair: '' };
    for (let first = 0; first < samples.length; first++) {
      for (let second = first + 1; second < samples.length; second++) {
        const a = samples[first]!;
        const b = samples[second]!;
        const score = cosineSimilarity(a.descriptor, b.descriptor);
        const pair = `${a.label} / ${b.label}`;
        const sameVideo = a.person === b.person && a.label.includes('.mpg') && b.label.includes('.mpg');
        if (sameVideo && score < lowestSame.score) lowestSame = { score, pair };
        if (a.person !== b.person && score > highestDifferent.score) highestDifferent = { score, pair };
      }
    }
    report.push(
      `identity (faceres, ${samples.length} faces): lowest same-person cosine ${lowestSame.score.toFixed(3)} (${lowestSame.pair}), ` +
        `highest different-person ${highestDifferent.score.toFixed(3)} (${highestDifferent.pair}), margin ${(lowestSame.score - highestDifferent.score).toFixed(3)}`,
    );
    expect(lowestSame.score).toBeGreaterThan(highestDifferent.score);
  });
});
