// The model pack system in one place, for the models service, the CLI and the render pre-check:
// list packs with their status, install a pack (licences accepted first; one install per pack at a
// time; cancellable), import a file from disk, uninstall, and answer "is this model installed?".
// Signature checks run in real onnxruntime sessions from a CPU pool the manager owns.
import { readdir, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { ModelInstallProgress, ModelPackList } from '../../../shared/contracts/modelsContract';
import type { Disposable } from '../../../shared/disposable';
import { serializeError, StudioError } from '../../../shared/errors';
import { InferenceSessionPool } from '../inference/sessionPool';
import { downloadSourcesFor, modelMirrorFromEnvironment } from './modelDownloadSources';
import { importModelFile } from './modelFileImport';
import type { PackCatalogue } from './modelPackCatalogue';
import type { PackManifest } from './modelPackManifest';
import { describePack, installedFileSummary } from './modelPackStatus';
import type { InstalledFileRecord } from './modelStore';
import { ModelStore } from './modelStore';
import type { DownloadTuning } from './packFileDownloadInstall';
import { installPackFileByDownload } from './packFileDownloadInstall';

export interface ModelPackManagerOptions {
  dataDir: string;
  catalogue: PackCatalogue;
  /** Base URL replacing every public URL (default: $DOPPEL_MODEL_MIRROR). */
  mirror?: string | undefined;
  tuning?: DownloadTuning;
  /** Progress events are sent at most this often per file while downloading (default 200 ms). */
  progressIntervalMs?: number;
}

export interface InstallPackRequest {
  packId: string;
  includeOptional?: boolean;
  acceptLicences: boolean;
  signal?: AbortSignal;
  onProgress?: (progress: ModelInstallProgress) => void;
}

export interface InstallPackResult {
  packId: string;
  installed: string[];
  alreadyInstalled: string[];
}

export interface ImportFileRequest {
  packId: string;
  fileId: string;
  path: string;
  name?: string | undefined;
  acceptLicences: boolean;
  signal?: AbortSignal;
}

/** Caches an engine keeps beside a model file, named `<file>.<something>` (the inswapper emap). */
async function removeDerivedFiles(modelPath: string): Promise<void> {
  const prefix = `${basename(modelPath)}.`;
  let names: string[];
  try {
    names = await readdir(dirname(modelPath));
  } catch {
    return; // no folder, nothing derived
  }
  for (const name of names) {
    if (name.startsWith(prefix)) await rm(join(dirname(modelPath), name), { force: true });
  }
}

function requireAcceptedLicences(pack: PackManifest, accepted: boolean, what: string): void {
  if (accepted) return;
  const licences = [...new Set(pack.files.map((file) => `${file.name}: ${file.licence.name}`))];
  throw new StudioError(
    'INVALID_ARGUMENT',
    `${what} needs its licences accepted first. ${licences.join('; ')}.`,
  );
}

export class ModelPackManager implements Disposable {
  readonly store: ModelStore;
  readonly catalogue: PackCatalogue;
  readonly mirror: string | undefined;
  private readonly pool = new InferenceSessionPool({ defaultProvider: 'cpu' });
  private readonly running = new Map<string, AbortController>();

  constructor(private readonly options: ModelPackManagerOptions) {
    this.store = new ModelStore(options.dataDir);
    this.catalogue = options.catalogue;
    this.mirror = 'mirror' in options ? options.mirror : modelMirrorFromEnvironment();
  }

  async listPacks(): Promise<ModelPackList> {
    const records = await this.store.list();
    const packs = [];
    for (const pack of this.catalogue.packs) {
      packs.push(await describePack(pack, this.store, records, this.running.has(pack.id)));
    }
    return {
      packs,
      mirror: this.mirror ?? null,
      folder: this.store.root,
      warning: this.store.warning() ?? null,
    };
  }

  isInstalling(packId: string): boolean {
    return this.running.has(packId);
  }

  /** For the render pre-check: listed and present at the recorded size (sha256 is checked on load). */
  isModelInstalled(modelId: string): Promise<boolean> {
    return this.store.isInstalled(modelId);
  }

  async installPack(request: InstallPackRequest): Promise<InstallPackResult> {
    const pack = this.catalogue.pack(request.packId);
    requireAcceptedLicences(pack, request.acceptLicences, `Installing "${pack.name}"`);
    if (this.running.has(pack.id)) {
      throw new StudioError('INVALID_ARGUMENT', `"${pack.name}" is already being installed.`);
    }
    const controller = new AbortController();
    const forward = () => controller.abort();
    request.signal?.addEventListener('abort', forward, { once: true });
    this.running.set(pack.id, controller);
    try {
      return await this.installFiles(pack, request, controller.signal);
    } finally {
      this.running.delete(pack.id);
      request.signal?.removeEventListener('abort', forward);
    }
  }

  /** Stops a running install of the pack; false when none runs. */
  cancelInstall(packId: string): boolean {
    const controller = this.running.get(packId);
    controller?.abort();
    return controller !== undefined;
  }

  private async installFiles(
    pack: PackManifest,
    request: InstallPackRequest,
    signal: AbortSignal,
  ): Promise<InstallPackResult> {
    const wanted = pack.files.filter((file) => request.includeOptional === true || !file.optional);
    const alreadyInstalled: string[] = [];
    const missing = [];
    for (const file of wanted) {
      if (await this.store.isInstalled(file.id)) alreadyInstalled.push(file.id);
      else missing.push(file);
    }
    const installed: string[] = [];
    const licenceAcceptedAt = new Date().toISOString();
    const interval = this.options.progressIntervalMs ?? 200;
    for (const [fileIndex, file] of missing.entries()) {
      let lastSent = 0;
      const base = {
        packId: pack.id,
        fileId: file.id,
        fileName: file.fileName,
        fileIndex,
        fileCount: missing.length,
      };
      try {
        await installPackFileByDownload({
          store: this.store,
          pool: this.pool,
          pack,
          file,
          sources: downloadSourcesFor(pack, file, this.mirror),
          signal,
          licenceAcceptedAt,
          tuning: this.options.tuning ?? {},
          onProgress: (progress) => {
            const now = performance.now();
            if (progress.phase === 'downloading' && now - lastSent < interval && progress.receivedBytes > 0)
              return;
            lastSent = now;
            request.onProgress?.({ ...base, ...progress, error: null });
          },
        });
      } catch (error) {
        request.onProgress?.({
          ...base,
          phase: signal.aborted ? 'cancelled' : 'failed',
          receivedBytes: 0,
          totalBytes: null,
          provider: '',
          error: serializeError(error),
        });
        throw error;
      }
      installed.push(file.id);
    }
    return { packId: pack.id, installed, alreadyInstalled };
  }

  async importFile(request: ImportFileRequest) {
    const pack = this.catalogue.pack(request.packId);
    requireAcceptedLicences(pack, request.acceptLicences, `Importing into "${pack.name}"`);
    const userKind = this.catalogue.userFileKind(pack.id, request.fileId);
    let target;
    if (userKind !== undefined) {
      if (request.name === undefined || request.name.trim() === '') {
        throw new StudioError(
          'INVALID_ARGUMENT',
          `Give a name for the ${userKind.name} you import (e.g. the voice's name).`,
        );
      }
      target = { userKind, name: request.name.trim() };
    } else {
      target = { file: this.catalogue.file(pack.id, request.fileId) };
    }
    const record = await importModelFile({
      store: this.store,
      pool: this.pool,
      pack,
      target,
      sourcePath: request.path,
      licenceAcceptedAt: new Date().toISOString(),
      ...(request.signal ? { signal: request.signal } : {}),
    });
    return installedFileSummary(this.store, record);
  }

  /**
   * What a render's provenance manifest says about an installed model: its name, licence (with
   * the commercial-use answer), the sha256 of the file that ran, and what it is for.
   */
  async describeInstalledModel(
    modelId: string,
  ): Promise<
    { name: string; version: string; licence: string; sha256: string; purpose: string } | undefined
  > {
    const record = await this.store.findModel(modelId);
    if (record === undefined) return undefined;
    const pack = this.catalogue.packs.find((candidate) => candidate.id === record.packId);
    const licence =
      record.userKind === null
        ? pack?.files.find((file) => file.id === record.fileId)?.licence
        : pack?.userFiles.find((kind) => kind.kind === record.userKind)?.licence;
    const commercial = {
      yes: 'commercial use allowed',
      no: 'non-commercial use only',
      unknown: 'commercial use unknown',
    };
    return {
      name: record.label,
      version: `${record.packId}/${record.fileId} (${record.integrity})`,
      licence:
        licence === undefined
          ? 'not stated (the pack is not known to this version of the studio)'
          : `${licence.name}${licence.spdx ? ` (${licence.spdx})` : ''}, ${commercial[licence.commercialUse]} (${licence.url})`,
      sha256: record.sha256,
      purpose:
        pack?.files.find((file) => file.id === record.fileId)?.role ?? record.userKind ?? record.fileId,
    };
  }

  /** Removes the pack's files (or the one file) and their partial downloads. */
  async uninstall(packId: string, fileId?: string): Promise<InstalledFileRecord[]> {
    const pack = this.catalogue.pack(packId);
    if (this.running.has(pack.id)) {
      throw new StudioError('INVALID_ARGUMENT', `"${pack.name}" is being installed: cancel that first.`);
    }
    const removed = await this.store.remove(
      (record) => record.packId === pack.id && (fileId === undefined || record.fileId === fileId),
    );
    if (fileId === undefined) {
      await rm(this.store.packFolder(pack.id), { recursive: true, force: true });
      return removed;
    }
    const packFile = pack.files.find((file) => file.id === fileId);
    if (removed.length === 0 && packFile === undefined) {
      throw new StudioError('NOT_FOUND', `Model pack "${pack.id}" has no installed file "${fileId}".`);
    }
    for (const record of removed) {
      await rm(this.store.pathOf(record), { force: true });
      await removeDerivedFiles(this.store.pathOf(record));
    }
    if (packFile !== undefined)
      await rm(this.store.partialPathOf(pack.id, packFile.fileName), { force: true });
    return removed;
  }

  dispose(): void {
    for (const controller of this.running.values()) controller.abort();
    this.pool.dispose();
  }
}
