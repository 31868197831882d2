// Installing packs over real HTTP from a loopback server (standing in for the public hosts through
// DOPPEL_MODEL_MIRROR's layout): progress, resume of an interrupted transfer, hash mismatch, 404,
// cancel, timeouts, redirects, and the signature check in a real onnxruntime session.
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ModelInstallProgress } from '../../../shared/contracts/modelsContract';
import { PackCatalogue } from './modelPackCatalogue';
import { ModelPackManager } from './modelPackManager';
import {
  buildFixturePack,
  fixtureModelBytes,
  loadRealPackManifest,
  serveFixturePack,
  type FixturePack,
} from './testSupport/fixturePacks';
import { LoopbackModelServer } from './testSupport/loopbackModelServer';
import { writeInswapperFixture } from './testSupport/packFixtureModels';

let server: LoopbackModelServer;
let scratch: string;
let pack: FixturePack;
const folders: string[] = [];

beforeAll(async () => {
  server = await LoopbackModelServer.start();
  scratch = await mkdtemp(join(tmpdir(), 'doppel-pack-fixtures-'));
  pack = await buildFixturePack({
    basePackId: 'faceswap-inswapper',
    packId: 'fixture-faceswap',
    idPrefix: 'fixture-',
    scratchFolder: scratch,
  });
});

afterAll(async () => {
  await server.close();
  await rm(scratch, { recursive: true, force: true });
});

afterEach(async () => {
  for (const folder of folders.splice(0)) await rm(folder, { recursive: true, force: true });
});

async function manager(
  options: { catalogue?: PackCatalogue; idleTimeoutMs?: number; retries?: number } = {},
) {
  const dataDir = await mkdtemp(join(tmpdir(), 'doppel-pack-home-'));
  folders.push(dataDir);
  serveFixturePack(server, pack);
  return new ModelPackManager({
    dataDir,
    catalogue: options.catalogue ?? PackCatalogue.fromManifests([pack.manifest]),
    mirror: server.url,
    tuning: {
      retryDelayMs: 10,
      idleTimeoutMs: options.idleTimeoutMs ?? 5_000,
      retries: options.retries ?? 3,
    },
    progressIntervalMs: 0,
  });
}

const inswapperPath = () => `/fixture-faceswap/inswapper_128.onnx`;
const inswapper = () => pack.files.get('fixture-inswapper-128')!;

describe('installing a model pack from a loopback mirror', () => {
  it('downloads every required file with progress, verifies sha256 and signature, and lists it', async () => {
    const models = await manager();
    const events: ModelInstallProgress[] = [];
    const result = await models.installPack({
      packId: 'fixture-faceswap',
      acceptLicences: true,
      onProgress: (event) => events.push(event),
    });

    expect(result.installed).toEqual(['fixture-inswapper-128', 'fixture-arcface-w600k-r50']);
    const listed = (await models.listPacks()).packs[0]!;
    expect(listed.status).toBe('installed');
    const installed = listed.files.find((file) => file.id === 'fixture-inswapper-128')!.installed!;
    expect(installed).toMatchObject({
      integrity: 'sha256-verified',
      sha256: inswapper().sha256,
      bytes: inswapper().bytes.length,
      origin: 'download',
    });
    // The real names of tensors the manifest leaves unnamed are recorded.
    expect(installed.outputs.map((tensor) => tensor.name)).toEqual(['output']);
    expect(installed.path).toBe(join(models.store.root, 'fixture-faceswap', 'inswapper_128.onnx'));
    expect(Buffer.compare(await readFile(installed.path), Buffer.from(inswapper().bytes))).toBe(0);
    // Optional GFPGAN is not fetched unless asked for.
    expect(listed.files.find((file) => file.id === 'fixture-gfpgan-1.4')!.installed).toBeNull();
    expect(await models.isModelInstalled('fixture-inswapper-128')).toBe(true);
    expect(await models.isModelInstalled('fixture-gfpgan-1.4')).toBe(false);
    expect(
      (await readdir(join(models.store.root, 'fixture-faceswap'))).filter((name) => name.endsWith('.part')),
    ).toEqual([]);

    const forInswapper = events.filter((event) => event.fileId === 'fixture-inswapper-128');
    expect(forInswapper[0]).toMatchObject({ phase: 'downloading', fileIndex: 0, fileCount: 2 });
    expect(
      forInswapper.some(
        (event) => event.phase === 'downloading' && event.receivedBytes === inswapper().bytes.length,
      ),
    ).toBe(true);
    expect(forInswapper.map((event) => event.phase)).toContain('verifying');
    expect(forInswapper.at(-1)).toMatchObject({
      phase: 'installed',
      receivedBytes: inswapper().bytes.length,
    });

    const again = await models.installPack({
      packId: 'fixture-faceswap',
      includeOptional: true,
      acceptLicences: true,
    });
    expect(again).toMatchObject({
      installed: ['fixture-gfpgan-1.4'],
      alreadyInstalled: ['fixture-inswapper-128', 'fixture-arcface-w600k-r50'],
    });
    models.dispose();
  });

  it('refuses to install before the licences are accepted', async () => {
    const models = await manager();
    server.requests.length = 0;
    await expect(
      models.installPack({ packId: 'fixture-faceswap', acceptLicences: false }),
    ).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: expect.stringContaining('non-commercial research purposes only'),
    });
    expect(server.requestsFor(inswapperPath())).toHaveLength(0);
    models.dispose();
  });

  it('resumes an interrupted transfer with a Range request and still verifies the whole file', async () => {
    const models = await manager();
    server.requests.length = 0;
    server.setFaults(inswapperPath(), { breakAfterBytes: { bytes: 300_000 } });
    await models.installPack({ packId: 'fixture-faceswap', acceptLicences: true });
    const requests = server.requestsFor(inswapperPath());
    expect(requests[0]).toMatchObject({ range: undefined, status: 200 });
    expect(requests[1]!.status).toBe(206);
    expect(Number(/bytes=(\d+)-/.exec(requests[1]!.range ?? '')?.[1])).toBeGreaterThan(0);
    const installed = (await models.store.findModel('fixture-inswapper-128'))!;
    expect(installed).toMatchObject({ sha256: inswapper().sha256, integrity: 'sha256-verified' });
    models.dispose();
  });

  it('keeps a cancelled download as .part and resumes it on the next install', async () => {
    const models = await manager();
    server.requests.length = 0;
    server.setFaults(inswapperPath(), { stallAfterBytes: 500_000 });
    const partial = models.store.partialPathOf('fixture-faceswap', 'inswapper_128.onnx');
    const events: ModelInstallProgress[] = [];
    const running = models.installPack({
      packId: 'fixture-faceswap',
      acceptLicences: true,
      onProgress: (event) => {
        events.push(event);
        if (event.receivedBytes >= 500_000) models.cancelInstall('fixture-faceswap');
      },
    });
    await expect(running).rejects.toMatchObject({
      code: 'CANCELLED',
      message: expect.stringContaining('inswapper_128.onnx'),
    });
    expect(events.at(-1)?.phase).toBe('cancelled');
    expect((await stat(partial)).size).toBe(500_000);
    expect(await models.isModelInstalled('fixture-inswapper-128')).toBe(false);
    expect((await models.listPacks()).packs[0]!.files[0]!.partialBytes).toBe(500_000);

    server.setFaults(inswapperPath(), {});
    await models.installPack({ packId: 'fixture-faceswap', acceptLicences: true });
    expect(server.requestsFor(inswapperPath()).at(-1)).toMatchObject({ range: 'bytes=500000-', status: 206 });
    expect((await models.store.findModel('fixture-inswapper-128'))?.sha256).toBe(inswapper().sha256);
    expect(existsSync(partial)).toBe(false);
    models.dispose();
  });

  it('starts over when the server ignores the Range header', async () => {
    const models = await manager();
    server.setFaults(inswapperPath(), { breakAfterBytes: { bytes: 200_000 }, ignoreRange: true });
    await models.installPack({ packId: 'fixture-faceswap', acceptLicences: true });
    expect((await models.store.findModel('fixture-inswapper-128'))?.sha256).toBe(inswapper().sha256);
    models.dispose();
  });

  it('deletes a download whose sha256 differs and names the file and both hashes', async () => {
    const models = await manager();
    const tampered = Uint8Array.from(inswapper().bytes);
    tampered[tampered.length - 10]! ^= 0xff;
    server.serve(inswapperPath(), tampered);
    const failure = models.installPack({ packId: 'fixture-faceswap', acceptLicences: true });
    await expect(failure).rejects.toMatchObject({ code: 'MODEL_HASH_MISMATCH' });
    const message = ((await failure.catch((error: Error) => error)) as Error).message;
    expect(message).toContain('inswapper_128.onnx');
    expect(message).toContain(`expected ${inswapper().sha256}`);
    expect(message).toMatch(/has sha256 [0-9a-f]{64}/);
    expect(existsSync(models.store.partialPathOf('fixture-faceswap', 'inswapper_128.onnx'))).toBe(false);
    expect(await models.isModelInstalled('fixture-inswapper-128')).toBe(false);
    models.dispose();
  });

  it('reports a 404 with the URL, installs nothing', async () => {
    const models = await manager();
    server.setFaults(inswapperPath(), { status: 404 });
    await expect(
      models.installPack({ packId: 'fixture-faceswap', acceptLicences: true }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringContaining(`${server.url}/fixture-faceswap/inswapper_128.onnx answered HTTP 404`),
    });
    expect((await models.listPacks()).packs[0]!.status).toBe('not-installed');
    models.dispose();
  });

  it('follows redirects', async () => {
    const models = await manager();
    server.serve('/elsewhere/inswapper.bin', inswapper().bytes);
    server.setFaults(inswapperPath(), { redirectTo: '/elsewhere/inswapper.bin' });
    await models.installPack({ packId: 'fixture-faceswap', acceptLicences: true });
    const record = (await models.store.findModel('fixture-inswapper-128'))!;
    expect(record.origin).toMatchObject({ kind: 'download', url: `${server.url}/elsewhere/inswapper.bin` });
    models.dispose();
  });

  it('gives up on a silent server after the retries, keeping what arrived', async () => {
    const models = await manager({ idleTimeoutMs: 300, retries: 1 });
    server.setFaults(inswapperPath(), { stallAfterBytes: 100_000 });
    await expect(
      models.installPack({ packId: 'fixture-faceswap', acceptLicences: true }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringMatching(/after 2 attempts: .*sent nothing for 0\.3 s.*sent nothing for 0\.3 s/),
    });
    // Each attempt resumed where the last one stopped: 100 000 bytes arrived per attempt.
    expect((await stat(models.store.partialPathOf('fixture-faceswap', 'inswapper_128.onnx'))).size).toBe(
      200_000,
    );
    models.dispose();
  });

  it('refuses a model whose signature differs even though its hash is the published one', async () => {
    const wrong = join(scratch, 'inswapper-64.onnx');
    await writeInswapperFixture(wrong, { cropSize: 64 });
    const bytes = await readFile(wrong);
    const { createHash } = await import('node:crypto');
    const manifest = {
      ...pack.manifest,
      files: pack.manifest.files.map((file) =>
        file.id === 'fixture-inswapper-128'
          ? { ...file, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') }
          : file,
      ),
    };
    const models = await manager({ catalogue: PackCatalogue.fromManifests([manifest]) });
    server.serve(inswapperPath(), bytes);
    const failure = models.installPack({ packId: 'fixture-faceswap', acceptLicences: true });
    await expect(failure).rejects.toMatchObject({
      code: 'MODEL_SIGNATURE_MISMATCH',
      message: expect.stringContaining('input "target" has shape [1,3,64,64], expected [1,3,128,128]'),
    });
    expect(((await failure.catch((error: Error) => error)) as Error).message).toContain('inswapper_128.onnx');
    expect(existsSync(models.store.partialPathOf('fixture-faceswap', 'inswapper_128.onnx'))).toBe(false);
    models.dispose();
  });
});

describe('a real manifest through the mirror (no published sha256: FaceFusion CRC32 sidecar)', () => {
  async function wav2lipManager(hashFile: string | undefined) {
    const real = await loadRealPackManifest('lipsync-wav2lip');
    const bytes = await fixtureModelBytes('wav2lip-gan-96', scratch);
    server.serve('/lipsync-wav2lip/wav2lip_gan_96.onnx', bytes);
    if (hashFile === undefined) server.setFaults('/lipsync-wav2lip/wav2lip_gan_96.hash', { status: 404 });
    else server.serve('/lipsync-wav2lip/wav2lip_gan_96.hash', Buffer.from(hashFile));
    const models = await manager({ catalogue: PackCatalogue.fromManifests([real]) });
    const { crc32 } = await import('node:zlib');
    return { models, crc: (crc32(bytes) >>> 0).toString(16).padStart(8, '0') };
  }

  it('checks the CRC32 and records our own sha256 as crc32-verified', async () => {
    const { crc32 } = await import('node:zlib');
    const bytes = await fixtureModelBytes('wav2lip-gan-96', scratch);
    const { models } = await wav2lipManager(`${(crc32(bytes) >>> 0).toString(16).padStart(8, '0')}\n`);
    await models.installPack({ packId: 'lipsync-wav2lip', acceptLicences: true });
    const record = (await models.store.findModel('wav2lip-gan-96'))!;
    expect(record.integrity).toBe('crc32-verified');
    expect(record.signature.outputs[0]!.name).toBe('output');
    models.dispose();
  });

  it('refuses a file whose CRC32 differs from the .hash', async () => {
    const { models } = await wav2lipManager('00000000');
    await expect(
      models.installPack({ packId: 'lipsync-wav2lip', acceptLicences: true }),
    ).rejects.toMatchObject({
      code: 'MODEL_HASH_MISMATCH',
      message: expect.stringMatching(
        /wav2lip_gan_96\.onnx .* has CRC32 [0-9a-f]{8}, but .*wav2lip_gan_96\.hash says 00000000/,
      ),
    });
    models.dispose();
  });

  it('installs as unverified when no hash file is there', async () => {
    const { models } = await wav2lipManager(undefined);
    await models.installPack({ packId: 'lipsync-wav2lip', acceptLicences: true });
    expect((await models.listPacks()).packs[0]!.files[0]!.installed).toMatchObject({
      integrity: 'unverified',
    });
    models.dispose();
  });
});
