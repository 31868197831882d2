// The Lip sync effect in a project, rendered the way the studio renders (`doppel render` -> the
// render service: consent and content safety preflight, lipSyncRenderSources.ts resolving the
// speech and analysing the clip's faces into the project cache, the frame processor in the
// workers, the provenance encode stage). The real studio, the real embedded classifiers and face
// models, real ffmpeg. The clip's own sound (its linked audio clip) is replaced by the speech.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderCommand } from '../cli/renderCommand';
import type { CliContext } from '../cli/cliOutput';
import { FACE_TEST_DATA_DIR, loadTestAnalyzer } from '../engine/face/testSupport/faceTestSupport';
import { InferenceSessionPool } from '../engine/inference/sessionPool';
import { LIP_SYNC_PROCESSOR_ID } from '../engine/lipsync/lipSyncParams';
import {
  frameRmsEnvelope,
  missingLipSyncMedia,
  mouthOpeningSeries,
  pearson,
  sharedMedia,
} from '../engine/lipsync/testSupport/lipSyncMeasures';
import { readC2paManifest } from '../engine/provenance/c2pa/c2paReader';
import { RenderTestProject } from '../engine/render/testSupport/renderTestProject';
import { createContentSafetyGate } from '../engine/safety/contentSafetyGate';
import { sharedClassifierDataDir } from '../engine/safety/testSupport/safetyTestMedia';
import { decodeAudioFile } from '../media/audioPcmStream';
import { probeMedia } from '../media/probeMedia';
import { createStudio, type Studio } from './createStudio';

const quiet: CliContext = {
  json: true,
  stdout: () => undefined,
  stderr: () => undefined,
  interactive: false,
};

const VIDEO = 'videos/grid_bbaf2n.mpg';
const SPEECH = 'speech/jfk_inaugural_16k.wav';
const skipReason = missingLipSyncMedia([VIDEO, SPEECH]);
if (skipReason !== undefined) console.warn(`[lipSyncRenderSources] skipping: ${skipReason}`);

describe.skipIf(skipReason !== undefined)('a project render with a Lip sync effect', () => {
  let folder: string;
  let pool: InferenceSessionPool;
  let studio: Studio;

  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'doppel-lipsync-project-'));
    pool = new InferenceSessionPool();
    // The face models and the signing key come from the shared test cache, like `doppel swap`'s test.
    studio = createStudio(
      { mode: 'cli', dataDir: FACE_TEST_DATA_DIR },
      { contentSafetyGate: () => createContentSafetyGate({ dataDir: sharedClassifierDataDir(), pool }) },
    );
  });

  afterAll(() => {
    studio?.dispose();
    pool?.dispose();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it('animates the mouth to the speech asset and plays the speech instead of the clip sound', async () => {
    const projectFolder = join(folder, 'project');
    mkdirSync(projectFolder);
    const project = RenderTestProject.create(projectFolder, { width: 360, height: 288 });
    const [clipAsset, speechAsset] = await project.importFiles(sharedMedia(VIDEO), sharedMedia(SPEECH));
    const clips = project.addLinkedClip(clipAsset!, { startUs: 0, outUs: 3_000_000 });
    project.addEffect(clips.video.id, LIP_SYNC_PROCESSOR_ID, { audioAssetId: speechAsset!.id });
    const projectPath = project.store.path;
    project.close();

    const output = join(folder, 'dubbed.mp4');
    expect(await renderCommand(studio, quiet, [projectPath, '-o', output, '--json'])).toBe(0);

    const probe = await probeMedia(output);
    expect(probe.videoDurationUs).toBe(3_000_000);
    const frames = 75;
    // The sound is the speech (its first 3 s), not the man's.
    const sound = frameRmsEnvelope(await decodeAudioFile(output, { sampleRate: 16_000 }), frames, 25);
    const speech = frameRmsEnvelope(
      await decodeAudioFile(sharedMedia(SPEECH), { sampleRate: 16_000 }),
      frames,
      25,
    );
    const mans = frameRmsEnvelope(
      await decodeAudioFile(sharedMedia(VIDEO), { sampleRate: 16_000 }),
      frames,
      25,
    );
    expect(pearson(sound, speech)).toBeGreaterThan(0.95);
    expect(pearson(sound, mans)).toBeLessThan(0.6);
    // Signed like any render, with the lip sync named.
    const c2pa = await readC2paManifest(output);
    expect(c2pa.valid).toBe(true);
    expect(JSON.stringify(c2pa.manifest?.actions)).toContain('re-animated to follow new speech');
    // The mouth follows the speech on the rendered file.
    const analyzer = await loadTestAnalyzer(['detector', 'landmarks']);
    try {
      const opening = mouthOpeningSeries(await analyzer.analyzer.analyseVideo(output));
      const correlation = pearson(opening, speech);
      console.info(
        `[lipSyncRenderSources] project render: mouth/loudness correlation ${correlation.toFixed(3)}`,
      );
      expect(correlation).toBeGreaterThanOrEqual(0.5);
    } finally {
      analyzer.dispose();
    }
  }, 400_000);
});
