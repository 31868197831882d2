// The Models dialog end to end in browser mode, with real downloads over HTTP, real sha256 checks
// and real ONNX Runtime sessions checking each file's inputs and outputs:
// - a fixture copy of the faceswap-inswapper pack (the project's generated ONNX models, their
//   sha256 pinned) is installed from a loopback HTTP mirror (DOPPEL_MODEL_MIRROR): the licences are
//   shown and must be accepted, the progress is shown, Cancel keeps the partial download, and the
//   next install resumes it with a Range request and ends "Installed", sha256 verified;
// - a file imported from disk into the real faceswap-inswapper pack is recorded with its own
//   sha256 and marked as not the published file, and the pack becomes "Partly installed".
import { mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import {
  buildFixturePack,
  serveFixturePack,
  writePackManifest,
  type FixturePack,
} from '../src/main/engine/models/testSupport/fixturePacks';
import { LoopbackModelServer } from '../src/main/engine/models/testSupport/loopbackModelServer';
import { writeArcfaceFixture } from '../src/main/engine/models/testSupport/packFixtureModels';
import { expect, test as studioTest } from './fixtures/studioServer';
import { ModelsPage } from './pages/models';
import { ProjectPickerPage } from './pages/projectPicker';

const FIXTURE_PACK_ID = 'e2e-faceswap-inswapper';

interface ModelMirror {
  server: LoopbackModelServer;
  pack: FixturePack;
  packsFolder: string;
  scratch: string;
}

// The studio host of this file's worker gets the loopback mirror and the fixture pack's manifest.
const test = studioTest.extend<object, { modelMirror: ModelMirror }>({
  modelMirror: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const scratch = await mkdtemp(join(tmpdir(), 'doppel-e2e-models-'));
      const server = await LoopbackModelServer.start();
      const pack = await buildFixturePack({
        basePackId: 'faceswap-inswapper',
        packId: FIXTURE_PACK_ID,
        idPrefix: 'e2e-',
        scratchFolder: join(scratch, 'fixtures'),
      });
      const packsFolder = join(scratch, 'packs');
      await writePackManifest(packsFolder, pack.manifest);
      serveFixturePack(server, pack);
      try {
        await use({ server, pack, packsFolder, scratch });
      } finally {
        await server.close();
      }
    },
    { scope: 'worker', timeout: 60_000 },
  ],
  studioHostEnvironment: [
    async ({ modelMirror }, use) => {
      await use({
        DOPPEL_MODEL_MIRROR: modelMirror.server.url,
        DOPPEL_MODEL_PACKS_DIR: modelMirror.packsFolder,
      });
    },
    { scope: 'worker' },
  ],
});

test.beforeEach(async ({ page, studioServer }, testInfo) => {
  await page.goto(studioServer.url);
  const picker = new ProjectPickerPage(page);
  await picker.show();
  await picker.createProject('Models', join(studioServer.tmpDir, `models-${testInfo.testId}.doppel`));
  await expect(page.getByTestId('editor')).toBeVisible();
});

test('installs a pack from a mirror: licences first, progress, cancel, resume, sha256 verified', async ({
  page,
  modelMirror,
}) => {
  const models = new ModelsPage(page);
  await models.open();
  // Every pack this studio knows is listed with its size, licences and status.
  for (const packId of ['faceswap-inswapper', 'lipsync-wav2lip', 'voice-rvc', FIXTURE_PACK_ID]) {
    await expect(models.pack(packId)).toBeVisible();
  }
  await expect(models.pack('faceswap-inswapper').getByTestId('model-pack-size')).toHaveText(
    '528.6 MiB + 1 file of unknown size (+ ≈ 340.0 MiB optional)',
  );
  await expect(models.pack('faceswap-inswapper')).toContainText('Non-commercial');
  await expect(models.status(FIXTURE_PACK_ID)).toHaveText('Not installed');

  // The first file stalls after 64 KiB: the install shows its progress and is cancelled; what
  // arrived stays on disk.
  const [inswapperId, inswapper] = [...modelMirror.pack.files.entries()][0]!;
  const inswapperPath = `/${FIXTURE_PACK_ID}/${inswapper.fileName}`;
  modelMirror.server.setFaults(inswapperPath, { stallAfterBytes: 65_536 });
  const pack = models.pack(FIXTURE_PACK_ID);
  await pack.getByTestId('model-pack-install').click();
  await expect(pack.getByTestId('model-licence-list')).toContainText('non-commercial research purposes only');
  await expect(pack.getByTestId('model-install-confirm')).toBeDisabled();
  await pack.getByTestId('model-licence-accept').check();
  await pack.getByTestId('model-install-confirm').click();
  await expect(models.status(FIXTURE_PACK_ID)).toHaveText('Installing…');
  await expect(pack.getByTestId('model-install-progress-text')).toContainText(
    `Downloading ${inswapper.fileName}`,
  );
  await pack.getByTestId('model-install-cancel').click();
  await expect(models.status(FIXTURE_PACK_ID)).toHaveText('Partly installed');
  await expect(models.file(FIXTURE_PACK_ID, inswapperId).getByTestId('model-file-status')).toContainText(
    'Partly downloaded',
  );

  // Install again: the download resumes where it stopped, every file is checked and listed.
  modelMirror.server.setFaults(inswapperPath, {});
  await expect(pack.getByTestId('model-pack-install')).toHaveText('Resume install…');
  await models.acceptAndInstall(FIXTURE_PACK_ID);
  await expect(models.status(FIXTURE_PACK_ID)).toHaveText('Installed', { timeout: 60_000 });
  const resumed = modelMirror.server.requestsFor(inswapperPath).at(-1);
  expect(resumed?.status).toBe(206);
  expect(resumed?.range).toMatch(/^bytes=[1-9]\d*-$/);
  for (const [fileId, file] of modelMirror.pack.files) {
    const row = models.file(FIXTURE_PACK_ID, fileId).getByTestId('model-file-status');
    if (fileId === 'e2e-gfpgan-1.4') {
      await expect(row).toContainText('Not installed'); // optional, not asked for
    } else {
      await expect(row).toContainText('sha256 verified');
      await expect(row).toContainText(file.sha256.slice(0, 16));
    }
  }
});

test('imports a file from disk: its own sha256 recorded, marked as not the published file', async ({
  page,
  studioServer,
}) => {
  const models = new ModelsPage(page);
  const arcfacePath = join(studioServer.tmpDir, 'w600k_r50.onnx');
  await writeArcfaceFixture(arcfacePath);
  await models.open();
  await expect(models.status('faceswap-inswapper')).toHaveText('Not installed');

  // A file that is no model is refused with its path named; nothing is installed.
  const pack = models.pack('faceswap-inswapper');
  await models.importFile(
    'faceswap-inswapper',
    'arcface-w600k-r50',
    join(studioServer.tmpDir, 'missing.onnx'),
  );
  await expect(pack.getByTestId('model-import-error')).toContainText('missing.onnx');
  await expect(models.status('faceswap-inswapper')).toHaveText('Not installed');

  const form = pack.getByTestId('model-import-form');
  await form.getByTestId('model-import-path').fill(arcfacePath);
  await form.getByTestId('model-import-confirm').click();
  await expect(form.getByTestId('model-import-done')).toContainText('Imported as arcface-w600k-r50');
  await expect(models.status('faceswap-inswapper')).toHaveText('Partly installed');
  const row = models.file('faceswap-inswapper', 'arcface-w600k-r50').getByTestId('model-file-status');
  await expect(row).toContainText('Installed (imported)');
  await expect(row).toContainText('unverified source hash');
  await expect(row).toContainText('differs from the published sha256');
});

test('refuses a download that is not the published file, names it and keeps nothing', async ({
  page,
  modelMirror,
}) => {
  // Runs after the install above (same host): the optional GFPGAN file is served damaged.
  const gfpganId = 'e2e-gfpgan-1.4';
  const gfpgan = modelMirror.pack.files.get(gfpganId)!;
  const damaged = Uint8Array.from(gfpgan.bytes);
  damaged[damaged.length - 1] = (damaged.at(-1) ?? 0) ^ 0xff; // same size, another sha256
  modelMirror.server.serve(`/${FIXTURE_PACK_ID}/${gfpgan.fileName}`, damaged);
  const models = new ModelsPage(page);
  await models.open();
  const pack = models.pack(FIXTURE_PACK_ID);
  await expect(models.status(FIXTURE_PACK_ID)).toHaveText('Installed');
  // Its optional file is offered on its own, licences first.
  await expect(pack.getByTestId('model-pack-install')).toHaveText('Install optional…');
  await pack.getByTestId('model-pack-install').click();
  await expect(pack.getByTestId('model-install-optional')).toBeChecked();
  await pack.getByTestId('model-licence-accept').check();
  await pack.getByTestId('model-install-confirm').click();
  const error = pack.getByTestId('model-install-error');
  await expect(error).toContainText(gfpgan.fileName, { timeout: 60_000 });
  await expect(error).toContainText(`expected ${gfpgan.sha256}`);
  await expect(error).toContainText('deleted');
  // The required files stay installed; the damaged file left nothing behind.
  await expect(models.status(FIXTURE_PACK_ID)).toHaveText('Installed');
  await expect(models.file(FIXTURE_PACK_ID, gfpganId).getByTestId('model-file-status')).toContainText(
    'Not installed',
  );
});
