import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import type { EditPatch } from '../../../shared/timeline/editHistory';
import { ProjectStore } from '../projectStore';
import { openRawDatabase, useTemporaryFolders } from '../storeTestSupport';
import { MAX_HISTORY_ENTRIES } from './editHistory';

const temporaryFolder = useTemporaryFolders();
let path: string;
let store: ProjectStore;
beforeEach(() => {
  path = join(temporaryFolder(), 'History.doppel');
  store = ProjectStore.create(path);
});
afterEach(() => store.close());

const patch = (marker: string): EditPatch => ({
  tracks: { upsert: [], remove: [marker] },
  clips: { upsert: [], remove: [] },
  effects: { upsert: [], remove: [] },
});

test('undo and redo walk the recorded edits; a new edit drops the redo branch; it all survives reopening', () => {
  store.history.record('one', patch('f1'), patch('i1'));
  store.history.record('two', patch('f2'), patch('i2'));
  const two = store.history.nextUndo()!;
  expect(two).toMatchObject({ label: 'two', forward: patch('f2'), inverse: patch('i2') });
  store.history.markUndone(two);
  expect(store.history.state()).toEqual({ canUndo: true, canRedo: true, undoLabel: 'one', redoLabel: 'two' });
  store.close();
  store = ProjectStore.open(path);
  expect(store.history.nextRedo()?.label).toBe('two');
  store.history.record('three', patch('f3'), patch('i3'));
  expect(store.history.state()).toEqual({
    canUndo: true,
    canRedo: false,
    undoLabel: 'three',
    redoLabel: null,
  });
  const raw = openRawDatabase(path);
  expect(raw.prepare('SELECT label FROM edit_history ORDER BY id').all()).toEqual([
    { label: 'one' },
    { label: 'three' },
  ]);
  raw.close();
  store.history.markUndone(store.history.nextUndo()!);
  store.history.markUndone(store.history.nextUndo()!);
  expect(store.history.state()).toMatchObject({ canUndo: false, canRedo: true, redoLabel: 'one' });
});

test(`keeps the newest ${MAX_HISTORY_ENTRIES} edits`, () => {
  store.transaction(() => {
    for (let index = 0; index < MAX_HISTORY_ENTRIES + 5; index += 1)
      store.history.record(`edit ${index}`, patch('f'), patch('i'));
  });
  const raw = openRawDatabase(path);
  expect(raw.prepare('SELECT count(*) AS n, min(label) AS first FROM edit_history').get()).toMatchObject({
    n: MAX_HISTORY_ENTRIES,
  });
  raw.close();
  let undone = 0;
  for (let entry = store.history.nextUndo(); entry; entry = store.history.nextUndo()) {
    store.history.markUndone(entry);
    undone += 1;
  }
  expect(undone).toBe(MAX_HISTORY_ENTRIES);
});

test('a project whose history rows predate the cursor treats them all as applied', () => {
  store.close();
  const raw = openRawDatabase(path);
  raw
    .prepare(
      "INSERT INTO edit_history (created_at, label, forward_json, inverse_json) VALUES ('2025-01-01', 'old edit', ?, ?)",
    )
    .run(JSON.stringify(patch('f')), JSON.stringify(patch('i')));
  raw.close();
  store = ProjectStore.open(path);
  expect(store.history.state()).toMatchObject({ canUndo: true, undoLabel: 'old edit', canRedo: false });
});
