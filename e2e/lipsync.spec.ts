// Issue 7 in the editor (browser mode): import a talking head and a speech recording -> drag the
// video to the timeline -> add a Lip sync effect to the picture clip and bind it to the speech in
// the inspector -> render -> the output lasts as long as the clip and its sound is the speech, not
// the man's (the render mutes the clip's linked sound and plays the speech in its place).
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { decodeAudioFile } from '../src/main/media/audioPcmStream';
import { frameRmsEnvelope, pearson } from '../src/main/engine/lipsync/testSupport/lipSyncMeasures';
import { probeMedia } from './fixtures/probeDuration';
import { expect, repoRoot, test } from './fixtures/studioServer';
import { InspectorPage } from './pages/inspector';
import { MediaBinPage } from './pages/mediaBin';
import { ProjectPickerPage } from './pages/projectPicker';
import { RenderPage } from './pages/renderQueue';
import { TimelinePage } from './pages/timeline';

const mediaDir = resolve(repoRoot, '../shared/media');
const video = join(mediaDir, 'videos/grid_bbaf2n_h264_aac.mp4'); // 3.00 s, 25 fps, a man speaking
const speech = join(mediaDir, 'speech/grid_lbbc2a_female_16k.wav'); // another sentence, another voice

test.skip(
  !existsSync(video) || !existsSync(speech),
  `Test media missing (${video}, ${speech}): this test needs ../shared/media beside the repository.`,
);

test('a Lip sync effect bound to a speech recording in the inspector renders with the new speech', async ({
  page,
  studioServer,
}) => {
  // Face analysis of the clip, the content safety classifiers' first load and the render.
  test.setTimeout(900_000);
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  const folder = await mkdtemp(join(studioServer.tmpDir, 'lipsync-'));
  await page.goto(studioServer.url);

  const picker = new ProjectPickerPage(page);
  const bin = new MediaBinPage(page);
  const timeline = new TimelinePage(page);
  const inspector = new InspectorPage(page);
  await picker.show();
  await picker.createProject('Dubbing', join(folder, 'Dubbing.doppel'));
  await expect(page.getByTestId('editor')).toBeVisible();
  await bin.dropFilesFromOs([video, speech]);
  await expect(bin.itemOfKind('video')).toHaveCount(1, { timeout: 60_000 });
  await expect(bin.itemOfKind('audio')).toHaveCount(1, { timeout: 60_000 });
  await expect(bin.importProgress).toHaveCount(0, { timeout: 30_000 });
  const speechId = (await bin.itemOfKind('audio').getAttribute('data-asset-id'))!;

  await test.step('put the video on the timeline and add a Lip sync effect bound to the speech', async () => {
    await timeline.dropAsset(bin.itemOfKind('video'), timeline.lane('video'), 0);
    const videoTrack = (await timeline.trackIdOf('video'))!;
    await expect(timeline.clipsOnTrack(videoTrack)).toHaveCount(1);
    await timeline.clipsOnTrack(videoTrack).first().click();
    await expect(inspector.clipPanel).toBeVisible();
    await inspector.effectKind.selectOption('lipSync');
    await inspector.addEffect.click();
    await expect(inspector.effects).toHaveCount(1);
    // A new Lip sync effect offers its settings: the speech (one list of the timeline's audio clips
    // and the project's audio files), engine, strength.
    const effect = inspector.effects.first();
    await expect(inspector.param(effect, 'engine')).toHaveValue('classical');
    const speechPicker = inspector.param(effect, 'audioClipId');
    await expect(speechPicker).toHaveValue('');
    await expect(speechPicker.locator(`option[value="asset:${speechId}"]`)).toContainText(
      'grid_lbbc2a_female_16k',
    );
    await inspector.choose(effect, 'audioClipId', `asset:${speechId}`);
  });

  const output = join(folder, 'dubbed.mp4');
  await test.step('render', async () => {
    const render = new RenderPage(page);
    await page.getByTestId('open-render-dialog').click();
    await expect(render.dialog).toBeVisible();
    await render.output.fill(output);
    await render.preset.selectOption('720p-h264');
    await render.start.click();
    await expect(render.dialog).toBeHidden({ timeout: 300_000 });
    await expect(render.job(output)).toHaveAttribute('data-status', 'done', { timeout: 400_000 });
  });

  await test.step('the output lasts as long as the clip and its sound is the speech', async () => {
    const probed = probeMedia(output);
    expect(Math.abs(probed.durationUs - 3_000_000)).toBeLessThanOrEqual(40_000);
    expect(Math.abs(probed.videoFrames - 75)).toBeLessThanOrEqual(1);
    const envelope = async (path: string) =>
      frameRmsEnvelope(await decodeAudioFile(path, { sampleRate: 16_000 }), 75, 25);
    const rendered = await envelope(output);
    expect(pearson(rendered, await envelope(speech))).toBeGreaterThan(0.95);
    expect(pearson(rendered, await envelope(video))).toBeLessThan(0.6);
  });
  expect(pageErrors).toEqual([]);
});
