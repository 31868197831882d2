// The Faces panel end to end in browser mode, with the real models (converted on first use by the
// host) and real media: a GRID still shows one face with its 468-point mesh drawn, a GRID video
// one face track with a thumbnail; marking source and target survives a reload.
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { expect, repoRoot, test } from './fixtures/studioServer';
import { FacesPage } from './pages/faces';
import { IdentitiesPage } from './pages/identities';
import { MediaBinPage } from './pages/mediaBin';
import { ProjectPickerPage } from './pages/projectPicker';

const mediaDir = resolve(repoRoot, '../shared/media');
const media = {
  photo: join(mediaDir, 'faces/grid_lbbc2a.jpg'),
  video: join(mediaDir, 'videos/grid_bbaf2n_h264_aac.mp4'),
};
const missingMedia = Object.values(media).filter((path) => !existsSync(path));

test('find faces in a photo and a video, mark a source and a target, survive a reload', async ({
  page,
  studioServer,
}, testInfo) => {
  test.skip(
    missingMedia.length > 0,
    `Test media missing (${missingMedia.join(', ')}): this test needs ../shared/media beside the repository.`,
  );
  // The first analysis converts three models (about 20 MB of weights) in the host.
  test.setTimeout(300_000);
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));

  const picker = new ProjectPickerPage(page);
  const bin = new MediaBinPage(page);
  const faces = new FacesPage(page);
  const identities = new IdentitiesPage(page);
  const projectPath = join(await mkdtemp(join(studioServer.tmpDir, 'faces-')), 'Faces.doppel');

  await test.step('create a project and import a GRID still and a GRID video', async () => {
    await page.goto(studioServer.url);
    await picker.show();
    await picker.createProject('Faces', projectPath);
    await expect(page.getByTestId('editor')).toBeVisible();
    await bin.dropFilesFromOs([media.photo, media.video]);
    await expect(bin.items).toHaveCount(2, { timeout: 60_000 });
    await expect(bin.importFailures).toHaveCount(0);
  });

  await test.step('the photo: one face, its mesh drawn over it', async () => {
    await faces.open();
    await faces.chooseAsset('grid_lbbc2a.jpg');
    await expect(faces.root.getByTestId('faces-not-analysed')).toBeVisible();
    await faces.analyseButton.click();
    await expect(faces.canvas).toHaveAttribute('data-face-count', '1', { timeout: 180_000 });
    await expect(faces.canvas).toHaveAttribute('data-landmark-count', '468');
    await expect(faces.canvas).toHaveAttribute('data-drawn', 'true');
    expect(await faces.drawnPixelCount()).toBeGreaterThan(500);
    await expect(faces.tracks).toHaveCount(1);
    await expect(faces.track(0).locator('img')).toHaveJSProperty('complete', true);
    expect(
      await faces
        .track(0)
        .locator('img')
        .evaluate((image) => (image as HTMLImageElement).naturalWidth),
    ).toBe(96);
    await faces.track(0).getByTestId('face-mark-source').click();
    await expect(faces.track(0)).toHaveAttribute('data-role', 'source');
    // A face marked as a source becomes an identity: the studio asks for its consent record.
    await expect(identities.prompt).toBeVisible();
    await identities.grant(identities.prompt, {
      subject: 'GRID speaker lbbc2a',
      scope: 'Face stack end-to-end test',
      date: '2026-11-25',
    });
    await expect(identities.prompt).toHaveCount(0);
    await testInfo.attach('faces-photo.png', { body: await page.screenshot(), contentType: 'image/png' });
  });

  await test.step('the video: one face track with a thumbnail', async () => {
    await faces.chooseAsset('grid_bbaf2n_h264_aac.mp4');
    await faces.every.fill('5');
    await faces.analyseButton.click();
    await expect(faces.tracks).toHaveCount(1, { timeout: 120_000 });
    await expect(faces.canvas).toHaveAttribute('data-face-count', '1');
    await expect(faces.status).toContainText('1 face · 15 frames');
    await faces.frameSlider.fill('40');
    await expect(faces.canvas).toHaveAttribute('data-frame-index', '40');
    await faces.track(0).getByTestId('face-mark-target').click();
    await expect(faces.track(0)).toHaveAttribute('data-role', 'target');
    await testInfo.attach('faces-video.png', { body: await page.screenshot(), contentType: 'image/png' });
  });

  await test.step('reload: the analyses come from the cache and the marks from the project', async () => {
    await page.reload();
    const editor = page.getByTestId('editor');
    await expect(editor.or(picker.root)).toBeVisible();
    if (await picker.root.isVisible())
      await picker.recentProject(projectPath).getByRole('button').first().click();
    await expect(editor).toBeVisible();
    await faces.open();
    await faces.chooseAsset('grid_lbbc2a.jpg');
    await expect(faces.track(0)).toHaveAttribute('data-role', 'source');
    await expect(faces.canvas).toHaveAttribute('data-landmark-count', '468');
    await faces.chooseAsset('grid_bbaf2n_h264_aac.mp4');
    await expect(faces.track(0)).toHaveAttribute('data-role', 'target');
    await faces.viewerTab.click();
    await expect(faces.root).toHaveCount(0);
    await expect(page.getByTestId('viewer')).toBeVisible();
  });

  expect(pageErrors).toEqual([]);
});
