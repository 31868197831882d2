// `doppel models` as a user runs it: a real CLI process (the TypeScript source through tsx) with
// DOPPEL_MODEL_MIRROR on a loopback server of this test and a fixture pack in
// DOPPEL_MODEL_PACKS_DIR; JSON on stdout and the exit code are the contract.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildFixturePack,
  serveFixturePack,
  writePackManifest,
  type FixturePack,
} from '../engine/models/testSupport/fixturePacks';
import { LoopbackModelServer } from '../engine/models/testSupport/loopbackModelServer';
import { writeInswapperFixture } from '../engine/models/testSupport/packFixtureModels';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const cliSource = join(root, 'src', 'main', 'cli.ts');

let work: string;
let server: LoopbackModelServer;
let pack: FixturePack;

function doppel(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', cliSource, 'models', ...args], {
      cwd: root,
      env: {
        ...process.env,
        DOPPEL_HOME: join(work, 'home'),
        DOPPEL_MODEL_MIRROR: server.url,
        DOPPEL_MODEL_PACKS_DIR: join(work, 'packs'),
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'doppel-cli-models-'));
  server = await LoopbackModelServer.start();
  pack = await buildFixturePack({
    basePackId: 'faceswap-inswapper',
    packId: 'fixture-faceswap',
    idPrefix: 'fixture-',
    scratchFolder: join(work, 'scratch'),
  });
  await writePackManifest(join(work, 'packs'), pack.manifest);
  serveFixturePack(server, pack);
});

afterAll(async () => {
  await server.close();
  await rm(work, { recursive: true, force: true });
});

describe('doppel models', () => {
  it('lists the packs with licences and status', async () => {
    const result = await doppel(['list', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const list = JSON.parse(result.stdout) as {
      mirror: string;
      packs: { id: string; status: string; nonCommercial: boolean }[];
    };
    expect(list.mirror).toBe(server.url);
    expect(list.packs.map((entry) => [entry.id, entry.status, entry.nonCommercial])).toEqual([
      ['faceswap-inswapper', 'not-installed', true],
      ['fixture-faceswap', 'not-installed', true],
      ['lipsync-wav2lip', 'not-installed', true],
      ['voice-rvc', 'not-installed', false],
    ]);
    const text = await doppel(['list']);
    expect(text.stdout).toContain('inswapper-128: inswapper_128.onnx, 528.6 MiB — not installed');
    expect(text.stdout).toContain('NON-COMMERCIAL');
    // ArcFace's size is not published: counted, not silently left out; GFPGAN's is approximate.
    expect(text.stdout).toContain('download: 528.6 MiB + 1 file of unknown size (+ ≈ 340.0 MiB optional)');
  });

  it('shows the licences and refuses to install until they are accepted, then installs from the mirror', async () => {
    const refused = await doppel(['install', 'fixture-faceswap']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('InsightFace pretrained models: non-commercial research purposes only');
    expect(refused.stderr).toContain('--accept-licence');

    const installed = await doppel(['install', 'fixture-faceswap', '--accept-licence', '--json']);
    expect(installed.code, installed.stderr).toBe(0);
    expect(JSON.parse(installed.stdout)).toEqual({
      packId: 'fixture-faceswap',
      installed: ['fixture-inswapper-128', 'fixture-arcface-w600k-r50'],
      alreadyInstalled: [],
    });
    expect(existsSync(join(work, 'home', 'models', 'fixture-faceswap', 'inswapper_128.onnx'))).toBe(true);
    expect(existsSync(join(work, 'home', 'models', 'installed-models.json'))).toBe(true);
  });

  it('imports a file from disk with its hash recorded, and reports failures as JSON', async () => {
    const path = join(work, 'my-inswapper.onnx');
    await writeInswapperFixture(path);
    const imported = await doppel([
      'import',
      'faceswap-inswapper',
      'inswapper-128',
      path,
      '--accept-licence',
      '--json',
    ]);
    expect(imported.code, imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({
      fileId: 'inswapper-128',
      integrity: 'unverified',
      origin: 'import',
    });

    server.setFaults('/fixture-faceswap/gfpgan_1.4.onnx', { status: 404 });
    const failed = await doppel(['install', 'fixture-faceswap', '--optional', '--accept-licence', '--json']);
    expect(failed.code).toBe(1);
    expect(JSON.parse(failed.stdout)).toMatchObject({
      error: { code: 'NOT_FOUND', message: expect.stringContaining('gfpgan_1.4.onnx') },
    });
  });
});
