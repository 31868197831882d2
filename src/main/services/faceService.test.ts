// faces.* on a real project file with real media, models and ffmpeg (the analysis runs in the
// service's worker thread): analysis with progress events
// and the per-asset cache, one frame at a time, and source/target marks that live in the project
// (a source is a face identity with the track as its source) and survive closing it.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FaceAnalysisProgress } from '../../shared/contracts/facesContract';
import { StudioError } from '../../shared/errors';
import type { Asset } from '../../shared/model/schemas';
import { faceAnalysisCachePath } from '../engine/face/faceAnalysisCache';
import {
  FACE_TEST_DATA_DIR,
  missingFaceMedia,
  sharedFacePath,
} from '../engine/face/testSupport/faceTestSupport';
import { ProjectStore } from '../store/projectStore';
import { FaceServiceImpl } from './faceService';
import { MediaServiceImpl } from './mediaService';
import { ProjectSession } from './projectSession';

const MEDIA = ['faces/grid_lbbc2a.jpg', 'videos/grid_bbaf2n_h264_aac.mp4', 'speech/grid_bbaf2n_male_16k.wav'];
const skipReason = missingFaceMedia(MEDIA);
if (skipReason !== undefined) console.warn(`[faceService] skipping: ${skipReason}`);

describe.skipIf(skipReason !== undefined)('faces service', () => {
  let folder: string;
  let projectPath: string;
  let session: ProjectSession;
  let faces: FaceServiceImpl;
  let identityAnnouncements = 0;
  const progress: FaceAnalysisProgress[] = [];
  let photo: Asset;
  let video: Asset;
  let speech: Asset;

  const start = () => {
    session = new ProjectSession();
    faces = new FaceServiceImpl(session, FACE_TEST_DATA_DIR, {
      provider: 'cpu',
      onDidChangeIdentities: () => (identityAnnouncements += 1),
    });
    faces.onDidAnalyseProgress((event) => progress.push(event));
  };

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'doppel-face-service-'));
    projectPath = join(folder, 'Faces.doppel');
    start();
    session.replace(ProjectStore.create(projectPath));
    const media = new MediaServiceImpl(session);
    const result = await media.import({ paths: MEDIA.map(sharedFacePath) });
    media.dispose();
    expect(result.failed).toEqual([]);
    [photo, video, speech] = result.imported.map((entry) => entry.asset) as [Asset, Asset, Asset];
  });

  afterAll(() => {
    faces?.dispose();
    session?.dispose();
    rmSync(folder, { recursive: true, force: true });
  });

  it('analyses a photo: one face with its mesh, cached beside the project', async () => {
    expect(await faces.getAnalysis({ assetId: photo.id })).toBeNull();
    const summary = await faces.analyseAsset({ assetId: photo.id, every: 1 });
    expect(summary).toMatchObject({
      assetId: photo.id,
      kind: 'image',
      width: 360,
      height: 288,
      analysedFrames: 1,
    });
    expect(summary.tracks).toHaveLength(1);
    expect(summary.tracks[0]).toMatchObject({ id: 0, role: null, identityId: null });
    expect(summary.tracks[0]?.thumbnail).toMatch(/^data:image\/jpeg;base64,\/9j\//);
    expect(summary.frame?.faces).toHaveLength(1);
    expect(summary.frame?.faces[0]?.landmarks).toHaveLength(468 * 3);
    expect(existsSync(faceAnalysisCachePath(session.require().cacheDir, photo.sha256))).toBe(true);
    expect(progress.filter((event) => event.assetId === photo.id).map((event) => event.phase)).toEqual([
      'loading-models',
      'analysing',
      'done',
    ]);
  });

  it('analyses a video every 5th frame into one track, reporting progress per frame', async () => {
    const summary = await faces.analyseAsset({ assetId: video.id, every: 5 });
    expect(summary).toMatchObject({ kind: 'video', every: 5, analysedFrames: 15, fps: { num: 25, den: 1 } });
    expect(summary.tracks).toHaveLength(1);
    expect(summary.tracks[0]).toMatchObject({ firstFrame: 0, lastFrame: 70, frameCount: 15 });
    expect(summary.jitter).not.toBeNull();
    const counts = progress
      .filter((event) => event.assetId === video.id && event.phase === 'analysing')
      .map((event) => event.framesDone);
    expect(counts).toEqual(Array.from({ length: 15 }, (_, index) => index + 1));
    // Frames are served one at a time: the nearest analysed frame at or before the one asked for.
    const frame = await faces.getAnalysis({ assetId: video.id, frameIndex: 33 });
    expect(frame?.frame?.index).toBe(30);
    expect(frame?.frame?.faces.map((face) => face.trackId)).toEqual([0]);
    // The same settings again come from the cache.
    const before = progress.length;
    const again = await faces.analyseAsset({ assetId: video.id, every: 5 });
    expect(again.analysedAt).toBe(summary.analysedAt);
    expect(progress.slice(before).map((event) => event.phase)).toEqual(['loading-models', 'done']);
  });

  it('marks a source (a face identity) and a target; the marks survive closing the project', async () => {
    const source = await faces.markFace({ assetId: photo.id, faceIndex: 0, role: 'source' });
    expect(source.tracks[0]?.role).toBe('source');
    const identityId = source.tracks[0]?.identityId;
    expect(identityId).toBeTruthy();
    expect(identityAnnouncements).toBe(1);
    const target = await faces.markFace({ assetId: video.id, trackId: 0, role: 'target' });
    expect(target.tracks[0]).toMatchObject({ role: 'target', identityId: null });

    faces.dispose();
    session.dispose();
    start();
    session.replace(ProjectStore.open(projectPath));
    const store = session.require();
    const identity = store.identities.get(identityId!);
    expect(identity).toMatchObject({ kind: 'face', name: 'grid_lbbc2a.jpg', consentId: null });
    expect(store.identities.listSources(identityId!)).toEqual([
      expect.objectContaining({
        assetId: photo.id,
        startUs: null,
        endUs: null,
        faceTrackRef: 'faces-v1/track/0',
      }),
    ]);
    expect((await faces.getAnalysis({ assetId: photo.id }))?.tracks[0]).toMatchObject({
      role: 'source',
      identityId,
    });
    expect((await faces.getAnalysis({ assetId: video.id }))?.tracks[0]).toMatchObject({ role: 'target' });

    // Turning the source into a target removes the identity it created (it has no consent yet).
    const switched = await faces.markFace({ assetId: photo.id, trackId: 0, role: 'target' });
    expect(switched.tracks[0]).toMatchObject({ role: 'target', identityId: null });
    expect(store.identities.get(identityId!)).toBeUndefined();
    // A video's source covers the track's span: frames 0-70 analysed every 5th, so up to frame 71.
    const videoSource = await faces.markFace({ assetId: video.id, trackId: 0, role: 'source' });
    expect(store.identities.listSources(videoSource.tracks[0]!.identityId!)).toEqual([
      expect.objectContaining({ assetId: video.id, startUs: 0, endUs: 71 * 40_000 }),
    ]);
    await faces.markFace({ assetId: video.id, trackId: 0, role: 'target' });
    const cleared = await faces.markFace({ assetId: photo.id, trackId: 0, role: null });
    expect(cleared.tracks[0]?.role).toBeNull();
    expect(store.readFaceTargets()).toEqual({ [video.id]: [0] });
  });

  it('refuses what cannot be analysed or marked, naming it', async () => {
    const audio = await faces.analyseAsset({ assetId: speech.id, every: 1 }).catch((error: unknown) => error);
    expect(audio).toBeInstanceOf(StudioError);
    expect(audio).toMatchObject({ code: 'UNSUPPORTED_FORMAT' });
    expect((audio as StudioError).message).toContain('grid_bbaf2n_male_16k.wav');
    await expect(faces.markFace({ assetId: photo.id, trackId: 7, role: 'source' })).rejects.toThrow(
      '"grid_lbbc2a.jpg" has no face track 7.',
    );
    await expect(faces.markFace({ assetId: speech.id, trackId: 0, role: 'target' })).rejects.toThrow(
      /has not been analysed for faces yet/,
    );
    await expect(faces.getAnalysis({ assetId: 'no-such-asset' })).rejects.toThrow(
      /no asset with id no-such-asset/,
    );
  });

  it('stops an analysis when the service is disposed (the worker thread stops itself)', async () => {
    const running = faces.analyseAsset({ assetId: video.id, every: 1 });
    const outcome = running.then(
      () => 'finished',
      (error: unknown) => error,
    );
    await new Promise<void>((resolve) => {
      const subscription = faces.onDidAnalyseProgress((event) => {
        if (event.assetId === video.id && event.phase === 'analysing') {
          subscription.dispose();
          resolve();
        }
      });
    });
    faces.dispose();
    const error = await outcome;
    expect(error).toBeInstanceOf(StudioError);
    expect(error).toMatchObject({ code: 'CANCELLED' });
    // 0: the thread released its sessions and exited; 1 would mean it had to be terminated.
    expect(await faces.whenStopped()).toBe(0);
  });
});
