// The foundation, end to end in browser mode: create a project, drop real files from "the OS" onto
// the bin, put them on the timeline, move and delete clips, scrub the viewer, and check that a
// reload brings everything back from the project's SQLite file.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { expect, repoRoot, test } from './fixtures/studioServer';
import { MediaBinPage } from './pages/mediaBin';
import { ProjectPickerPage } from './pages/projectPicker';
import { TimelinePage } from './pages/timeline';
import { ViewerPage } from './pages/viewer';

const mediaDir = resolve(repoRoot, '../shared/media');
const media = {
  video: join(mediaDir, 'videos/grid_bbaf2n_h264_aac.mp4'),
  photo: join(mediaDir, 'faces/grid_lbbc2a.jpg'),
  speech: join(mediaDir, 'speech/grid_bbaf2n_male_16k.wav'),
};
const missingMedia = Object.values(media).filter((path) => !existsSync(path));

test('the project picker shows the host’s errors inline and greys out missing recent projects', async ({
  page,
  studioServer,
}) => {
  const folder = await mkdtemp(join(studioServer.tmpDir, 'picker-'));
  const picker = new ProjectPickerPage(page);
  await page.goto(studioServer.url);
  await picker.show();

  await picker.openProject(join(folder, 'nowhere', 'missing.doppel'));
  await expect(picker.openError).toBeVisible();
  await expect(picker.openError).toContainText(/missing\.doppel/);
  await expect(picker.openError).toHaveAttribute('data-error-code', /.+/);
  await expect(page.getByTestId('editor')).toHaveCount(0);

  const existing = join(folder, 'Existing.doppel');
  await picker.createProject('Existing', existing);
  await expect(page.getByTestId('editor')).toBeVisible();
  await page.getByTestId('close-project').click();
  await picker.createProject('Existing', existing);
  await expect(picker.newError).toHaveAttribute('data-error-code', 'PROJECT_EXISTS');
  await expect(picker.recentProject(existing)).toHaveAttribute('data-exists', 'true');

  for (const suffix of ['', '-wal', '-shm']) await rm(`${existing}${suffix}`, { force: true });
  await page.reload();
  await expect(picker.recentProject(existing)).toHaveAttribute('data-exists', 'false');
  await expect(picker.recentProject(existing).getByRole('button', { name: /file missing/ })).toBeDisabled();
  await picker.recentProject(existing).getByTestId('recent-project-forget').click();
  await expect(picker.recentProject(existing)).toHaveCount(0);
});

test('create a project, drop media from the OS, build a timeline, survive a reload', async ({
  page,
  studioServer,
}, testInfo) => {
  test.skip(
    missingMedia.length > 0,
    `Test media missing (${missingMedia.join(', ')}): this test needs ../shared/media beside the repository.`,
  );
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(`console: ${message.text()}`);
  });

  const picker = new ProjectPickerPage(page);
  const bin = new MediaBinPage(page);
  const timeline = new TimelinePage(page);
  const viewer = new ViewerPage(page);
  const projectPath = join(await mkdtemp(join(studioServer.tmpDir, 'foundation-')), 'Foundation.doppel');

  await test.step('create a project', async () => {
    await page.goto(studioServer.url);
    await picker.show();
    await expect(picker.newPath).not.toHaveValue(''); // prefilled by project.suggestNewPath
    await picker.createProject('Foundation', projectPath);
    await expect(page.getByTestId('editor')).toBeVisible();
    await expect(page.getByTestId('project-name')).toHaveText('Foundation');
    await expect(bin.emptyState).toBeVisible();
    await expect(viewer.emptyState).toBeVisible();
    await expect(timeline.lane('video')).toBeVisible();
    await expect(timeline.lane('audio')).toBeVisible();
  });

  await test.step('drop a video, a photo and a WAV from the OS onto the bin', async () => {
    await bin.dropFilesFromOs([media.video, media.photo, media.speech]);
    await expect(bin.items).toHaveCount(3, { timeout: 60_000 });
    await expect(bin.importFailures).toHaveCount(0);
    await expect(bin.itemOfKind('video')).toHaveCount(1);
    await expect(bin.itemOfKind('image')).toHaveCount(1);
    await expect(bin.itemOfKind('audio')).toHaveCount(1);
    await expect(bin.itemOfKind('video').getByTestId('asset-duration')).toHaveText(/^0:0\d\.\d\d$/);
    await expect(bin.itemOfKind('video').getByTestId('asset-resolution')).toHaveText(/^\d+×\d+$/);
    await expect(bin.itemOfKind('image').getByTestId('asset-resolution')).toHaveText(/^\d+×\d+$/);
    await expect(bin.importProgress).toHaveCount(0, { timeout: 15_000 }); // the bar goes away when done
  });

  const videoId = (await bin.itemOfKind('video').getAttribute('data-asset-id'))!;
  const photoId = (await bin.itemOfKind('image').getAttribute('data-asset-id'))!;
  const speechId = (await bin.itemOfKind('audio').getAttribute('data-asset-id'))!;

  await test.step('drag each asset onto the timeline', async () => {
    await timeline.dropAsset(bin.itemOfKind('video'), timeline.lane('video'), 0);
    await expect(timeline.clipsOfAsset(videoId)).toHaveCount(2); // the picture and its linked sound
    await timeline.dropAsset(bin.itemOfKind('image'), timeline.lane('video'), 4);
    await expect(timeline.clipsOfAsset(photoId)).toHaveCount(1);
    await timeline.dropAsset(bin.itemOfKind('audio'), timeline.lane('audio'), 10);
    await expect(timeline.clipsOfAsset(speechId)).toHaveCount(1);
    await expect(timeline.clips).toHaveCount(4);
    await expect(timeline.error).toHaveCount(0);

    const photoStart = Number(await timeline.clipsOfAsset(photoId).getAttribute('data-start-us'));
    expect(photoStart).toBeGreaterThanOrEqual(3_000_000); // after the ~3 s video, near the 4 s drop point
    expect(photoStart).toBeLessThanOrEqual(4_100_000);
    const speechStart = Number(await timeline.clipsOfAsset(speechId).getAttribute('data-start-us'));
    expect(Math.abs(speechStart - 10_000_000)).toBeLessThan(100_000);
    await expect(timeline.clipsOfAsset(videoId).first().getByTestId('clip-filmstrip')).toBeAttached();
  });

  await test.step('the viewer shows what is under the playhead', async () => {
    await timeline.seekTo(1);
    await expect(viewer.video).toBeVisible();
    await expect.poll(() => viewer.videoCurrentTime()).toBeGreaterThan(0.9);
    expect(await viewer.videoCurrentTime()).toBeLessThan(1.1);
    await viewer.nextFrame.click();
    await expect.poll(async () => (await timeline.playheadUs()) > 1_000_000).toBe(true);
    await timeline.seekTo(6);
    await expect(viewer.image).toBeVisible();
    await timeline.seekTo(11);
    await expect(viewer.audio).toBeAttached();
    await timeline.seekTo(15);
    await expect(viewer.emptyState).toBeVisible();
  });

  await test.step('Space plays the video under the playhead and pauses it again', async () => {
    await timeline.seekTo(0.2);
    await expect(viewer.video).toBeVisible();
    await page.keyboard.press('Space');
    await expect(viewer.playButton).toHaveAttribute('data-playing', 'true');
    await expect.poll(() => viewer.videoCurrentTime(), { timeout: 10_000 }).toBeGreaterThan(0.8);
    // The playhead follows the video on animation frames, so it may trail currentTime by one frame.
    await expect.poll(() => timeline.playheadUs(), { timeout: 5_000 }).toBeGreaterThan(800_000);
    await page.keyboard.press('Space');
    await expect(viewer.playButton).toHaveAttribute('data-playing', 'false');
    expect(await viewer.video.evaluate((element) => (element as HTMLVideoElement).paused)).toBe(true);
  });

  let photoStartAfterMove = 0;
  await test.step('drag a clip along its track: one moveClip on release', async () => {
    const photoClip = timeline.clipsOfAsset(photoId);
    const before = Number(await photoClip.getAttribute('data-start-us'));
    await timeline.dragClip(photoClip, 1.5 * (await timeline.pxPerSecond()));
    await expect
      .poll(async () => Number(await photoClip.getAttribute('data-start-us')))
      .toBeGreaterThan(before + 1_000_000);
    photoStartAfterMove = Number(await photoClip.getAttribute('data-start-us'));
  });

  await test.step('drag a clip up onto a new video track', async () => {
    await page.getByTestId('add-video-track').click();
    await expect(timeline.lanes.and(page.locator('[data-track-kind="video"]'))).toHaveCount(2);
    const upper = timeline.lane('video', 0); // new video tracks go on top
    const lower = timeline.lane('video', 1);
    const upperId = (await upper.getAttribute('data-track-id'))!;
    const lowerId = (await lower.getAttribute('data-track-id'))!;
    const photoClip = timeline.clipsOfAsset(photoId);
    await expect(photoClip).toHaveAttribute('data-track-id', lowerId);
    const [upperBox, lowerBox] = [await upper.boundingBox(), await lower.boundingBox()];
    await timeline.dragClip(photoClip, 0, upperBox!.y - lowerBox!.y);
    await expect(photoClip).toHaveAttribute('data-track-id', upperId);
    expect(Number(await photoClip.getAttribute('data-start-us'))).toBe(photoStartAfterMove);
  });

  await test.step('zoom with Ctrl+wheel and with +/-', async () => {
    const before = await timeline.pxPerSecond();
    const box = await timeline.lane('audio').boundingBox();
    await page.mouse.move(box!.x + 200, box!.y + 10);
    await page.keyboard.down('Control');
    await page.mouse.wheel(0, -120);
    await page.keyboard.up('Control');
    await expect.poll(() => timeline.pxPerSecond()).toBeGreaterThan(before);
    await page.keyboard.press('-');
    await page.keyboard.press('-');
    await expect.poll(() => timeline.pxPerSecond()).toBeLessThan(before);
    await page.keyboard.press('+');
    await expect.poll(() => timeline.pxPerSecond()).toBeCloseTo(before, 3);
  });

  const clipIdsBefore = await timeline.clips.evaluateAll((clips) =>
    clips.map((clip) => clip.getAttribute('data-clip-id')).sort(),
  );
  await testInfo.attach('editor-before-reload.png', {
    body: await page.screenshot(),
    contentType: 'image/png',
  });

  await test.step('reload: assets and clips come back from the project file', async () => {
    await page.reload();
    const editor = page.getByTestId('editor');
    await expect(editor.or(picker.root)).toBeVisible();
    if (await picker.root.isVisible())
      await picker.recentProject(projectPath).getByRole('button').first().click();
    await expect(editor).toBeVisible();
    await expect(bin.items).toHaveCount(3);
    await expect(timeline.clips).toHaveCount(4);
    await expect(timeline.lanes).toHaveCount(3);
    const clipIdsAfter = await timeline.clips.evaluateAll((clips) =>
      clips.map((clip) => clip.getAttribute('data-clip-id')).sort(),
    );
    expect(clipIdsAfter).toEqual(clipIdsBefore);
    expect(Number(await timeline.clipsOfAsset(photoId).getAttribute('data-start-us'))).toBe(
      photoStartAfterMove,
    );
  });

  await testInfo.attach('editor-after-reload.png', {
    body: await page.screenshot(),
    contentType: 'image/png',
  });

  await test.step('Delete removes the selected clip', async () => {
    await timeline.clipsOfAsset(speechId).click();
    await expect(timeline.clipsOfAsset(speechId)).toHaveAttribute('data-selected', 'true');
    await page.keyboard.press('Delete');
    await expect(timeline.clipsOfAsset(speechId)).toHaveCount(0);
    await expect(timeline.clips).toHaveCount(3);
  });

  expect(pageErrors).toEqual([]);
});
