// `doppel render` as a user runs it: a real CLI process (the TypeScript source through tsx), real
// project files, real ffmpeg. Covers the JSON result, a render killed outright (SIGKILL) and picked
// up on the next start, and a full disk under the OS file size limit (works without mount rights).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { makeNoiseClip, makeSolidColourClip, probeRenderedFile } from '../media/renderTestFixtures';
import { RenderTestProject, useRenderTempFolders } from '../engine/render/testSupport/renderTestProject';
import { PASS_THROUGH_PROCESSOR_ID } from '../engine/render/processors/passThroughProcessor';
import { ProjectStore } from '../store/projectStore';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const cliSource = join(root, 'src', 'main', 'cli.ts');
const tempFolder = useRenderTempFolders();

function cliArguments(args: string[]): string[] {
  return ['--import', 'tsx', cliSource, ...args];
}

function cliEnvironment(home: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { ...process.env, DOPPEL_HOME: home, ...extra };
}

/** Runs the CLI; `wrapper` runs it under another command (prlimit), without tsx's disk cache. */
function doppel(args: string[], home: string, wrapper: string[] = []) {
  const [command, ...prefix] = wrapper.length > 0 ? wrapper : [process.execPath];
  const fullArgs =
    wrapper.length > 0 ? [...prefix, process.execPath, ...cliArguments(args)] : cliArguments(args);
  // Under a file size limit, tsx must not write its cache (a large cache file would trip the limit).
  const env = cliEnvironment(home, wrapper.length > 0 ? { TSX_DISABLE_CACHE: '1' } : {});
  const result = spawnSync(command!, fullArgs, { cwd: root, encoding: 'utf8', env, timeout: 120_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

async function projectWithClip(
  folder: string,
  seconds: number,
  options: { processed?: boolean } = {},
): Promise<string> {
  const clip = await makeSolidColourClip(join(folder, 'clip.mp4'), {
    colour: 'teal',
    seconds,
    width: 640,
    height: 360,
    toneAmplitude: 0.2,
  });
  const project = RenderTestProject.create(folder, { width: 640, height: 360 });
  const [asset] = await project.importFiles(clip);
  const { video } = project.addLinkedClip(asset!, { startUs: 0, outUs: seconds * 1_000_000 });
  // 60 ms a frame on 2 workers: the render takes seconds however fast the machine, so it can be
  // killed half-way.
  if (options.processed) project.addEffect(video.id, PASS_THROUGH_PROCESSOR_ID, { delayMs: 60 });
  const path = project.store.path;
  project.close();
  return path;
}

/** Pids of the direct children of `pid` (from /proc). */
function childPids(pid: number): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((name) => {
      try {
        const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
      } catch {
        return false;
      }
    })
    .map(Number);
}

function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

async function waitFor(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((done) => setTimeout(done, 50));
  }
  return check();
}

function partialFiles(folder: string): string[] {
  return readdirSync(folder).filter((name) => name.includes('.partial-'));
}

describe('doppel render', () => {
  it('renders a project and prints the result as JSON', async () => {
    const folder = tempFolder();
    const project = await projectWithClip(folder, 1);
    const output = join(folder, 'film.mp4');

    const result = doppel(
      ['render', project, '-o', output, '--speed', 'ultrafast', '--json'],
      join(folder, 'home'),
    );

    expect(result.code, result.stderr).toBe(0);
    const json = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(json).toMatchObject({ output, durationUs: 1_000_000, frames: 25 });
    expect(typeof json.renderId).toBe('string');
    expect(json.fps).toBeGreaterThan(0);
    expect(json.wallSeconds).toBeGreaterThan(0);
    const probe = await probeRenderedFile(output);
    expect(probe.streams.map((stream) => stream.codec_name)).toEqual(['h264', 'aac']);
    expect(partialFiles(folder)).toEqual([]);

    const usage = doppel(['render', project], join(folder, 'home'));
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('-o OUT');
  });

  it('marks a render killed half-way as failed on the next open, cleans its partial file, and renders again', async () => {
    const folder = tempFolder();
    const project = await projectWithClip(folder, 8, { processed: true });
    const output = join(folder, 'killed.mp4');
    const home = join(folder, 'home');
    const child: ChildProcess = spawn(
      process.execPath,
      cliArguments(['render', project, '-o', output, '--speed', 'ultrafast', '--json']),
      { cwd: root, env: cliEnvironment(home), stdio: 'ignore' },
    );
    // Half-way: the partial output has started to grow and the ffmpeg children are running. (Both
    // in one check: on a loaded machine a size threshold alone can be reached only at the end.)
    let children: number[] = [];
    const growing = await waitFor(() => {
      children = childPids(child.pid!);
      return (
        children.length > 0 && partialFiles(folder).some((name) => statSync(join(folder, name)).size > 0)
      );
    }, 120_000);
    expect(growing).toBe(true);
    expect(children.length).toBeGreaterThan(0);
    child.kill('SIGKILL');
    // Its ffmpeg children notice the dead parent (broken pipes) and stop by themselves.
    expect(await waitFor(() => children.every((pid) => !isRunning(pid)), 10_000)).toBe(true);
    expect(existsSync(output)).toBe(false);
    expect(partialFiles(folder)).toHaveLength(1);

    const reopened = ProjectStore.open(project);
    const [interrupted] = reopened.renders.list();
    expect(interrupted).toMatchObject({ status: 'failed', error: 'interrupted' });
    reopened.close();

    const again = doppel(['render', project, '-o', output, '--speed', 'ultrafast', '--json'], home);
    expect(again.code, again.stderr).toBe(0);
    expect(partialFiles(folder)).toEqual([]);
    const probe = await probeRenderedFile(output);
    expect(probe.streams[0]!.nb_read_frames).toBe('200');
    const store = ProjectStore.open(project);
    expect(store.renders.list().map((render) => render.status)).toEqual(['failed', 'done']);
    store.close();
  });

  it('reports DISK_FULL when the output cannot grow (file size limit), keeping the project intact', async () => {
    const prlimit = spawnSync('prlimit', ['--version']);
    if (prlimit.status !== 0) {
      console.warn('doppel render: prlimit (util-linux) is not installed; skipping the file-size-limit case');
      return;
    }
    const folder = tempFolder();
    const noise = await makeNoiseClip(join(folder, 'noise.mp4'), 3);
    const setup = RenderTestProject.create(folder, { width: 320, height: 240 });
    const [asset] = await setup.importFiles(noise);
    setup.addClip(asset!, setup.track('video').id, { startUs: 0, outUs: 3_000_000 });
    const timelineBefore = setup.store.getTimeline();
    const project = setup.store.path;
    setup.close();
    const output = join(folder, 'too-big.mov');

    // 2 MiB: plenty for the project file, far less than 3 s of ProRes noise.
    const result = doppel(
      ['render', project, '-o', output, '--codec', 'prores', '--json'],
      join(folder, 'home'),
      ['prlimit', '--fsize=2097152'],
    );

    expect(result.code).toBe(1);
    const { error } = JSON.parse(result.stdout) as { error: { code: string; message: string } };
    expect(error.code).toBe('DISK_FULL');
    expect(error.message).toContain(`"${resolve(folder)}"`);
    expect(existsSync(output)).toBe(false);
    expect(partialFiles(folder)).toEqual([]);
    const store = ProjectStore.open(project);
    expect(store.getTimeline()).toEqual(timelineBefore);
    expect(store.renders.list()).toMatchObject([{ status: 'failed' }]);
    expect(store.renders.list()[0]!.error).toMatch(/^DISK_FULL: /);
    store.close();
  });
});
