// project.* of the contract: create / open / close / recent projects.
import { existsSync, mkdirSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import type { ServiceImplementation } from '../../shared/contracts/defineService';
import type { projectService } from '../../shared/contracts/studioContract';
import type { ProjectSummary } from '../../shared/model/schemas';
import { ProjectStore } from '../store/projectStore';
import type { RecentProjects } from '../userData/recentProjects';
import { defaultProjectsDir } from '../userData/dataDir';
import type { ProjectSession } from './projectSession';

export const PROJECT_EXTENSION = '.doppel';

/** Absolute path with the .doppel extension added when the user left it out. */
export function normaliseProjectPath(path: string): string {
  const absolute = resolve(path);
  return extname(absolute).toLowerCase() === PROJECT_EXTENSION ? absolute : `${absolute}${PROJECT_EXTENSION}`;
}

/** Marks assets whose files vanished as missing (and found ones as ok again). Returns the count missing. */
export function refreshAssetAvailability(store: ProjectStore): number {
  let missing = 0;
  store.transaction(() => {
    for (const asset of store.assets.list()) {
      const present = existsSync(asset.path);
      const status = present ? 'ok' : 'missing';
      if (!present) missing += 1;
      if (status !== asset.status) store.assets.setStatus(asset.id, status);
    }
  });
  return missing;
}

export class ProjectServiceImpl implements ServiceImplementation<typeof projectService> {
  constructor(
    private readonly session: ProjectSession,
    private readonly recent: RecentProjects,
  ) {}

  readonly onDidChangeProject = (listener: (summary: ProjectSummary | null) => void) =>
    this.session.onDidChangeProject(listener);

  async create({ path }: { path: string }): Promise<ProjectSummary> {
    const projectPath = normaliseProjectPath(path);
    // The suggested folder (Documents/Doppel Studio) may not exist yet on a fresh machine.
    if (!existsSync(dirname(projectPath))) mkdirSync(dirname(projectPath), { recursive: true });
    return this.adopt(ProjectStore.create(projectPath));
  }

  async open({ path }: { path: string }): Promise<ProjectSummary> {
    const store = ProjectStore.open(normaliseProjectPath(path));
    refreshAssetAvailability(store);
    return this.adopt(store);
  }

  async close(): Promise<null> {
    this.session.replace(null);
    return null;
  }

  async getCurrent(): Promise<ProjectSummary | null> {
    return this.session.store?.getSummary() ?? null;
  }

  async listRecent() {
    return this.recent.list();
  }

  async forgetRecent({ path }: { path: string }): Promise<null> {
    this.recent.forget(path);
    return null;
  }

  async suggestNewPath({ name }: { name: string }): Promise<{ path: string }> {
    const safeName = name.replace(/[\\/:*?"<>|]+/g, '-').trim() || 'Untitled';
    const folder = defaultProjectsDir();
    let candidate = join(folder, `${safeName}${PROJECT_EXTENSION}`);
    for (let n = 2; existsSync(candidate); n += 1)
      candidate = join(folder, `${safeName} ${n}${PROJECT_EXTENSION}`);
    return { path: candidate };
  }

  private adopt(store: ProjectStore): ProjectSummary {
    this.session.replace(store);
    const summary = store.getSummary();
    this.recent.add(store.path, summary.name || basename(store.path, PROJECT_EXTENSION));
    return summary;
  }
}
