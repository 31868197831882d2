// preview.renderFrame through the studio's own services (createStudio): real project, real ffmpeg,
// real face models, the real content safety classifiers. Without effects the frame is the source
// picture at preview size; with a Face swap effect the face changes and the background does not;
// every frame made passes gate.checkPreviewFrame (counted on the real gate), and a gate that flags
// everything refuses the preview.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StudioError } from '../../shared/errors';
import { FACE_SWAP_EFFECT_KIND } from '../../shared/model/faceSwapParams';
import {
  FACE_TEST_DATA_DIR,
  missingFaceMedia,
  sharedFacePath,
} from '../engine/face/testSupport/faceTestSupport';
import { InferenceSessionPool } from '../engine/inference/sessionPool';
import { openEmbeddedContentClassifiers } from '../engine/safety/contentClassifiers';
import { ContentSafetyGate } from '../engine/safety/contentSafetyGate';
import { openFlagEverythingClassifiers } from '../engine/safety/testSupport/flagEverythingClassifiers';
import { sharedClassifierDataDir } from '../engine/safety/testSupport/safetyTestMedia';
import { createStudio, type Studio } from './createStudio';

const PHOTO = 'faces/astronaut.png';
const VIDEO = 'videos/grid_bbaf2n_h264_aac.mp4';
const skipReason = missingFaceMedia([PHOTO, VIDEO]);
if (skipReason !== undefined) console.warn(`[previewService] skipping: ${skipReason}`);

async function rgbOf(dataUrl: string) {
  const jpeg = Buffer.from(dataUrl.slice('data:image/jpeg;base64,'.length), 'base64');
  const { data, info } = await sharp(jpeg).raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels };
}

/** Mean absolute difference (0-255) over a box of two same-size RGB pictures. */
function meanDifference(
  first: Awaited<ReturnType<typeof rgbOf>>,
  second: Awaited<ReturnType<typeof rgbOf>>,
  box: { x: number; y: number; width: number; height: number },
): number {
  let sum = 0;
  for (let y = box.y; y < box.y + box.height; y += 1) {
    for (let x = box.x; x < box.x + box.width; x += 1) {
      for (let channel = 0; channel < 3; channel += 1) {
        const at = (y * first.width + x) * first.channels + channel;
        sum += Math.abs(first.data[at]! - second.data[at]!);
      }
    }
  }
  return sum / (box.width * box.height * 3);
}

describe.skipIf(skipReason !== undefined)('preview.renderFrame (real services, models and gate)', () => {
  const folder = mkdtempSync(join(tmpdir(), 'doppel-preview-'));
  const pool = new InferenceSessionPool({ defaultProvider: 'cpu' });
  let studio: Studio;
  let projectPath: string;
  let previewChecks = 0;

  beforeAll(async () => {
    studio = createStudio(
      // The face models are converted once into the shared test cache (verified by sha256 on use).
      { mode: 'cli', dataDir: FACE_TEST_DATA_DIR },
      {
        contentSafetyGate: async () => {
          const gate = new ContentSafetyGate(
            await openEmbeddedContentClassifiers({ dataDir: sharedClassifierDataDir(), pool }),
          );
          // Count the per-frame checks of the per-project gates the studio hands out.
          const forProject = gate.forProject.bind(gate);
          gate.forProject = (cacheDirectory) => {
            const projectGate = forProject(cacheDirectory);
            const check = projectGate.checkPreviewFrame.bind(projectGate);
            projectGate.checkPreviewFrame = async (request) => {
              previewChecks += 1;
              return check(request);
            };
            return projectGate;
          };
          return gate;
        },
      },
    );
    const { services } = studio;
    projectPath = join(folder, 'preview.doppel');
    await services.project.create({ path: projectPath });
    const imported = await services.media.import({ paths: [sharedFacePath(PHOTO), sharedFacePath(VIDEO)] });
    const [photo, video] = imported.imported.map((entry) => entry.asset);
    await services.faces.analyseAsset({ assetId: photo!.id, every: 1 });
    await services.faces.markFace({ assetId: photo!.id, faceIndex: 0, role: 'source' });
    const identity = (await services.identities.list({})).find((entry) => entry.kind === 'face')!;
    await services.consent.grant({
      identityId: identity.id,
      subject: 'Eileen Collins',
      scope: 'Preview test',
    });
    await services.timeline.apply({
      command: { type: 'insertAsset', assetId: video!.id, trackId: null, startUs: 0 },
    });
  }, 300_000);

  afterAll(() => {
    studio?.dispose();
    pool.dispose();
    rmSync(folder, { recursive: true, force: true });
  });

  it('shows the source frame without effects and the swapped face with a Face swap effect', async () => {
    const { services } = studio;
    const plain = await services.preview.renderFrame({ timeUs: 1_000_000, maxWidth: 320 });
    expect(plain).not.toBeNull();
    expect(plain!.appliedEffects).toEqual([]);
    expect(plain!.width).toBe(320);
    // The clip's own shape: 360x288 shown 320 wide.
    expect(plain!.height).toBe(256);
    expect(await services.preview.renderFrame({ timeUs: 60_000_000, maxWidth: 320 })).toBeNull();

    const clip = (await services.timeline.get({})).clips.find((entry) => entry.trackId !== undefined)!;
    const identity = (await services.identities.list({})).find((entry) => entry.kind === 'face')!;
    await services.timeline.apply({
      command: {
        type: 'addEffect',
        clipId: clip.id,
        kind: FACE_SWAP_EFFECT_KIND,
        params: { sourceIdentityId: identity.id },
      },
    });
    const checksBefore = previewChecks;
    const swapped = await services.preview.renderFrame({ timeUs: 1_000_000, maxWidth: 320 });
    expect(swapped!.appliedEffects).toEqual([FACE_SWAP_EFFECT_KIND]);
    const again = await services.preview.renderFrame({ timeUs: 1_040_000, maxWidth: 320 });
    expect(again!.appliedEffects).toEqual([FACE_SWAP_EFFECT_KIND]);
    // Every frame the preview made went through the gate.
    expect(previewChecks - checksBefore).toBe(2);
    console.log(
      `[previewService] swapped preview frames took ${swapped!.milliseconds.toFixed(0)} and ${again!.milliseconds.toFixed(0)} ms`,
    );

    const before = await rgbOf(plain!.dataUrl);
    const after = await rgbOf(swapped!.dataUrl);
    // The middle of the face's box at 1 s (frame 25) from the clip's face analysis, in preview
    // pixels; the picture's top-left corner is blue background.
    const videoAsset = (await services.media.list({})).find((asset) => asset.kind === 'video')!;
    const analysis = await services.faces.getAnalysis({ assetId: videoAsset.id, frameIndex: 25 });
    const box = analysis!.frame!.faces[0]!.box;
    const scale = after.width / 360;
    const faceBox = {
      x: Math.round((box.x + box.width * 0.25) * scale),
      y: Math.round((box.y + box.height * 0.25) * scale),
      width: Math.round(box.width * 0.5 * scale),
      height: Math.round(box.height * 0.5 * scale),
    };
    const face = meanDifference(before, after, faceBox);
    const background = meanDifference(before, after, { x: 5, y: 8, width: 30, height: 30 });
    console.log(
      `[previewService] mean difference face ${face.toFixed(1)}, background ${background.toFixed(1)}`,
    );
    expect(face).toBeGreaterThan(4);
    expect(background).toBeLessThan(2);
  }, 300_000);

  it('is refused by a gate that flags everything, before any synthesis', async () => {
    studio.dispose();
    const models = join(folder, 'flag-models');
    mkdirSync(models);
    studio = createStudio(
      { mode: 'cli', dataDir: FACE_TEST_DATA_DIR },
      {
        contentSafetyGate: async () =>
          new ContentSafetyGate(await openFlagEverythingClassifiers(pool, models)),
      },
    );
    await studio.services.project.open({ path: projectPath });
    const error = await studio.services.preview.renderFrame({ timeUs: 1_000_000, maxWidth: 320 }).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(StudioError);
    expect((error as StudioError).code).toBe('CONTENT_REFUSED');
  }, 120_000);
});
