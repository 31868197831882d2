// The `doppel` CLI as a user runs it: a real process (bin/doppel.js through tsx), real project
// files, real ffmpeg; JSON on stdout and the exit code are the contract.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { APP_VERSION } from './appVersion';

const root = fileURLToPath(new URL('../..', import.meta.url));
const media = resolve(root, '../shared/media');
const haveMedia = existsSync(media);

function doppel(args: string[], home: string) {
  const result = spawnSync(process.execPath, [join(root, 'bin', 'doppel.js'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, DOPPEL_HOME: home },
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('doppel CLI', () => {
  const work = mkdtempSync(join(tmpdir(), 'doppel-cli-'));
  const home = join(work, 'home');

  it('prints its version, matching package.json', async () => {
    const { default: pkg } = await import('../../package.json', { with: { type: 'json' } });
    expect(APP_VERSION).toBe(pkg.version);
    const result = doppel(['--version'], home);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(`doppel ${APP_VERSION}`);
  });

  it('creates a project and reports it as JSON', () => {
    const file = join(work, 'Cli Film.doppel');
    const result = doppel(['project', 'new', file, '--json'], home);
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout) as { path: string; name: string; schemaVersion: number };
    expect(summary.path).toBe(file);
    expect(summary.name).toBe('Cli Film');
    expect(existsSync(file)).toBe(true);
    const again = doppel(['project', 'new', file, '--json'], home);
    expect(again.code).toBe(1);
    expect(JSON.parse(again.stdout)).toMatchObject({ error: { code: 'PROJECT_EXISTS' } });
  });

  it.skipIf(!haveMedia)('imports media and lists it in project info (needs ../shared/media)', () => {
    const file = join(work, 'Imports.doppel');
    expect(doppel(['project', 'new', file], home).code).toBe(0);
    const video = join(media, 'videos', 'grid_bbaf2n_h264_aac.mp4');
    const photo = join(media, 'faces', 'grid_lbbc2a.jpg');
    const text = join(work, 'notes.mp4');
    writeFileSync(text, 'this is not a video');
    const imported = doppel(['import', file, video, photo, text, '--json'], home);
    expect(imported.code).toBe(1); // one file failed
    const result = JSON.parse(imported.stdout) as {
      imported: { asset: { kind: string } }[];
      failed: { path: string; code: string; message: string }[];
    };
    expect(result.imported.map((entry) => entry.asset.kind).sort()).toEqual(['image', 'video']);
    expect(result.failed).toHaveLength(1);
    expect(result.failed[0]!.path).toBe(text);
    expect(result.failed[0]!.message).toContain('notes.mp4');

    const info = doppel(['project', 'info', file, '--json'], home);
    expect(info.code, info.stderr).toBe(0);
    const project = JSON.parse(info.stdout) as {
      assets: { name: string; kind: string; durationUs: number | null }[];
    };
    expect(project.assets).toHaveLength(2);
    const clip = project.assets.find((asset) => asset.kind === 'video')!;
    expect(clip.durationUs).toBeGreaterThan(2_900_000);
    expect(clip.durationUs).toBeLessThan(3_100_000);
  });

  it('fails with a clear JSON error for a file that is not a project', () => {
    const fake = join(work, 'fake.doppel');
    writeFileSync(fake, 'just text');
    const result = doppel(['project', 'info', fake, '--json'], home);
    expect(result.code).toBe(1);
    const { error } = JSON.parse(result.stdout) as { error: { code: string; message: string } };
    expect(error.code).toBe('PROJECT_NOT_SQLITE');
    expect(error.message).toContain(fake);
  });

  it('exits 2 with usage for a wrong command', () => {
    const result = doppel(['frobnicate'], home);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown command');
  });

  it('recognises the same file imported twice', () => {
    const file = join(work, 'Twice.doppel');
    expect(doppel(['project', 'new', file], home).code).toBe(0);
    const wav = join(work, 'tone.wav');
    expect(
      spawnSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'sine=duration=0.3', '-y', wav]).status,
    ).toBe(0);
    const copy = join(work, 'tone copy.wav');
    copyFileSync(wav, copy);
    const first = JSON.parse(doppel(['import', file, wav, '--json'], home).stdout) as {
      imported: { duplicate: boolean; asset: { id: string } }[];
    };
    const second = JSON.parse(doppel(['import', file, copy, '--json'], home).stdout) as {
      imported: { duplicate: boolean; asset: { id: string } }[];
    };
    expect(first.imported[0]!.duplicate).toBe(false);
    expect(second.imported[0]!.duplicate).toBe(true);
    expect(second.imported[0]!.asset.id).toBe(first.imported[0]!.asset.id);
  });
});
