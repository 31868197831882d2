// Issue 6 item 5 end to end in browser mode (real ffmpeg, real DSP, real Chromium): the "Voice
// clone" effect is added to an audio clip from the inspector's effects stack, its voice is picked
// from the project's voice identities, and Preview converts the clip's first 10 s and plays them
// in the page. The clip itself is untouched (the effect is non-destructive): no asset is added.
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { expect, repoRoot, test } from './fixtures/studioServer';
import { IdentitiesPage } from './pages/identities';
import { InspectorPage } from './pages/inspector';
import { MediaBinPage } from './pages/mediaBin';
import { ProjectPickerPage } from './pages/projectPicker';
import { TimelinePage } from './pages/timeline';
import { VoicePage } from './pages/voice';

const speech = resolve(repoRoot, '../shared/media/speech/ljspeech_LJ001-0001.wav');

test.skip(
  !existsSync(speech),
  `Test media missing (${speech}): these tests need ../shared/media beside the repository.`,
);

test('a Voice clone effect on an audio clip: pick the voice, preview the converted speech', async ({
  page,
  studioServer,
}, testInfo) => {
  test.setTimeout(240_000);
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  const folder = await mkdtemp(join(studioServer.tmpDir, 'voice-clone-effect-'));
  await page.goto(studioServer.url);
  const picker = new ProjectPickerPage(page);
  const bin = new MediaBinPage(page);
  const timeline = new TimelinePage(page);
  const identities = new IdentitiesPage(page);
  const voice = new VoicePage(page);
  const inspector = new InspectorPage(page);
  await picker.show();
  await picker.createProject('Voice clone', join(folder, 'Voice clone.doppel'));
  await bin.dropFilesFromOs([speech]);
  await expect(bin.items).toHaveCount(1, { timeout: 60_000 });
  await expect(bin.importProgress).toHaveCount(0, { timeout: 30_000 });
  const speechId = (await bin.itemOfKind('audio').getAttribute('data-asset-id'))!;
  await timeline.dropAsset(bin.itemOfKind('audio'), timeline.lane('audio'), 0);
  const clip = timeline.clipsOfAsset(speechId);
  await expect(clip).toHaveCount(1);

  await test.step('a voice with consent (made from the clip, for the test)', async () => {
    await clip.click();
    await voice.newName.fill('Reader');
    await voice.create.click();
    await expect(identities.prompt).toBeVisible({ timeout: 60_000 });
    await identities.grant(identities.prompt, {
      subject: 'Linda Johnson',
      scope: 'E2E test',
      date: '2026-01-02',
    });
    await expect(identities.prompt).toBeHidden();
  });

  await test.step('the effect is added, its voice picked, and Preview plays the converted speech', async () => {
    await clip.click();
    await inspector.effectKind.selectOption('voiceClone');
    await inspector.addEffect.click();
    const effect = inspector.effects.filter({ has: page.getByTestId('voice-clone-effect') });
    await expect(effect).toHaveCount(1);
    const preview = effect.getByTestId('voice-clone-preview-button');
    await expect(preview).toBeDisabled();
    await effect.getByTestId('voice-clone-voice').selectOption({ label: 'Reader' });
    // The pick is the effect's stored param (the generic editor shows the same value).
    await expect(effect.getByTestId('effect-param-voiceIdentityId')).not.toHaveValue('');
    await preview.click();
    const audio = effect.getByTestId('voice-clone-preview');
    await expect(audio).toBeVisible({ timeout: 120_000 });
    const seconds = await audio.evaluate(
      (element) =>
        new Promise<number>((resolveDuration, reject) => {
          const player = element as HTMLAudioElement;
          if (player.readyState >= 1) return resolveDuration(player.duration);
          player.addEventListener('loadedmetadata', () => resolveDuration(player.duration), { once: true });
          player.addEventListener('error', () => reject(new Error(`audio error ${player.error?.code}`)), {
            once: true,
          });
        }),
    );
    // The clip is 9.66 s long, under the 10 s a preview covers: all of it.
    expect(Math.abs(seconds - 9.66)).toBeLessThan(0.1);
    await expect(effect.getByTestId('voice-clone-error')).toHaveCount(0);
    await page.screenshot({ path: testInfo.outputPath('voice-clone-effect-preview.png') });
    // Non-destructive: nothing new in the media bin.
    await expect(bin.items).toHaveCount(1);
  });
  expect(pageErrors).toEqual([]);
});
