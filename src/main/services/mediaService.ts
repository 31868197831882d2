// media.* of the contract: import, list, relink, remove; the importer itself lives in src/main/media.
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { ServiceImplementation } from '../../shared/contracts/defineService';
import type { mediaService } from '../../shared/contracts/studioContract';
import { Emitter, type Disposable, type Event } from '../../shared/disposable';
import { StudioError } from '../../shared/errors';
import type { Asset, ImportProgress, ImportResult } from '../../shared/model/schemas';
import { importMediaFiles, verifyRelinkCandidate } from '../media/mediaImporter';
import { readPeaks } from '../media/waveformPeaks';
import type { PlaybackProxyState } from '../../shared/model/playbackProxySchemas';
import { PlaybackProxies } from './playbackProxies';
import type { ProjectSession } from './projectSession';

export class MediaServiceImpl implements ServiceImplementation<typeof mediaService>, Disposable {
  private readonly progress = new Emitter<ImportProgress>();
  private readonly assetsChanged = new Emitter<Asset[]>();
  readonly onDidImportProgress = this.progress.event;
  readonly onDidChangeAssets = this.assetsChanged.event;
  /** Made in the background after import and on open; see playbackProxies.ts. */
  readonly proxies: PlaybackProxies;
  readonly onDidChangeProxy: Event<PlaybackProxyState>;

  constructor(private readonly session: ProjectSession) {
    this.proxies = new PlaybackProxies(session);
    this.onDidChangeProxy = this.proxies.onDidChangeProxy;
  }

  async import({ paths }: { paths: string[] }): Promise<ImportResult> {
    const store = this.session.require();
    const result = await importMediaFiles(
      paths.map((path) => resolve(path)),
      {
        cacheDir: store.cacheDir,
        findBySha256: (sha256) => store.assets.findBySha256(sha256),
        addAsset: (asset, probe) => store.assets.insert(asset, probe),
      },
      { onProgress: (event) => this.progress.fire(event), newId: () => randomUUID(), batchId: randomUUID() },
    );
    // Importing the very file of a missing asset again (same content) is the simplest relink.
    for (const entry of result.imported) {
      if (entry.duplicate && entry.asset.status === 'missing') {
        store.assets.updateLocation(entry.asset.id, entry.path, 'ok');
        entry.asset = this.requireAsset(entry.asset.id);
      }
    }
    this.announceAssets();
    return result;
  }

  async list(): Promise<Asset[]> {
    return this.session.store?.assets.list() ?? [];
  }

  async relink({
    assetId,
    path,
    allowDifferentContent,
  }: {
    assetId: string;
    path: string;
    allowDifferentContent: boolean;
  }): Promise<Asset> {
    const store = this.session.require();
    const asset = this.requireAsset(assetId);
    const candidate = resolve(path);
    if (!existsSync(candidate) || !statSync(candidate).isFile()) {
      throw new StudioError('FILE_NOT_FOUND', `Cannot relink "${asset.name}": ${candidate} does not exist.`);
    }
    const check = await verifyRelinkCandidate(asset, candidate);
    if (!check.sameContent && !allowDifferentContent) {
      throw new StudioError(
        'HASH_MISMATCH',
        `${candidate} is not the same file as the original "${asset.name}" (its content differs). ` +
          'Pick the original file, or relink anyway to use the new content.',
      );
    }
    store.assets.updateLocation(asset.id, candidate, 'ok');
    this.announceAssets();
    return this.requireAsset(asset.id);
  }

  async relinkFromFolder({ folder }: { folder: string }): Promise<Asset[]> {
    const store = this.session.require();
    const root = resolve(folder);
    if (!existsSync(root) || !statSync(root).isDirectory()) {
      throw new StudioError('FILE_NOT_FOUND', `${root} is not a folder.`);
    }
    const byName = new Map<string, string[]>();
    // Two levels deep is enough for "the files moved to another drive" without scanning a whole disk.
    const scan = (dir: string, depth: number) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const full = join(dir, entry.name);
        if (entry.isDirectory() && depth > 0) scan(full, depth - 1);
        else if (entry.isFile()) byName.set(entry.name, [...(byName.get(entry.name) ?? []), full]);
      }
    };
    scan(root, 2);
    const relinked: Asset[] = [];
    for (const asset of store.assets.list().filter((candidate) => candidate.status === 'missing')) {
      for (const candidatePath of byName.get(basename(asset.path)) ?? []) {
        const check = await verifyRelinkCandidate(asset, candidatePath);
        if (!check.sameContent) continue;
        store.assets.updateLocation(asset.id, candidatePath, 'ok');
        relinked.push(this.requireAsset(asset.id));
        break;
      }
    }
    if (relinked.length > 0) this.announceAssets();
    return relinked;
  }

  async remove({ assetId }: { assetId: string }): Promise<null> {
    this.requireAsset(assetId);
    this.session.require().assets.remove(assetId);
    this.announceAssets();
    return null;
  }

  async getPeaks({ assetId }: { assetId: string }) {
    const store = this.session.require();
    const asset = this.requireAsset(assetId);
    if (!asset.hasPeaks) return null;
    return readPeaks(store.cacheDir, asset.sha256);
  }

  async listProxies(): Promise<PlaybackProxyState[]> {
    return this.proxies.list();
  }

  private requireAsset(assetId: string): Asset {
    const asset = this.session.require().assets.get(assetId);
    if (!asset) throw new StudioError('NOT_FOUND', `There is no asset with id ${assetId} in this project.`);
    return asset;
  }

  private announceAssets(): void {
    const store = this.session.store;
    if (!store) return;
    this.assetsChanged.fire(store.assets.list());
    this.session.notifySummaryChanged();
    this.proxies.refresh();
  }

  dispose(): void {
    this.proxies.dispose();
    this.progress.dispose();
    this.assetsChanged.dispose();
  }
}
