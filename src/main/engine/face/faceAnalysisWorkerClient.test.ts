// Stopping the face analysis thread while its models run, on real media with the real models.
// Terminating such a thread mid-inference aborts the whole process in onnxruntime-node (see
// render/workerThreadStop.ts); this test would then kill its own test process instead of passing.
import { describe, expect, it } from 'vitest';
import { DEFAULT_FACE_ANALYSIS_SETTINGS } from './faceAnalysisResult';
import { FaceAnalysisWorkerClient } from './faceAnalysisWorkerClient';
import { FACE_TEST_DATA_DIR, missingFaceMedia, sharedFacePath } from './testSupport/faceTestSupport';

const VIDEO = 'videos/grid_bbaf2n_h264_aac.mp4';
const skipReason = missingFaceMedia([VIDEO]);
if (skipReason !== undefined) console.warn(`[faceAnalysisWorkerClient] skipping: ${skipReason}`);

/** Starts an analysis and stops the thread once `progressReports` frames have been reported. */
async function stopAfter(progressReports: number): Promise<{ outcome: unknown; exitCode: number | null }> {
  const client = new FaceAnalysisWorkerClient({ dataDir: FACE_TEST_DATA_DIR, provider: 'cpu' });
  let reached!: () => void;
  const reachedPoint = new Promise<void>((resolve) => (reached = resolve));
  if (progressReports === 0) reached();
  let reports = 0;
  const outcome = client
    .analyseFile(sharedFacePath(VIDEO), DEFAULT_FACE_ANALYSIS_SETTINGS, () => {
      reports += 1;
      if (reports === progressReports) reached();
    })
    .then(
      () => 'finished',
      (error: unknown) => error,
    );
  await reachedPoint;
  const exitCode = await client.stop();
  return { outcome: await outcome, exitCode };
}

describe.skipIf(skipReason !== undefined)('face analysis worker client', () => {
  it.each([0, 1, 4, 9])(
    'stopped after %i analysed frames: CANCELLED, sessions released, the thread exits by itself',
    async (progressReports) => {
      // Two at once, as the faces and inspector services may run side by side.
      const [first, second] = await Promise.all([stopAfter(progressReports), stopAfter(progressReports)]);
      for (const stopped of [first!, second!]) {
        expect(stopped.outcome).toMatchObject({ code: 'CANCELLED' });
        expect(stopped.exitCode).toBe(0);
      }
    },
  );

  it('refuses work after it has been stopped', async () => {
    const client = new FaceAnalysisWorkerClient({ dataDir: FACE_TEST_DATA_DIR, provider: 'cpu' });
    expect(await client.stop()).toBeNull();
    await expect(client.modelIdentities()).rejects.toMatchObject({ code: 'CANCELLED' });
  });
});
