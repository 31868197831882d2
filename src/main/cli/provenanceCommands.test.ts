// `doppel inspect`, `doppel identity` and `doppel consent`: runCli in this process (a CLI process
// start costs seconds on a busy 2-core box) plus one real CLI process for `inspect --json`; real
// project files, real ffmpeg and the real c2pa wasm throughout.
import { spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli';
import { signMediaFile } from '../engine/provenance/c2pa/c2paSigner';
import { buildRenderManifestDefinition } from '../engine/provenance/c2pa/renderManifest';
import { loadSigningCredentials } from '../engine/provenance/c2pa/signingCredentials';
import {
  ffmpeg,
  temporaryFolder,
  watermarkWithFilter,
} from '../engine/provenance/testSupport/provenanceTestMedia';

const root = fileURLToPath(new URL('../../..', import.meta.url));

/** The real command as a user starts it (a new process). */
function doppelProcess(args: string[], home: string) {
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(root, 'src', 'main', 'cli.ts'), ...args],
    {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, DOPPEL_HOME: home },
      timeout: 120_000,
    },
  );
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The same command line, run in this process with DOPPEL_HOME pointing at `home`. */
async function doppel(args: string[], home: string) {
  const previous = process.env.DOPPEL_HOME;
  process.env.DOPPEL_HOME = home;
  const out: string[] = [];
  const err: string[] = [];
  try {
    const code = await runCli(args, {
      stdout: (text) => out.push(text),
      stderr: (text) => err.push(text),
      interactive: false,
    });
    return { code, stdout: out.join('\n'), stderr: err.join('\n') };
  } finally {
    if (previous === undefined) delete process.env.DOPPEL_HOME;
    else process.env.DOPPEL_HOME = previous;
  }
}

function json(result: { code: number | null; stdout: string; stderr: string }): Record<string, unknown> {
  try {
    return JSON.parse(result.stdout) as Record<string, unknown>;
  } catch {
    throw new Error(`not JSON (exit ${result.code}): ${result.stdout}\n${result.stderr}`);
  }
}

describe('doppel inspect / identity / consent', () => {
  let work: Awaited<ReturnType<typeof temporaryFolder>>;
  let home: string;
  beforeAll(async () => {
    work = await temporaryFolder('doppel-cli-provenance-');
    home = join(work.dir, 'home');
  });
  afterAll(async () => {
    await work?.cleanup();
  });

  it('refuses consent checks until consent is granted, and keeps bad evidence out', async () => {
    const project = join(work.dir, 'Consent.doppel');
    expect((await doppel(['project', 'new', project, '--json'], home)).code).toBe(0);
    const added = json(
      await doppel(['identity', 'add', project, '--kind', 'face', '--name', 'Ann', '--json'], home),
    );
    const identityId = String(added.id);
    expect(added).toMatchObject({ kind: 'face', name: 'Ann', consent: null });

    const refused = await doppel(['consent', 'check', project, identityId, '--json'], home);
    expect(refused.code).toBe(1);
    expect(json(refused)).toMatchObject({
      error: { code: 'CONSENT_MISSING', message: expect.stringContaining('"Ann"') },
    });

    const notes = join(work.dir, 'notes.txt');
    await writeFile(notes, 'I agree.\n');
    const badEvidence = await doppel(
      [
        'consent',
        'grant',
        project,
        identityId,
        '--subject',
        'Ann Lee',
        '--scope',
        'Tests',
        '--evidence',
        notes,
        '--json',
      ],
      home,
    );
    expect(badEvidence.code).toBe(1);
    expect(json(badEvidence)).toMatchObject({
      error: { message: expect.stringContaining('Evidence must be an image') },
    });
    expect(json(await doppel(['consent', 'list', project, '--json'], home))).toEqual([]);

    const granted = json(
      await doppel(
        [
          'consent',
          'grant',
          project,
          identityId,
          '--subject',
          'Ann Lee',
          '--scope',
          'Tests',
          '--date',
          '2026-01-01',
          '--json',
        ],
        home,
      ),
    );
    expect(granted).toMatchObject({
      id: identityId,
      consent: { subject: 'Ann Lee', scope: 'Tests', grantedAt: '2026-01-01T00:00:00.000Z' },
    });
    const allowed = await doppel(['consent', 'check', project, identityId, '--json'], home);
    expect(allowed.code).toBe(0);
    expect(json(allowed)).toMatchObject([{ identityId, identityKind: 'face', scope: 'Tests' }]);

    const usage = await doppel(['consent', 'grant', project, identityId, '--subject', 'x'], home);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('doppel consent grant FILE.doppel IDENTITY_ID --subject WHO --scope WHAT');
  }, 120_000);

  it('inspect --json: exactly c2pa, watermark, cues and contentSafety; a studio-signed file reads back, the plain input does not', async () => {
    // The inspector converts the face and content safety models on first use: keep them between runs
    // (every use re-verifies them by sha256).
    const home = join(tmpdir(), 'doppel-cli-inspect-home');
    const plain = join(work.dir, 'plain.mp4');
    await ffmpeg([
      ...['-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=25:duration=3'],
      ...['-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-movflags', '+faststart', plain],
    ]);
    const marked = join(work.dir, 'marked.mp4');
    await watermarkWithFilter({
      input: plain,
      output: marked,
      watermarkId: '0123abcd-4567-89ef',
      workDir: work.dir,
      crf: 20,
    });
    await signMediaFile({
      inputPath: marked,
      credentials: await loadSigningCredentials(home),
      definition: buildRenderManifestDefinition({
        renderId: '0123abcd-4567-89ef-8000-000000000000',
        title: 'marked.mp4',
        format: 'video/mp4',
        createdAt: new Date().toISOString(),
        application: { name: 'Doppel Studio', version: 'test' },
        operations: [],
        models: [],
        consents: [],
        sources: [],
        watermark: { id: '0123abcd-4567-89ef', video: true, audio: false },
        visibleLabel: false,
      }),
    });

    const signed = json(doppelProcess(['inspect', marked, '--json'], home));
    expect(Object.keys(signed)).toEqual(['c2pa', 'watermark', 'cues', 'contentSafety']);
    expect(signed.c2pa).toMatchObject({ present: true, valid: true, trusted: true });
    expect(signed.watermark).toMatchObject({
      found: true,
      renderId: '0123abcd-4567-89ef',
      matchesManifest: true,
    });
    expect((signed.watermark as { bitAccuracy: number }).bitAccuracy).toBeGreaterThanOrEqual(0.99);
    expect(signed.cues).toHaveLength(4);
    expect(signed.contentSafety).toMatchObject({
      status: 'clear',
      kind: 'video',
      sampleCount: 3,
      flaggedCount: 0,
    });

    const untouched = json(await doppel(['inspect', plain, '--json'], home));
    expect(Object.keys(untouched)).toEqual(['c2pa', 'watermark', 'cues', 'contentSafety']);
    expect(untouched.c2pa).toMatchObject({ present: false, valid: null });
    expect(untouched.watermark).toMatchObject({ found: false, renderId: null, bitAccuracy: null });

    const text = await doppel(['inspect', plain], home);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('Watermark: None found');
    expect(text.stdout).toContain('Cues are hints, not proof');
    expect(text.stdout).toContain('Content safety: Clear');

    const missing = await doppel(['inspect', join(work.dir, 'nothing.mp4'), '--json'], home);
    expect(missing.code).toBe(1);
    expect(json(missing)).toMatchObject({
      error: { code: 'FILE_NOT_FOUND', message: expect.stringContaining('nothing.mp4') },
    });
  }, 300_000);
});
