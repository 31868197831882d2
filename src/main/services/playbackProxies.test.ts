// Playback proxies on real files: an MPEG-1 import gets an H.264/AAC proxy in the background that
// the viewer's 'playable' resource then serves; an H.264 import gets none; a source that broke
// after import fails with its name and leaves no temp file; switching projects cancels the work.
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { PlaybackProxyState } from '../../shared/model/playbackProxySchemas';
import { resolveMediaResource } from '../mediaAccess/resolveMediaResource';
import { createFixtureFolder, type FixtureFolder } from '../media/mediaTestFixtures';
import { PLAYBACK_PROXY_MAX_HEIGHT } from '../media/playbackProxy';
import { probeMedia } from '../media/probeMedia';
import { ProjectStore } from '../store/projectStore';
import { useTemporaryFolders } from '../store/storeTestSupport';
import { MediaServiceImpl } from './mediaService';
import { ProjectSession } from './projectSession';

const temporaryFolder = useTemporaryFolders();
let fixtures: FixtureFolder;
let session: ProjectSession;
let media: MediaServiceImpl;

beforeAll(async () => {
  fixtures = await createFixtureFolder('doppel-proxy-test-');
});
afterAll(() => fixtures.cleanup());
afterEach(() => {
  media.dispose();
  session.dispose();
});

function openNewProject(name = 'Proxies.doppel'): ProjectStore {
  session ??= new ProjectSession();
  const store = ProjectStore.create(join(temporaryFolder(), name));
  session.replace(store);
  return store;
}

function startStudio(): ProjectStore {
  session = new ProjectSession();
  media = new MediaServiceImpl(session);
  return openNewProject();
}

const temporaryFilesUnder = (folder: string): string[] =>
  !existsSync(folder)
    ? []
    : readdirSync(folder, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.tmp'));

describe('playback proxies', () => {
  test('an MPEG-1 import gets an upright H.264/AAC proxy that the viewer is served; H.264 gets none', async () => {
    const store = startStudio();
    const states: PlaybackProxyState[] = [];
    media.onDidChangeProxy((state) => states.push(state));
    const result = await media.import({
      paths: [await fixtures.fixture('mpeg1.mpg'), await fixtures.fixture('h264.mp4')],
    });
    const [mpeg1, h264] = result.imported.map((entry) => entry.asset);
    await media.proxies.whenIdle();

    const listed = await media.listProxies();
    expect(listed).toEqual([
      {
        assetId: mpeg1!.id,
        status: 'ready',
        progress: 1,
        reason: 'its mpeg1video video does not play in the viewer',
        error: null,
      },
    ]);
    expect(states.map((state) => state.status)).toEqual(
      expect.arrayContaining(['queued', 'making', 'ready']),
    );

    const served = resolveMediaResource(session, mpeg1!.id, 'playable');
    expect(served?.path).toBe(join(store.cacheDir, mpeg1!.sha256, 'proxy.mp4'));
    expect(served?.contentType).toBe('video/mp4');
    const proxy = await probeMedia(served!.path);
    expect(proxy.videoCodec).toBe('h264');
    expect(proxy.audioCodec).toBe('aac');
    expect(proxy.height).toBeLessThanOrEqual(PLAYBACK_PROXY_MAX_HEIGHT);
    expect(Math.abs((proxy.durationUs ?? 0) - (mpeg1!.durationUs ?? 0))).toBeLessThanOrEqual(100_000);

    expect(resolveMediaResource(session, h264!.id, 'playable')?.path).toBe(h264!.path);
    expect(temporaryFilesUnder(store.cacheDir)).toEqual([]);
  });

  test('a reopened project finds its proxies ready without making them again', async () => {
    const store = startStudio();
    await media.import({ paths: [await fixtures.fixture('mpeg1.mpg')] });
    await media.proxies.whenIdle();
    const projectPath = store.path;
    const events: PlaybackProxyState[] = [];
    media.onDidChangeProxy((state) => events.push(state));
    session.replace(ProjectStore.open(projectPath));
    await media.proxies.whenIdle();
    expect(events.map((state) => state.status)).toEqual(['ready']);
  });

  test('a source broken after import fails with its name, and no temp file is left', async () => {
    const store = startStudio();
    const broken = join(temporaryFolder(), 'broken.mpg');
    writeFileSync(broken, new Uint8Array(0));
    const copy = await fixtures.fixture('mpeg1.mpg');
    // Import the good file, then make the project point at a path whose content is gone.
    const { imported } = await media.import({ paths: [copy] });
    await media.proxies.whenIdle();
    const asset = imported[0]!.asset;
    const second = openNewProject('Broken.doppel');
    second.assets.insert({ ...asset, path: broken, sha256: 'b'.repeat(64) }, {});
    media.proxies.refresh();
    await media.proxies.whenIdle();
    const [state] = await media.listProxies();
    expect(state?.status).toBe('failed');
    expect(state?.error).toContain(broken);
    expect(temporaryFilesUnder(second.cacheDir)).toEqual([]);
    expect(store.path).not.toBe(second.path);
  });

  test('switching projects cancels the proxy being made', async () => {
    startStudio();
    const states: PlaybackProxyState[] = [];
    media.onDidChangeProxy((state) => states.push(state));
    const importing = media.import({ paths: [await fixtures.fixture('mpeg1.mpg')] });
    await importing;
    // The proxy is queued or being made right after import; a new project drops it.
    const next = openNewProject('Next.doppel');
    await media.proxies.whenIdle();
    expect(await media.listProxies()).toEqual([]);
    expect(states.at(-1)?.status).not.toBe('failed');
    expect(temporaryFilesUnder(next.cacheDir)).toEqual([]);
  });
});
