// Playback proxies in browser mode: an MPEG-1 video (the GRID corpus's format, which Chromium
// cannot decode) gets a light H.264 proxy in the background; the viewer says so while it is made
// and then shows real, decoded frames from it at the playhead.
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { expect, repoRoot, test } from './fixtures/studioServer';
import { MediaBinPage } from './pages/mediaBin';
import { ProjectPickerPage } from './pages/projectPicker';
import { TimelinePage } from './pages/timeline';
import { ViewerPage } from './pages/viewer';

const mpeg1Video = join(resolve(repoRoot, '../shared/media'), 'videos/grid_bbaf2n.mpg');

test('an MPEG-1 video plays in the viewer through its playback proxy', async ({ page, studioServer }) => {
  test.skip(!existsSync(mpeg1Video), `Test media missing (${mpeg1Video}): needs ../shared/media.`);
  const picker = new ProjectPickerPage(page);
  const bin = new MediaBinPage(page);
  const timeline = new TimelinePage(page);
  const viewer = new ViewerPage(page);
  const projectPath = join(await mkdtemp(join(studioServer.tmpDir, 'proxies-')), 'Proxies.doppel');

  await page.goto(studioServer.url);
  await picker.show();
  await picker.createProject('Proxies', projectPath);
  await bin.dropFilesFromOs([mpeg1Video]);
  await expect(bin.itemOfKind('video')).toHaveCount(1, { timeout: 60_000 });
  await timeline.dropAsset(bin.itemOfKind('video'), timeline.lane('video'), 0);
  await timeline.seekTo(1);

  await expect(viewer.video).toHaveAttribute('data-playback', 'proxy', { timeout: 60_000 });
  await expect(viewer.video).toHaveAttribute('src', /\/playable\?proxy$/);
  // The notice shows while the proxy is queued or made, and goes once the proxy is ready.
  await expect(page.getByTestId('viewer-proxy-notice')).toHaveCount(0, { timeout: 60_000 });
  await expect
    .poll(() => viewer.video.evaluate((element) => (element as HTMLVideoElement).videoWidth), {
      timeout: 30_000,
    })
    .toBeGreaterThan(0);
  await expect.poll(() => viewer.videoCurrentTime()).toBeGreaterThan(0.9);
  expect(await viewer.videoCurrentTime()).toBeLessThan(1.1);
});
