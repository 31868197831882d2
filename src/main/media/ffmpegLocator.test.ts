import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  describeFfmpeg,
  ffmpegVersion,
  ffprobeVersion,
  locateFfmpeg,
  locateFfprobe,
  parseVersionLine,
  resetMediaToolCache,
  resolveFfmpeg,
  resolveFfprobe,
} from './ffmpegLocator';

let realFfmpeg: string;
let realFfprobe: string;
let folder: string;

beforeAll(async () => {
  realFfmpeg = await locateFfmpeg();
  realFfprobe = await locateFfprobe();
  folder = await mkdtemp(path.join(os.tmpdir(), 'doppel-locator-'));
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('ffmpeg locator', () => {
  it('finds both tools here and caches the answer', async () => {
    expect(path.basename(realFfmpeg)).toMatch(/^ffmpeg/);
    expect(path.basename(realFfprobe)).toMatch(/^ffprobe/);
    expect(await locateFfmpeg()).toBe(realFfmpeg);
    resetMediaToolCache();
    expect(await locateFfmpeg()).toBe(realFfmpeg);
  });

  it('prefers FFMPEG_PATH and FFPROBE_PATH', async () => {
    const env = { FFMPEG_PATH: realFfmpeg, FFPROBE_PATH: realFfprobe, PATH: '' };
    expect(await resolveFfmpeg({ env })).toEqual({ path: realFfmpeg, source: 'FFMPEG_PATH' });
    expect(await resolveFfprobe({ env })).toEqual({ path: realFfprobe, source: 'FFPROBE_PATH' });
  });

  it('says so when FFMPEG_PATH points nowhere instead of silently using another ffmpeg', async () => {
    const env = { FFMPEG_PATH: '/nowhere/ffmpeg', PATH: path.dirname(realFfmpeg) };
    await expect(resolveFfmpeg({ env })).rejects.toMatchObject({
      code: 'FFMPEG_NOT_FOUND',
      message: expect.stringContaining('FFMPEG_PATH is set to "/nowhere/ffmpeg"'),
    });
  });

  it('refuses a FFMPEG_PATH that is not executable', async () => {
    const notExecutable = path.join(folder, 'ffmpeg-text');
    await writeFile(notExecutable, 'not a program', { mode: 0o644 });
    await expect(resolveFfmpeg({ env: { FFMPEG_PATH: notExecutable } })).rejects.toMatchObject({
      code: 'FFMPEG_NOT_FOUND',
    });
  });

  it('falls back to PATH (packaged binaries skipped)', async () => {
    const env = { PATH: ['/nonexistent-dir', path.dirname(realFfmpeg)].join(':') };
    expect(await resolveFfmpeg({ env, usePackagedBinaries: false })).toEqual({
      path: path.join(path.dirname(realFfmpeg), 'ffmpeg'),
      source: 'PATH',
    });
  });

  it('uses the ffprobe from @ffprobe-installer before looking beside ffmpeg', async () => {
    const found = await resolveFfprobe({ env: { PATH: '' } }, realFfmpeg);
    expect(found.source).toBe('@ffprobe-installer/ffprobe');
    expect(found.path).toContain('@ffprobe-installer');
  });

  it('finds ffprobe next to ffmpeg when nothing else provides it', async () => {
    const tools = path.join(folder, 'tools');
    await rm(tools, { recursive: true, force: true });
    await mkdir(tools);
    await symlink(realFfmpeg, path.join(tools, 'ffmpeg'));
    await symlink(realFfprobe, path.join(tools, 'ffprobe'));
    const found = await resolveFfprobe(
      { env: { PATH: '' }, usePackagedBinaries: false },
      path.join(tools, 'ffmpeg'),
    );
    expect(found).toEqual({ path: path.join(tools, 'ffprobe'), source: 'beside-ffmpeg' });
  });

  it('throws FFMPEG_NOT_FOUND with install advice when nothing is found', async () => {
    const options = { env: { PATH: folder }, usePackagedBinaries: false };
    await expect(resolveFfmpeg(options)).rejects.toMatchObject({
      code: 'FFMPEG_NOT_FOUND',
      message: expect.stringMatching(/ffmpeg was not found.*apt-get install ffmpeg.*FFMPEG_PATH/),
    });
    await expect(resolveFfprobe(options, null)).rejects.toMatchObject({
      code: 'FFMPEG_NOT_FOUND',
      message: expect.stringMatching(/ffprobe was not found.*FFPROBE_PATH/),
    });
  });

  it('reads versions', async () => {
    expect(parseVersionLine('ffmpeg version 5.1.9-0+deb12u1 Copyright (c) 2000-2026')).toBe(
      '5.1.9-0+deb12u1',
    );
    expect(parseVersionLine('garbage')).toBeNull();
    expect(await ffmpegVersion()).toMatch(/\S+/);
    expect(await ffprobeVersion()).toMatch(/\S+/);
    const description = await describeFfmpeg();
    expect(description).toEqual({
      ffmpegPath: realFfmpeg,
      ffprobePath: realFfprobe,
      version: await ffmpegVersion(),
    });
  });
});
