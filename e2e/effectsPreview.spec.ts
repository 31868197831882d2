// Issue 5, item 5 in browser mode: the viewer shows the frame under the resting playhead with the
// clip's effects applied at preview quality (preview.renderFrame: real face analysis, the real
// classical face swap in a frame worker, the real content safety gate on the frame), and the source
// while playing. The source face and its consent are set up through window.studio (the Faces and
// Identities panels have their own specs); the effect is added and its source face picked in the inspector.
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { StudioWindowApi } from '../src/shared/ipc/studioWindowApi';
import { expect, repoRoot, test } from './fixtures/studioServer';
import { IdentitiesPage } from './pages/identities';
import { InspectorPage } from './pages/inspector';
import { MediaBinPage } from './pages/mediaBin';
import { ProjectPickerPage } from './pages/projectPicker';
import { TimelinePage } from './pages/timeline';
import { ViewerPage } from './pages/viewer';

const mediaDir = resolve(repoRoot, '../shared/media');
const media = {
  video: join(mediaDir, 'videos/grid_bbaf2n_h264_aac.mp4'),
  face: join(mediaDir, 'faces/astronaut.png'),
};
const missingMedia = Object.values(media).filter((path) => !existsSync(path));

test.skip(
  missingMedia.length > 0,
  `Test media missing (${missingMedia.join(', ')}): these tests need ../shared/media beside the repository.`,
);

test('a paused viewer shows the frame with the Face swap applied; playing shows the source', async ({
  page,
  studioServer,
}) => {
  test.setTimeout(600_000);
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  const folder = await mkdtemp(join(studioServer.tmpDir, 'effects-preview-'));
  await page.goto(studioServer.url);
  const picker = new ProjectPickerPage(page);
  const bin = new MediaBinPage(page);
  const timeline = new TimelinePage(page);
  const viewer = new ViewerPage(page);
  await picker.show();
  await picker.createProject('Preview', join(folder, 'Preview.doppel'));
  await expect(page.getByTestId('editor')).toBeVisible();
  await bin.dropFilesFromOs([media.video, media.face]);
  await expect(bin.items).toHaveCount(2, { timeout: 60_000 });
  await expect(bin.importProgress).toHaveCount(0, { timeout: 30_000 });
  const videoId = (await bin.itemOfKind('video').getAttribute('data-asset-id'))!;
  await timeline.dropAsset(bin.itemOfKind('video'), timeline.lane('video'), 0);
  await expect(timeline.clipsOfAsset(videoId)).toHaveCount(2);
  await expect(viewer.video).toBeVisible();
  await expect(viewer.root.getByTestId('viewer-effects-frame')).toHaveCount(0);

  let identityId = '';
  await test.step('a consented source face (through the contract)', async () => {
    identityId = await page.evaluate(async () => {
      const studio = (window as unknown as { studio: StudioWindowApi }).studio;
      const photo = (await studio.media.list({})).find((asset) => asset.kind === 'image')!;
      await studio.faces.analyseAsset({ assetId: photo.id, every: 1 });
      await studio.faces.markFace({ assetId: photo.id, faceIndex: 0, role: 'source' });
      const identity = (await studio.identities.list({})).find((entry) => entry.kind === 'face')!;
      await studio.consent.grant({
        identityId: identity.id,
        subject: 'Eileen Collins',
        scope: 'Preview e2e',
      });
      return identity.id;
    });
  });

  // Marking a source face makes the Identities panel ask for consent (recorded above already).
  const identities = new IdentitiesPage(page);
  const asked = await identities.prompt
    .waitFor({ state: 'visible', timeout: 15_000 })
    .then(() => true)
    .catch(() => false);
  if (asked) await identities.prompt.getByTestId('consent-cancel').click();

  await test.step('a Face swap on the video clip, its source face picked in the inspector', async () => {
    const inspector = new InspectorPage(page);
    await timeline
      .clipsOnTrack((await timeline.trackIdOf('video'))!)
      .first()
      .click();
    await inspector.effectKind.selectOption('faceSwap');
    await inspector.addEffect.click();
    await expect(inspector.effects).toHaveCount(1);
    await inspector.choose(inspector.effects.first(), 'sourceIdentityId', identityId);
  });

  const frame = viewer.root.getByTestId('viewer-effects-frame');
  await test.step('paused: the processed frame is shown over the source', async () => {
    // The first preview analyses the clip's faces (every frame) before it can swap.
    await expect(frame).toBeVisible({ timeout: 300_000 });
    await expect(frame).toHaveAttribute('src', /^data:image\/jpeg;base64,/);
    // The clip's own shape, at most 640 wide and never enlarged: the 360x288 GRID clip as it is.
    const size = await frame.evaluate((image) => [
      (image as HTMLImageElement).naturalWidth,
      (image as HTMLImageElement).naturalHeight,
    ]);
    expect(size).toEqual([360, 288]);
  });

  await test.step('stepping a frame makes the next processed frame', async () => {
    const first = await frame.getAttribute('src');
    await viewer.nextFrame.click();
    await expect(frame).not.toHaveAttribute('src', first!, { timeout: 60_000 });
    await expect(frame).toBeVisible({ timeout: 60_000 });
  });

  await test.step('playing: the source is shown and the badge says why', async () => {
    await viewer.playButton.click();
    await expect(frame).toHaveCount(0);
    await expect(viewer.root.getByTestId('viewer-effects-notice')).toContainText('not shown while playing');
    await viewer.playButton.click();
    await expect(frame).toBeVisible({ timeout: 60_000 });
  });
  expect(pageErrors).toEqual([]);
});
