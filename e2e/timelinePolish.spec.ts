// The rest of issue 5 in the browser: track controls, box select, copy/paste/duplicate, the clip
// context menu, the effects stack with undo, J/K/L and the shortcut sheet.
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { expect, repoRoot, test } from './fixtures/studioServer';
import { InspectorPage } from './pages/inspector';
import { MediaBinPage } from './pages/mediaBin';
import { ProjectPickerPage } from './pages/projectPicker';
import { TimelinePage } from './pages/timeline';

const video = join(resolve(repoRoot, '../shared/media'), 'videos/grid_bbaf2n_h264_aac.mp4');
test.skip(!existsSync(video), `Test media missing (${video}).`);

test('tracks, box select, copy/paste/duplicate, context menu, effects stack with undo, J/K/L, shortcut sheet', async ({
  page,
  studioServer,
}) => {
  const folder = await mkdtemp(join(studioServer.tmpDir, 'polish-'));
  const picker = new ProjectPickerPage(page);
  const bin = new MediaBinPage(page);
  const timeline = new TimelinePage(page);
  const inspector = new InspectorPage(page);
  const selected = page.locator('[data-testid="timeline-clip"][data-selected="true"]');
  await page.goto(studioServer.url);
  await picker.show();
  await picker.createProject('Polish', join(folder, 'Polish.doppel'));
  await expect(inspector.root.getByTestId('inspector-empty')).toBeVisible();
  await bin.dropFilesFromOs([video]);
  await expect(bin.itemOfKind('video')).toHaveCount(1, { timeout: 60_000 });
  await timeline.dropAsset(bin.itemOfKind('video'), timeline.lane('video'), 0);
  await expect(timeline.clips).toHaveCount(2);
  const audioTrack = (await timeline.trackIdOf('audio'))!;
  const videoTrack = (await timeline.trackIdOf('video'))!;
  const header = (trackId: string) =>
    page.locator(`[data-testid="track-header"][data-track-id="${trackId}"]`);

  await test.step('rename, mute and lock tracks; a locked track refuses a trim', async () => {
    await header(audioTrack).getByTestId('track-name').dblclick();
    await header(audioTrack).getByTestId('track-name-input').fill('Dialogue');
    await page.keyboard.press('Enter');
    await expect(header(audioTrack).getByTestId('track-name')).toHaveText('Dialogue');
    await header(audioTrack).getByTestId('track-muted').click();
    await expect(header(audioTrack).getByTestId('track-muted')).toHaveAttribute('aria-pressed', 'true');
    await header(videoTrack).getByTestId('track-locked').click();
    await expect(timeline.lane('video')).toHaveAttribute('data-locked', 'true');
    const before = await timeline.clipFacts();
    await timeline.dragTrimHandle(timeline.clipsOnTrack(videoTrack).first(), 'out', -40);
    await page.keyboard.press('Control+z'); // undoes the lock, not a trim (the trim never happened)
    await expect(timeline.lane('video')).toHaveAttribute('data-locked', 'false');
    expect(await timeline.clipFacts()).toEqual(before);
  });

  await test.step('box select both clips by dragging over empty lane space', async () => {
    await page.keyboard.press('Escape');
    await expect(selected).toHaveCount(0);
    const videoLane = (await timeline.lane('video').boundingBox())!;
    const audioLane = (await timeline.lane('audio').boundingBox())!;
    const pxPerSecond = await timeline.pxPerSecond();
    await page.mouse.move(videoLane.x + 4 * pxPerSecond, videoLane.y + 5);
    await page.mouse.down();
    await page.mouse.move(videoLane.x + 2 * pxPerSecond, audioLane.y + 20, { steps: 4 });
    await expect(page.getByTestId('selection-box')).toBeVisible();
    await page.mouse.up();
    await expect(selected).toHaveCount(2);
  });

  await test.step('copy, paste at the playhead, duplicate: new linked pairs', async () => {
    await page.keyboard.press('Control+c');
    await timeline.seekTo(5);
    await page.keyboard.press('Control+v');
    await expect(timeline.clips).toHaveCount(4);
    await page.keyboard.press('Control+d');
    await expect(timeline.clips).toHaveCount(6);
    const groups = new Set((await timeline.clipFacts()).map((clip) => clip.linkGroup));
    expect(groups.size).toBe(3);
  });

  await test.step('the clip context menu unlinks a clip from its sound', async () => {
    const first = timeline.clipsOnTrack(videoTrack).first();
    await first.click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Unlink audio/video' }).click();
    await expect(first).toHaveAttribute('data-link-group', '');
  });

  await test.step('effects stack: add, edit a parameter, disable; each undoes on its own', async () => {
    await timeline.clipsOnTrack(videoTrack).first().click();
    await expect(inspector.clipPanel).toBeVisible();
    await inspector.addEffect.click();
    await expect(inspector.effects).toHaveCount(1);
    const param = inspector.effects.first().locator('input[type="number"]').first();
    await param.fill('1.5');
    await param.press('Enter');
    await expect(param).toHaveValue('1.5');
    await inspector.effects.first().getByTestId('effect-enabled').click(); // applied when the host answers
    await expect(inspector.effects.first()).toHaveClass(/effect-disabled/);
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await timeline.clipsOnTrack(videoTrack).first().click();
    await page.keyboard.press('Control+z');
    await expect(inspector.effects.first().getByTestId('effect-enabled')).toBeChecked();
    await page.keyboard.press('Control+z');
    await expect(inspector.effects.first().locator('input[type="number"]').first()).toHaveValue('1');
    await page.keyboard.press('Control+z');
    await expect(inspector.effects).toHaveCount(0);
  });

  await test.step('roll the cut between two halves, then slip the right half', async () => {
    await page.keyboard.press('Escape');
    await timeline.seekTo(1);
    await page.keyboard.press('s'); // nothing selected: splits every clip under the playhead
    await expect(timeline.clipsOnTrack(videoTrack)).toHaveCount(4);
    const [left, right] = (await timeline.clipFacts()).filter((clip) => clip.trackId === videoTrack);
    expect(left!.startUs + left!.outUs - left!.inUs).toBe(right!.startUs);
    const pxPerSecond = await timeline.pxPerSecond();
    await page.getByTestId('tool-roll').click();
    await timeline.dragTrimHandle(timeline.clip(left!.id), 'out', 0.4 * pxPerSecond);
    await expect(timeline.clip(right!.id)).toHaveAttribute('data-start-us', String(right!.startUs + 400_000));
    await expect(timeline.clip(right!.id)).toHaveAttribute('data-in-us', String(right!.inUs + 400_000));
    await expect(timeline.clip(left!.id)).toHaveAttribute('data-out-us', String(left!.outUs + 400_000));
    await page.keyboard.press('y'); // the slip tool
    await timeline.dragClip(timeline.clip(right!.id), 0.4 * pxPerSecond);
    await expect(timeline.clip(right!.id)).toHaveAttribute('data-in-us', String(right!.inUs));
    await expect(timeline.clip(right!.id)).toHaveAttribute('data-start-us', String(right!.startUs + 400_000));
    await page.keyboard.press('v');
  });

  await test.step('J/K/L shuttle and the shortcut sheet', async () => {
    const play = page.getByTestId('viewer-play');
    await page.keyboard.press('Home');
    await page.keyboard.press('l');
    await expect(play).toHaveAttribute('data-playing', 'true');
    await expect.poll(() => timeline.playheadUs()).toBeGreaterThan(0);
    await page.keyboard.press('k');
    await expect(play).toHaveAttribute('data-playing', 'false');
    await page.keyboard.press('?');
    await expect(page.getByTestId('shortcut-sheet')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('shortcut-sheet')).toHaveCount(0);
  });
});
