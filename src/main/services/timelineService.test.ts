// The timeline service on real project files: edits, undo/redo recorded in the edit's own
// transaction, history and effects surviving a reopen, and an edit surviving a SIGKILL.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { Timeline } from '../../shared/model/schemas';
import { clipDuration, timelineDuration } from '../../shared/timeline/edits';
import { ProjectStore } from '../store/projectStore';
import { makeTestAsset, useTemporaryFolders } from '../store/storeTestSupport';
import { ProjectSession } from './projectSession';
import { TimelineServiceImpl } from './timelineService';

const temporaryFolder = useTemporaryFolders();
const kinds = () => [{ kind: 'blur', label: 'Blur', description: '', defaultParams: { radius: 3 } }];
let path: string;
let session: ProjectSession;
let service: TimelineServiceImpl;

function openService(): void {
  session = new ProjectSession();
  session.replace(ProjectStore.open(path));
  service = new TimelineServiceImpl(session, kinds);
}

beforeEach(() => {
  path = join(temporaryFolder(), 'Edit.doppel');
  const store = ProjectStore.create(path);
  store.assets.insert(makeTestAsset({ id: 'video', durationUs: 4_000_000 }), {});
  store.close();
  openService();
});
afterEach(() => session.dispose());

const videoClips = (timeline: Timeline) => {
  const videoTrack = timeline.tracks.find((track) => track.kind === 'video')!.id;
  return timeline.clips.filter((clip) => clip.trackId === videoTrack).sort((a, b) => a.startUs - b.startUs);
};

describe('TimelineServiceImpl', () => {
  test('insert, trim, split, ripple delete; undo three times; redo; all of it survives a reopen', async () => {
    const events: string[] = [];
    service.onDidChangeHistory((state) => events.push(state.undoLabel ?? '-'));
    const inserted = await service.apply({
      command: { type: 'insertAsset', assetId: 'video', trackId: null, startUs: 0 },
    });
    const [clip] = videoClips(inserted);
    const trimmed = await service.apply({
      command: { type: 'trimClip', clipId: clip!.id, edge: 'out', toUs: 3_000_000 },
    });
    expect(clipDuration(videoClips(trimmed)[0]!)).toBe(3_000_000);
    const split = await service.apply({
      command: { type: 'splitClips', clipIds: [clip!.id], atUs: 1_000_000 },
    });
    expect(split.clips).toHaveLength(4); // video and linked audio, each in two
    const rippled = await service.apply({
      command: {
        type: 'rippleDelete',
        clipIds: [clip!.id, split.clips.find((c) => c.id !== clip!.id && c.startUs === 0)!.id],
      },
    });
    expect(timelineDuration(rippled)).toBe(2_000_000);
    expect(events).toEqual(['Add clip', 'Trim clip end', 'Split', 'Ripple delete 2 clips']);

    await service.undo();
    await service.undo();
    const afterUndos = await service.undo();
    expect(afterUndos.clips.map(clipDuration)).toEqual([4_000_000, 4_000_000]);
    expect(await service.canUndo()).toEqual({
      canUndo: true,
      canRedo: true,
      undoLabel: 'Add clip',
      redoLabel: 'Trim clip end',
    });
    const redone = await service.redo();
    expect(redone.clips.map(clipDuration)).toEqual([3_000_000, 3_000_000]);

    session.dispose();
    openService();
    expect((await service.get()).clips.map(clipDuration)).toEqual([3_000_000, 3_000_000]);
    expect((await service.canUndo()).redoLabel).toBe('Split');
    await service.redo();
    expect((await service.get()).clips).toHaveLength(4);
    // A new edit after undo drops what could have been redone.
    await service.undo();
    await service.apply({ command: { type: 'addTrack', kind: 'video', name: 'Titles' } });
    expect(await service.canUndo()).toMatchObject({ canRedo: false, undoLabel: 'Add video track' });
  });

  test('effects: a split copies them, deleting the clip removes them, undo brings them back', async () => {
    const inserted = await service.apply({
      command: { type: 'insertAsset', assetId: 'video', trackId: null, startUs: 0 },
    });
    const [clip] = videoClips(inserted);
    await service.apply({ command: { type: 'addEffect', clipId: clip!.id, kind: 'blur' } });
    await expect(
      service.apply({ command: { type: 'addEffect', clipId: clip!.id, kind: 'sepia' } }),
    ).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    expect(await service.listEffects()).toMatchObject([
      { clipId: clip!.id, kind: 'blur', params: { radius: 3 }, order: 0 },
    ]);
    await service.apply({ command: { type: 'splitClips', clipIds: [clip!.id], atUs: 2_000_000 } });
    expect(await service.listEffects()).toHaveLength(2);
    await service.apply({ command: { type: 'removeClips', clipIds: [clip!.id] } });
    expect(await service.listEffects()).toHaveLength(1);
    await service.undo();
    session.dispose();
    openService();
    const effects = await service.listEffects();
    expect(effects.map((effect) => effect.clipId)).toContain(clip!.id);
    expect(effects).toHaveLength(2);
  });

  test('a refused edit changes nothing and records nothing', async () => {
    await expect(
      service.apply({ command: { type: 'trimClip', clipId: 'nope', edge: 'in', toUs: 0 } }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await service.canUndo()).toEqual({
      canUndo: false,
      canRedo: false,
      undoLabel: null,
      redoLabel: null,
    });
  });

  test('markers and in/out points are saved with the project but are not undoable', async () => {
    await service.setMarks({
      marks: { markers: [{ id: 'm1', us: 1_000_000, label: 'Beat' }], inUs: 0, outUs: 2_000_000 },
    });
    expect((await service.canUndo()).canUndo).toBe(false);
    await expect(service.setMarks({ marks: { markers: [], inUs: 3, outUs: 1 } })).rejects.toThrow();
    session.dispose();
    openService();
    expect(await service.getMarks()).toEqual({
      markers: [{ id: 'm1', us: 1_000_000, label: 'Beat' }],
      inUs: 0,
      outUs: 2_000_000,
    });
  });

  test('an applied edit survives the process being killed right after it', async () => {
    const inserted = await service.apply({
      command: { type: 'insertAsset', assetId: 'video', trackId: null, startUs: 0 },
    });
    const [clip] = videoClips(inserted);
    session.dispose();
    const script = fileURLToPath(new URL('./testSupport/editThenCrash.ts', import.meta.url));
    const child = spawnSync(process.execPath, ['--import', 'tsx', script, path, clip!.id], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(child.signal, child.stderr).toBe('SIGKILL');
    expect(child.stdout).toContain('applied');
    openService();
    expect((await service.get()).clips).toHaveLength(4);
    expect((await service.canUndo()).undoLabel).toBe('Split');
  });
});

test('the effect kinds are the render engine’s frame processors, with their default params', async () => {
  const kinds = await new TimelineServiceImpl(session).listEffectKinds();
  const colorBalance = kinds.find((kind) => kind.kind === 'colorBalance');
  expect(colorBalance).toMatchObject({
    defaultParams: { red: 1, green: 1, blue: 1, brightness: 0, saturation: 1 },
  });
  expect(kinds.map((kind) => kind.kind)).not.toContain('passThrough');
});
