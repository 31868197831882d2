// Issue 9's refusal path end to end through the studio's own entry points, with the project's
// fixture classifiers that flag every picture (no sexual material anywhere): `doppel render` of a
// project with a Face swap effect and of one with a Lip sync effect, `doppel lipsync` and
// `doppel swap` all stop with CONTENT_REFUSED before any synthesis, and the project folder (project
// file, cache, media) and the output folder are byte for byte what they were; the viewer's preview
// of a clip with either effect is refused the same way, and so is a single preview frame. The studio is the real one (createStudio), only its gate is built from the
// fixture classifiers.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StudioError } from '../../shared/errors';
import { FACE_SWAP_EFFECT_KIND } from '../../shared/model/faceSwapParams';
import { lipsyncCommand } from '../cli/lipsyncCommand';
import { renderCommand } from '../cli/renderCommand';
import { swapCommand } from '../cli/swapCommand';
import type { CliContext } from '../cli/cliOutput';
import { InferenceSessionPool } from '../engine/inference/sessionPool';
import { LIP_SYNC_PROCESSOR_ID } from '../engine/lipsync/lipSyncParams';
import { ConsentLedger } from '../engine/provenance/consent/consentLedger';
import { ffmpeg } from '../engine/provenance/testSupport/provenanceTestMedia';
import { readRgbFrameAt } from '../media/sampledRgbFrames';
import { RenderTestProject, useRenderTempFolders } from '../engine/render/testSupport/renderTestProject';
import { ContentSafetyGate } from '../engine/safety/contentSafetyGate';
import { openFlagEverythingClassifiers } from '../engine/safety/testSupport/flagEverythingClassifiers';
import { missingSharedMediaReason, sharedMediaPath } from '../engine/safety/testSupport/safetyTestMedia';
import { createStudio, type Studio } from './createStudio';

const tempFolder = useRenderTempFolders();

/** Every file under `folder` with its content hash; SQLite's -shm/-wal come and go with opening. */
function snapshot(folder: string): Record<string, string> {
  const entries: Record<string, string> = {};
  const walk = (directory: string, prefix: string): void => {
    for (const name of readdirSync(directory).sort()) {
      if (/-(shm|wal)$/.test(name)) continue;
      const path = join(directory, name);
      if (statSync(path).isDirectory()) {
        entries[`${prefix}${name}/`] = 'dir';
        walk(path, `${prefix}${name}/`);
      } else {
        entries[`${prefix}${name}`] = createHash('sha256').update(readFileSync(path)).digest('hex');
      }
    }
  };
  walk(folder, '');
  return entries;
}

async function refused(run: Promise<number>): Promise<StudioError> {
  const outcome = await run.then(
    (code) => new Error(`the command finished with exit code ${code} instead of refusing`),
    (error: unknown) => error,
  );
  expect(outcome).toBeInstanceOf(StudioError);
  expect((outcome as StudioError).code).toBe('CONTENT_REFUSED');
  return outcome as StudioError;
}

const quiet: CliContext = {
  json: true,
  stdout: () => undefined,
  stderr: () => undefined,
  interactive: false,
};

describe('content safety refusal path: render, preview, CLI render, lip sync and swap stop before any synthesis', () => {
  let pool: InferenceSessionPool;
  let studio: Studio;
  let folder: string;
  let inputs: { clip: string; photo: string; speech: string };

  beforeAll(async () => {
    pool = new InferenceSessionPool({ defaultProvider: 'cpu' });
    // Not a per-test temp folder: the studio and the inputs live for the whole file.
    folder = mkdtempSync(join(tmpdir(), 'doppel-refusal-paths-'));
    const modelFolder = join(folder, 'fixture-models');
    mkdirSync(modelFolder);
    studio = createStudio(
      { mode: 'cli', dataDir: join(folder, 'home') },
      {
        contentSafetyGate: async () =>
          new ContentSafetyGate(await openFlagEverythingClassifiers(pool, modelFolder)),
      },
    );
    const media = join(folder, 'media');
    mkdirSync(media);
    inputs = {
      clip: join(media, 'clip.mp4'),
      photo: join(media, 'face.png'),
      speech: join(media, 'speech.wav'),
    };
    await ffmpeg([
      ...['-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=25:duration=2'],
      ...['-f', 'lavfi', '-i', 'sine=frequency=330:sample_rate=48000:duration=2'],
      ...['-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', inputs.clip],
    ]);
    await ffmpeg(['-f', 'lavfi', '-i', 'testsrc2=size=320x240', '-frames:v', '1', inputs.photo]);
    await ffmpeg(['-f', 'lavfi', '-i', 'sine=frequency=220:sample_rate=16000:duration=2', inputs.speech]);
  }, 120_000);

  afterAll(() => {
    studio?.dispose();
    pool?.dispose();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  /** A project with the clip on the timeline and one synthesis effect on it, closed again. */
  async function projectWith(effect: 'faceSwap' | 'lipSync') {
    const projectFolder = join(tempFolder(), 'project');
    const outputFolder = join(projectFolder, '..', 'renders');
    mkdirSync(projectFolder);
    mkdirSync(outputFolder);
    const project = RenderTestProject.create(projectFolder, { width: 320, height: 240 });
    const [clipAsset, photoAsset, speechAsset] = await project.importFiles(
      inputs.clip,
      inputs.photo,
      inputs.speech,
    );
    const clips = project.addLinkedClip(clipAsset!, { startUs: 0, outUs: 2_000_000 });
    if (effect === 'faceSwap') {
      const ledger = new ConsentLedger(project.store);
      const identity = ledger.createIdentity({ kind: 'face', name: 'Dee' });
      project.store.identities.addSource({
        id: 'source-1',
        identityId: identity.id,
        assetId: photoAsset!.id,
        startUs: null,
        endUs: null,
        faceTrackRef: 'faces-v1/track/0',
      });
      ledger.grantConsent({ identityId: identity.id, subject: 'Dee', scope: 'Refusal tests' });
      project.addEffect(clips.video.id, FACE_SWAP_EFFECT_KIND, { sourceIdentityId: identity.id });
    } else {
      project.addEffect(clips.video.id, LIP_SYNC_PROCESSOR_ID, { audioAssetId: speechAsset!.id });
    }
    const projectPath = project.store.path;
    project.close();
    return { projectFolder, outputFolder, projectPath };
  }

  it.each(['faceSwap', 'lipSync'] as const)(
    'doppel render of a project with a %s effect: refused, project and output folder untouched',
    async (effect) => {
      const { projectFolder, outputFolder, projectPath } = await projectWith(effect);
      const before = { project: snapshot(projectFolder), outputs: snapshot(outputFolder) };
      const output = join(outputFolder, 'out.mp4');
      const error = await refused(renderCommand(studio, quiet, [projectPath, '-o', output, '--json']));
      // Face swap: its source picture is checked first; lip sync: the clip's face is the target.
      expect(error.message).toContain(effect === 'faceSwap' ? 'face.png' : 'clip.mp4');
      expect(error.message).toContain('nothing was synthesised or written');
      expect(snapshot(outputFolder)).toEqual(before.outputs);
      // Nor was face analysis started: it would have written faces-v1.json into the project cache.
      expect(snapshot(projectFolder)).toEqual(before.project);
    },
    180_000,
  );

  it('doppel lipsync: refused before face analysis and rendering; the output folder stays empty', async () => {
    const outputFolder = join(tempFolder(), 'out');
    mkdirSync(outputFolder);
    const before = { inputs: snapshot(join(folder, 'media')) };
    const error = await refused(
      lipsyncCommand(studio, quiet, [
        ...['--video', inputs.clip, '--audio', inputs.speech],
        ...['-o', join(outputFolder, 'said.mp4'), '--json'],
      ]),
    );
    expect(error.message).toContain('clip.mp4');
    expect(readdirSync(outputFolder)).toEqual([]);
    expect(snapshot(join(folder, 'media'))).toEqual(before.inputs);
  }, 180_000);

  it.each(['faceSwap', 'lipSync'] as const)(
    'the viewer preview (preview.renderFrame) of a clip with a %s effect: refused, project untouched',
    async (effect) => {
      const { projectFolder, projectPath } = await projectWith(effect);
      const before = snapshot(projectFolder);
      await studio.services.project.open({ path: projectPath });
      try {
        const error = await refused(
          studio.services.preview.renderFrame({ timeUs: 1_000_000, maxWidth: 320 }).then(() => 0),
        );
        expect(error.message).toContain(effect === 'faceSwap' ? 'face.png' : 'clip.mp4');
      } finally {
        await studio.services.project.close({});
      }
      expect(snapshot(projectFolder)).toEqual(before);
    },
    120_000,
  );

  it('the per-frame preview check (studio.safety.checkPreviewFrame) refuses a decoded frame', async () => {
    const frame = await readRgbFrameAt(inputs.clip, 1_000_000);
    if (!frame) throw new Error('no frame at 1 s');
    const error = await refused(
      studio.safety
        .checkPreviewFrame({
          picture: { width: frame.width, height: frame.height, data: frame.data },
          targetPath: inputs.clip,
          timeUs: frame.timeUs,
        })
        .then(() => 0),
    );
    expect(error.message).toContain('clip.mp4');
  }, 60_000);

  const missing = missingSharedMediaReason();
  it.skipIf(missing !== undefined)(
    `doppel swap (a real face, so the swap reaches its render): refused, nothing written${missing === undefined ? '' : ` (skipped: ${missing})`}`,
    async () => {
      // The source photo must show a face for `doppel swap` to get as far as its render.
      const shortClip = join(tempFolder(), 'talking.mp4');
      await ffmpeg([
        ...['-i', sharedMediaPath('videos/grid_bbaf2n_h264_aac.mp4'), '-t', '1'],
        ...['-c:v', 'libx264', '-preset', 'veryfast', '-c:a', 'aac', shortClip],
      ]);
      const outputFolder = join(tempFolder(), 'out');
      mkdirSync(outputFolder);
      const output = join(outputFolder, 'swapped.mp4');
      const error = await refused(
        swapCommand(studio, quiet, [
          ...['--face', sharedMediaPath('faces/grid_lbbc2a.jpg'), '--video', shortClip],
          ...['-o', output, '--consent-subject', 'GRID speaker lbbc2a', '--json'],
        ]),
      );
      expect(error.message).toContain('grid_lbbc2a.jpg');
      expect(readdirSync(outputFolder)).toEqual([]);
      expect(existsSync(output)).toBe(false);
    },
    300_000,
  );
});
