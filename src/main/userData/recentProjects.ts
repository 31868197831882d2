// The "recent projects" list of the start screen, kept as a small JSON file in the user data folder.
// Whatever happens to that file (hand edits, a crash mid-write on an old version, a disk hiccup),
// reading it never throws: a broken file just means an empty list, and it is rewritten clean.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import { StudioError } from '../../shared/errors';
import type { RecentProject } from '../../shared/model/schemas';

export const RECENT_PROJECTS_FILE_NAME = 'recent-projects.json';
export const MAX_RECENT_PROJECTS = 20;

const storedEntrySchema = z.object({
  path: z.string().min(1),
  name: z.string(),
  openedAt: z.string(),
});
type StoredEntry = z.infer<typeof storedEntrySchema>;

const storedFileSchema = z.object({
  version: z.literal(1),
  projects: z.array(z.unknown()),
});

function projectFileExists(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

export class RecentProjects {
  readonly filePath: string;
  private readonly now: () => Date;

  constructor(dataDir: string, options: { now?: () => Date } = {}) {
    this.filePath = join(dataDir, RECENT_PROJECTS_FILE_NAME);
    this.now = options.now ?? (() => new Date());
  }

  /** Newest first, at most MAX_RECENT_PROJECTS; `exists` is checked now, not when the entry was added. */
  list(): RecentProject[] {
    return this.readEntries().map((entry) => ({ ...entry, exists: projectFileExists(entry.path) }));
  }

  /** Puts the project at the top (moving it there if it was already listed). */
  add(projectPath: string, name: string): void {
    const path = resolve(projectPath);
    const entry: StoredEntry = { path, name, openedAt: this.now().toISOString() };
    const others = this.readEntries().filter((candidate) => candidate.path !== path);
    this.writeEntries([entry, ...others]);
  }

  forget(projectPath: string): void {
    const path = resolve(projectPath);
    const entries = this.readEntries();
    const remaining = entries.filter((candidate) => candidate.path !== path);
    if (remaining.length !== entries.length) this.writeEntries(remaining);
  }

  private readEntries(): StoredEntry[] {
    if (!existsSync(this.filePath)) return [];
    let parsed: z.infer<typeof storedFileSchema>;
    try {
      const result = storedFileSchema.safeParse(JSON.parse(readFileSync(this.filePath, 'utf8')));
      if (!result.success) throw result.error;
      parsed = result.data;
    } catch {
      this.rewriteBrokenFile();
      return [];
    }
    // One bad entry (hand edit) should not cost the user the whole list: keep the valid ones.
    const entries: StoredEntry[] = [];
    const seen = new Set<string>();
    for (const candidate of parsed.projects) {
      const entry = storedEntrySchema.safeParse(candidate);
      if (!entry.success || seen.has(entry.data.path)) continue;
      seen.add(entry.data.path);
      entries.push(entry.data);
    }
    return entries.slice(0, MAX_RECENT_PROJECTS);
  }

  private rewriteBrokenFile(): void {
    try {
      this.writeEntries([]);
    } catch {
      // A read-only data folder: the list stays empty this session, which is all we can do.
    }
  }

  /** Atomic: a crash mid-write leaves either the old file or the new one, never half of one. */
  private writeEntries(entries: StoredEntry[]): void {
    const body = JSON.stringify({ version: 1, projects: entries.slice(0, MAX_RECENT_PROJECTS) }, null, 2);
    const temporaryPath = `${this.filePath}.${process.pid}.${Date.now()}.tmp`;
    try {
      mkdirSync(dirname(this.filePath), { recursive: true });
      writeFileSync(temporaryPath, `${body}\n`, 'utf8');
      renameSync(temporaryPath, this.filePath);
    } catch (error) {
      rmSync(temporaryPath, { force: true });
      const code = (error as NodeJS.ErrnoException).code ?? '';
      if (code === 'ENOSPC') {
        throw new StudioError('DISK_FULL', `${this.filePath} cannot be saved: the disk is full.`, {
          cause: error,
        });
      }
      const errorCode = ['EACCES', 'EPERM', 'EROFS'].includes(code) ? 'PERMISSION_DENIED' : 'INTERNAL';
      throw new StudioError(errorCode, `${this.filePath} cannot be saved: ${(error as Error).message}.`, {
        cause: error,
      });
    }
  }
}
