// Issue 5 end to end in browser mode: import -> drag to the timeline -> trim by dragging a handle
// -> split with S -> ripple delete -> undo three times -> redo -> move a clip to another track
// with snapping -> add a Face swap effect (a photo's face marked as Source, consent recorded) ->
// render -> the probed output lasts as long as the timeline.
// Then the same flow by keyboard, and undo history surviving a reload.
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { probeMedia } from './fixtures/probeDuration';
import { expect, repoRoot, test } from './fixtures/studioServer';
import { FacesPage } from './pages/faces';
import { InspectorPage } from './pages/inspector';
import { MediaBinPage } from './pages/mediaBin';
import { ProjectPickerPage } from './pages/projectPicker';
import { RenderPage } from './pages/renderQueue';
import { TimelinePage, type ClipFacts } from './pages/timeline';

const mediaDir = resolve(repoRoot, '../shared/media');
const video = join(mediaDir, 'videos/grid_bbaf2n_h264_aac.mp4'); // 3.00 s, 25 fps, with sound
const photo = join(mediaDir, 'faces/grid_lbbc2a.jpg'); // the source face of the face swap
const FRAME_US = 40_000; // the project's default 25 fps
const VIDEO_US = 3_000_000;

const length = (clip: ClipFacts) => clip.outUs - clip.inUs;

async function newProjectWithVideo(page: Page, folder: string, name: string) {
  const picker = new ProjectPickerPage(page);
  const bin = new MediaBinPage(page);
  await picker.show();
  await picker.createProject(name, join(folder, `${name}.doppel`));
  await expect(page.getByTestId('editor')).toBeVisible();
  await bin.dropFilesFromOs([video]);
  await expect(bin.itemOfKind('video')).toHaveCount(1, { timeout: 60_000 });
  await expect(bin.importProgress).toHaveCount(0, { timeout: 30_000 });
  return bin;
}

async function renderAndProbe(page: Page, outputPath: string, timeline: TimelinePage) {
  const render = new RenderPage(page);
  await expect(render.dialog).toBeVisible();
  await render.output.fill(outputPath);
  await render.preset.selectOption('720p-h264');
  await render.start.click();
  // Starting runs consent and the content safety check first (the classifiers load on first use).
  await expect(render.dialog).toBeHidden({ timeout: 180_000 });
  await expect(render.queue).toBeVisible();
  const job = render.job(outputPath);
  await expect(job).toHaveAttribute('data-status', 'done', { timeout: 300_000 });
  const expected = await timeline.durationUs();
  const probed = probeMedia(outputPath);
  expect(
    Math.abs(probed.durationUs - expected),
    `probed ${probed.durationUs} µs vs timeline ${expected} µs`,
  ).toBeLessThanOrEqual(FRAME_US);
  expect(Math.abs(probed.videoFrames - expected / FRAME_US)).toBeLessThanOrEqual(1);
}

test.skip(
  !existsSync(video) || !existsSync(photo),
  `Test media missing (${video}, ${photo}): this test needs ../shared/media beside the repository.`,
);

test('edit with the mouse: trim, split, ripple delete, undo ×3, redo, snap onto another track, face swap, render', async ({
  page,
  studioServer,
}) => {
  // Face analysis, the content safety classifiers' first load and a face-swap render.
  test.setTimeout(900_000);
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  const folder = await mkdtemp(join(studioServer.tmpDir, 'edit-mouse-'));
  await page.goto(studioServer.url);
  const bin = await newProjectWithVideo(page, folder, 'Mouse Edit');
  const timeline = new TimelinePage(page);
  const inspector = new InspectorPage(page);
  const videoId = (await bin.itemOfKind('video').getAttribute('data-asset-id'))!;
  const videoTrack = (await timeline.trackIdOf('video'))!;

  await test.step('drag the video to the timeline: a picture clip and its linked sound', async () => {
    await timeline.dropAsset(bin.itemOfKind('video'), timeline.lane('video'), 0);
    await expect(timeline.clipsOfAsset(videoId)).toHaveCount(2);
    const [first, second] = await timeline.clipFacts();
    expect(first!.linkGroup).not.toBe('');
    expect(first!.linkGroup).toBe(second!.linkGroup);
    expect(length(first!)).toBe(VIDEO_US);
  });

  await test.step('trim the end by dragging its handle: linked clips trim together, one undo step', async () => {
    const clip = timeline.clipsOnTrack(videoTrack).first();
    await timeline.dragTrimHandle(clip, 'out', -0.6 * (await timeline.pxPerSecond()));
    await expect.poll(async () => (await timeline.clipFacts()).map(length)).toEqual([2_400_000, 2_400_000]);
    await expect(timeline.undoButton).toHaveAttribute('title', /Undo Trim clip end/);
  });

  await test.step('split at the playhead with S', async () => {
    await timeline.seekTo(1);
    await page.keyboard.press('s');
    await expect(timeline.clips).toHaveCount(4);
    const starts = (await timeline.clipFacts()).map((clip) => clip.startUs).sort((a, b) => a - b);
    expect(starts[2]).toBe(starts[3]);
    expect(starts[2]! % FRAME_US).toBe(0);
  });

  await test.step('ripple delete the first part: the rest moves to 0 on both tracks', async () => {
    await timeline.clipsOnTrack(videoTrack).first().click();
    await expect(page.locator('[data-testid="timeline-clip"][data-selected="true"]')).toHaveCount(2); // linked
    await page.keyboard.press('Shift+Delete');
    await expect(timeline.clips).toHaveCount(2);
    const clips = await timeline.clipFacts();
    expect(clips.map((clip) => clip.startUs)).toEqual([0, 0]);
    expect(await timeline.durationUs()).toBe(1_400_000);
  });

  await test.step('undo three times, then redo once', async () => {
    for (let step = 0; step < 3; step += 1) await page.keyboard.press('Control+z');
    await expect.poll(async () => (await timeline.clipFacts()).map(length)).toEqual([VIDEO_US, VIDEO_US]);
    await expect(timeline.redoButton).toBeEnabled();
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(async () => (await timeline.clipFacts()).map(length)).toEqual([2_400_000, 2_400_000]);
  });

  await test.step('move the picture onto a new video track, snapping its start to the playhead', async () => {
    await page.getByTestId('add-video-track').click();
    await expect(timeline.lane('video', 1)).toBeVisible();
    const upperTrack = (await timeline.trackIdOf('video', 0))!;
    await timeline.seekTo(0.6);
    const playhead = await timeline.playheadUs();
    const clip = timeline.clipsOnTrack(videoTrack).first();
    const pxPerSecond = await timeline.pxPerSecond();
    const [upper, lower] = [
      await timeline.lane('video', 0).boundingBox(),
      await timeline.lane('video', 1).boundingBox(),
    ];
    // Aim 3 px past the playhead: snapping pulls the start onto it exactly.
    await timeline.dragClip(clip, (playhead / 1e6) * pxPerSecond + 3, upper!.y - lower!.y, async () => {
      await expect(timeline.snapGuide).toBeVisible();
    });
    const moved = timeline.clipsOnTrack(upperTrack);
    await expect(moved).toHaveCount(1);
    await expect(moved).toHaveAttribute('data-start-us', String(playhead));
    // Its linked sound moved by the same offset on its own track.
    const clips = await timeline.clipFacts();
    expect(clips.map((c) => c.startUs)).toEqual([playhead, playhead]);
  });

  await test.step('add a Face swap effect: the face of a photo marked as Source, with consent', async () => {
    const faces = new FacesPage(page);
    await bin.dropFilesFromOs([photo]);
    await expect(bin.itemOfKind('image')).toHaveCount(1, { timeout: 60_000 });
    await expect(bin.importProgress).toHaveCount(0, { timeout: 30_000 });
    await faces.open();
    await faces.chooseAsset('grid_lbbc2a.jpg');
    await faces.analyseButton.click();
    await expect(faces.tracks).toHaveCount(1, { timeout: 240_000 });
    await faces.track(0).getByTestId('face-mark-source').click();
    const prompt = page.getByTestId('consent-prompt');
    await expect(prompt).toBeVisible();
    const identityId = (await prompt.getAttribute('data-identity-id'))!;
    await prompt.getByTestId('consent-subject').fill('GRID speaker lbbc2a');
    await prompt.getByTestId('consent-scope').fill('Doppel Studio editor tests');
    await prompt.getByTestId('consent-date').fill('2026-01-05');
    await prompt.getByTestId('consent-submit').click();
    await expect(prompt).toBeHidden();
    // The clip's faces too, as a user would before rendering (the render would otherwise do it).
    await faces.chooseAsset('grid_bbaf2n_h264_aac.mp4');
    await faces.analyseButton.click();
    await expect(faces.tracks.first()).toBeVisible({ timeout: 240_000 });
    await faces.viewerTab.click();

    const upperTrack = (await timeline.trackIdOf('video', 0))!;
    await timeline.clipsOnTrack(upperTrack).first().click();
    await expect(inspector.clipPanel).toBeVisible();
    await inspector.effectKind.selectOption('faceSwap');
    await inspector.addEffect.click();
    await expect(inspector.effects).toHaveCount(1);
    await expect(timeline.clipsOnTrack(upperTrack).getByTestId('clip-fx-badge')).toBeVisible();
    // The source face is picked from the project's face identities, which show their consent.
    const faceSwap = inspector.effects.first();
    const sourceFace = inspector.param(faceSwap, 'sourceIdentityId');
    await expect(sourceFace.locator(`option[value="${identityId}"]`)).toContainText('consent recorded');
    await inspector.choose(faceSwap, 'sourceIdentityId', identityId);
    await expect(faceSwap.getByTestId('effect-param-sourceIdentityId-consent')).toHaveCount(0);
  });

  await test.step('render: the output lasts as long as the edited timeline, within a frame', async () => {
    await page.getByTestId('open-render-dialog').click();
    await renderAndProbe(page, join(folder, 'mouse-edit.mp4'), timeline);
  });
  expect(pageErrors).toEqual([]);
});

test('the same flow by keyboard, and undo history surviving a reload', async ({ page, studioServer }) => {
  const folder = await mkdtemp(join(studioServer.tmpDir, 'edit-keys-'));
  await page.goto(studioServer.url);
  const bin = await newProjectWithVideo(page, folder, 'Keyboard Edit');
  const timeline = new TimelinePage(page);
  const videoTrack = (await timeline.trackIdOf('video'))!;
  const step = async (key: string, times: number) => {
    for (let index = 0; index < times; index += 1) await page.keyboard.press(key);
  };

  await test.step('Enter on a bin item inserts it at the playhead', async () => {
    await bin.itemOfKind('video').focus();
    await page.keyboard.press('Enter');
    await expect(timeline.clips).toHaveCount(2);
    await page.locator('body').click({ position: { x: 5, y: 5 } }); // focus leaves the bin
  });

  await test.step('D selects the clip under the playhead, ] trims its end to the playhead', async () => {
    await step('Shift+ArrowRight', 2);
    await step('ArrowRight', 13); // 2.52 s
    expect(await timeline.playheadUs()).toBe(2_520_000);
    await step('ArrowLeft', 1);
    await page.keyboard.press('d');
    await expect(page.locator('[data-testid="timeline-clip"][data-selected="true"]')).toHaveCount(2);
    await page.keyboard.press(']');
    await expect.poll(async () => (await timeline.clipFacts()).map(length)).toEqual([2_480_000, 2_480_000]);
  });

  await test.step('S splits, D + Shift+Delete ripple deletes the first part', async () => {
    await page.keyboard.press('Home');
    await step('Shift+ArrowRight', 1);
    await page.keyboard.press('s');
    await expect(timeline.clips).toHaveCount(4);
    await page.keyboard.press('Home');
    await page.keyboard.press('d');
    await page.keyboard.press('Shift+Delete');
    await expect(timeline.clips).toHaveCount(2);
    expect(await timeline.durationUs()).toBe(1_480_000);
  });

  await test.step('the history survives a reload: undo ×3 then redo still work', async () => {
    await page.reload();
    const picker = new ProjectPickerPage(page);
    await expect(page.getByTestId('editor').or(picker.root)).toBeVisible();
    if (await picker.root.isVisible())
      await picker.recentProject(join(folder, 'Keyboard Edit.doppel')).getByRole('button').first().click();
    await expect(timeline.clips).toHaveCount(2);
    await expect(timeline.undoButton).toHaveAttribute('title', /Undo Ripple delete/);
    await step('Control+z', 3);
    await expect.poll(async () => (await timeline.clipFacts()).map(length)).toEqual([VIDEO_US, VIDEO_US]);
    await page.keyboard.press('Control+y');
    await expect.poll(async () => (await timeline.clipFacts()).map(length)).toEqual([2_480_000, 2_480_000]);
  });

  await test.step('Alt+↑ moves the selected picture to a new track above', async () => {
    await page.getByTestId('add-video-track').click();
    await expect(timeline.lane('video', 1)).toBeVisible(); // the new track is drawn (on top)
    const upperTrack = (await timeline.trackIdOf('video', 0))!;
    await page.keyboard.press('Home');
    await page.keyboard.press('d');
    await page.keyboard.press('Alt+ArrowUp');
    await expect(timeline.clipsOnTrack(upperTrack)).toHaveCount(1);
    await expect(timeline.clipsOnTrack(videoTrack)).toHaveCount(0);
  });

  await test.step('M adds a marker, I and O set the range; Ctrl+M renders it', async () => {
    await step('Shift+ArrowRight', 1);
    await page.keyboard.press('m');
    await expect(timeline.markers).toHaveCount(1);
    await page.keyboard.press('Home');
    await page.keyboard.press('i');
    await step('ArrowRight', 25);
    await page.keyboard.press('o');
    await expect(page.getByTestId('timeline-in-out')).toHaveAttribute('data-out-us', '1000000');
    await page.keyboard.press('Control+m');
    const render = new RenderPage(page);
    await expect(render.dialog).toBeVisible();
    await expect(render.dialog.getByTestId('render-range-in-out')).toBeChecked();
    const outputPath = join(folder, 'keyboard-range.mp4');
    await render.output.fill(outputPath);
    await render.preset.selectOption('720p-h264');
    await page.keyboard.press('Enter');
    await expect(render.job(outputPath)).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
    const probed = probeMedia(outputPath);
    expect(Math.abs(probed.durationUs - 1_000_000)).toBeLessThanOrEqual(FRAME_US);
  });
});
