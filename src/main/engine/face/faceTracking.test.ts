// The tracker's associations on real video made from the GRID clips with ffmpeg: two people side
// by side keep their own tracks in every frame (no swaps), and a face hidden for a moment comes
// back under its old track id (re-identified by its descriptor), on the first frame it is visible.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { locateFfmpeg } from '../../media/ffmpegLocator';
import { runProcess } from '../../media/runProcess';
import type { TestAnalyzer } from './testSupport/faceTestSupport';
import { loadTestAnalyzer, missingFaceMedia, sharedFacePath } from './testSupport/faceTestSupport';

const skipReason = missingFaceMedia([
  'videos/grid_bbaf2n.mpg',
  'videos/grid_lbbc2a.mpg',
  'videos/grid_lwbsza.mpg',
]);
if (skipReason !== undefined) console.warn(`[faceTracking] skipping: ${skipReason}`);

async function ffmpeg(args: string[]): Promise<void> {
  await runProcess(await locateFfmpeg(), ['-hide_banner', '-v', 'error', '-y', ...args]);
}

describe.skipIf(skipReason !== undefined)('face tracking associations (real models, real ffmpeg)', () => {
  let models: TestAnalyzer;
  let folder: string;

  beforeAll(async () => {
    models = await loadTestAnalyzer();
    folder = mkdtempSync(join(tmpdir(), 'doppel-face-tracking-'));
  });

  afterAll(() => {
    models?.dispose();
    rmSync(folder, { recursive: true, force: true });
  });

  it('two people side by side: two tracks, each on its own side in every frame', async () => {
    const path = join(folder, 'two people.mp4');
    await ffmpeg([
      ...['-i', sharedFacePath('videos/grid_bbaf2n.mpg'), '-i', sharedFacePath('videos/grid_lbbc2a.mpg')],
      ...['-filter_complex', '[0:v][1:v]hstack=inputs=2[v]', '-map', '[v]', '-t', '1.2'],
      ...['-c:v', 'libx264', '-crf', '18', '-pix_fmt', 'yuv420p', path],
    ]);
    const analysis = await models.analyzer.analyseVideo(path);
    expect(analysis.tracks.map((track) => track.id)).toEqual([0, 1]);
    const leftTrack = analysis.frames[0]!.faces.find((face) => face.box.x < 360)!.trackId;
    for (const frame of analysis.frames) {
      expect(frame.faces, `frame ${frame.index}`).toHaveLength(2);
      for (const face of frame.faces) {
        const onLeft = face.box.x + face.box.width / 2 < 360;
        expect(face.trackId === leftTrack, `frame ${frame.index} track ${face.trackId}`).toBe(onLeft);
      }
    }
  });

  it('a face hidden for 15 frames comes back under its old track on its first visible frame', async () => {
    const path = join(folder, 'hidden.mp4');
    await ffmpeg([
      ...['-i', sharedFacePath('videos/grid_lwbsza.mpg'), '-t', '2.4'],
      // Frames 25-39 (t 1.00-1.56 s) are black.
      ...['-vf', "drawbox=enable='between(n,25,39)':x=0:y=0:w=iw:h=ih:color=black:t=fill"],
      ...['-c:v', 'libx264', '-crf', '18', '-pix_fmt', 'yuv420p', path],
    ]);
    const analysis = await models.analyzer.analyseVideo(path);
    const withFace = analysis.frames.filter((frame) => frame.faces.length > 0).map((frame) => frame.index);
    const expected = analysis.frames.map((frame) => frame.index).filter((index) => index < 25 || index > 39);
    expect(withFace).toEqual(expected);
    expect(analysis.tracks).toHaveLength(1);
    for (const frame of analysis.frames) for (const face of frame.faces) expect(face.trackId).toBe(0);
  });
});
