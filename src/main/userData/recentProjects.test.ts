import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { MAX_RECENT_PROJECTS, RECENT_PROJECTS_FILE_NAME, RecentProjects } from './recentProjects';

let dataDir: string;
let clock: number;
const now = () => new Date(Date.UTC(2025, 0, 1) + (clock += 1000));

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'doppel-recent-test-'));
  clock = 0;
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

function touchProject(name: string): string {
  const path = join(dataDir, name);
  writeFileSync(path, 'project');
  return path;
}

describe('RecentProjects', () => {
  test('starts empty when there is no file yet, and creates the data folder on first add', () => {
    const nested = join(dataDir, 'not', 'yet');
    const recent = new RecentProjects(nested, { now });
    expect(recent.list()).toEqual([]);
    recent.add(touchProject('a.doppel'), 'A');
    expect(new RecentProjects(nested).list().map((entry) => entry.name)).toEqual(['A']);
  });

  test('lists newest first, moves a reopened project to the top, survives a new instance', () => {
    const recent = new RecentProjects(dataDir, { now });
    const a = touchProject('a.doppel');
    const b = touchProject('b.doppel');
    recent.add(a, 'A');
    recent.add(b, 'B');
    recent.add(a, 'A renamed');
    const listed = new RecentProjects(dataDir).list();
    expect(listed).toEqual([
      { path: a, name: 'A renamed', openedAt: '2025-01-01T00:00:03.000Z', exists: true },
      { path: b, name: 'B', openedAt: '2025-01-01T00:00:02.000Z', exists: true },
    ]);
  });

  test('checks existence when listing, not when adding', () => {
    const recent = new RecentProjects(dataDir, { now });
    const path = touchProject('gone.doppel');
    recent.add(path, 'Gone');
    expect(recent.list()[0]!.exists).toBe(true);
    rmSync(path);
    expect(recent.list()[0]!.exists).toBe(false);
  });

  test(`keeps at most ${MAX_RECENT_PROJECTS}`, () => {
    const recent = new RecentProjects(dataDir, { now });
    for (let index = 0; index < MAX_RECENT_PROJECTS + 5; index += 1)
      recent.add(join(dataDir, `p${index}.doppel`), `P${index}`);
    const listed = recent.list();
    expect(listed).toHaveLength(MAX_RECENT_PROJECTS);
    expect(listed[0]!.name).toBe(`P${MAX_RECENT_PROJECTS + 4}`);
  });

  test('forget removes one entry (by resolved path) and leaves the rest', () => {
    const recent = new RecentProjects(dataDir, { now });
    recent.add(join(dataDir, 'a.doppel'), 'A');
    recent.add(join(dataDir, 'b.doppel'), 'B');
    recent.forget(join(dataDir, 'sub', '..', 'a.doppel'));
    recent.forget(join(dataDir, 'never-listed.doppel'));
    expect(recent.list().map((entry) => entry.name)).toEqual(['B']);
  });

  test('a corrupt file is treated as empty and rewritten, never thrown', () => {
    const file = join(dataDir, RECENT_PROJECTS_FILE_NAME);
    for (const garbage of [
      '{"projects": [',
      'null',
      '[1,2,3]',
      '{"version": 99, "projects": []}',
      '\u0000\u0001',
    ]) {
      writeFileSync(file, garbage);
      const recent = new RecentProjects(dataDir, { now });
      expect(recent.list()).toEqual([]);
      expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ version: 1, projects: [] });
    }
    const recent = new RecentProjects(dataDir, { now });
    recent.add(join(dataDir, 'a.doppel'), 'A');
    expect(recent.list().map((entry) => entry.name)).toEqual(['A']);
  });

  test('keeps the valid entries of a partly hand-edited file', () => {
    const file = join(dataDir, RECENT_PROJECTS_FILE_NAME);
    const good = { path: join(dataDir, 'a.doppel'), name: 'A', openedAt: '2025-01-01T00:00:00.000Z' };
    writeFileSync(file, JSON.stringify({ version: 1, projects: [{ path: 42 }, good, 'junk', good] }));
    expect(new RecentProjects(dataDir).list()).toEqual([{ ...good, exists: false }]);
  });

  test('writes atomically: no temp files are left behind', () => {
    const recent = new RecentProjects(dataDir, { now });
    recent.add(join(dataDir, 'a.doppel'), 'A');
    recent.add(join(dataDir, 'b.doppel'), 'B');
    recent.forget(join(dataDir, 'a.doppel'));
    expect(readdirSync(dataDir)).toEqual([RECENT_PROJECTS_FILE_NAME]);
  });
});
