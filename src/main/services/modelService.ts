// models.* of the contract: the model packs (face swap, lip sync, voice) — list, install with
// progress events, cancel, import from disk, uninstall — over the engine's ModelPackManager. The
// manifests are read on first use. Also answers the render pre-check's "is this model installed?".
import type { ServiceImplementation } from '../../shared/contracts/defineService';
import type {
  InstalledModelFile,
  ModelInstallProgress,
  ModelPackList,
  modelsService,
} from '../../shared/contracts/modelsContract';
import { Emitter, type Disposable } from '../../shared/disposable';
import { PackCatalogue } from '../engine/models/modelPackCatalogue';
import { ModelPackManager } from '../engine/models/modelPackManager';

export interface ModelServiceOptions {
  dataDir: string;
  /** models/packs (found beside the studio when omitted). */
  builtInPacksDirectory?: string;
  /** Extra manifests (default: $DOPPEL_MODEL_PACKS_DIR). */
  extraPacksDirectory?: string;
  /** Overrides $DOPPEL_MODEL_MIRROR. */
  mirror?: string;
}

export class ModelServiceImpl implements ServiceImplementation<typeof modelsService>, Disposable {
  private readonly progressEmitter = new Emitter<ModelInstallProgress>();
  readonly onDidInstallProgress = this.progressEmitter.event;
  private readonly changeEmitter = new Emitter<ModelPackList>();
  readonly onDidChangePacks = this.changeEmitter.event;
  private manager: Promise<ModelPackManager> | undefined;
  private disposed = false;

  constructor(private readonly options: ModelServiceOptions) {}

  private packs(): Promise<ModelPackManager> {
    this.manager ??= PackCatalogue.load({
      ...(this.options.builtInPacksDirectory === undefined
        ? {}
        : { builtInDirectory: this.options.builtInPacksDirectory }),
      ...(this.options.extraPacksDirectory === undefined
        ? {}
        : { extraDirectory: this.options.extraPacksDirectory }),
    }).then(
      (catalogue) =>
        new ModelPackManager({
          dataDir: this.options.dataDir,
          catalogue,
          ...('mirror' in this.options ? { mirror: this.options.mirror } : {}),
        }),
      (error: unknown) => {
        this.manager = undefined; // a fixed manifest folder is picked up on the next call
        throw error;
      },
    );
    return this.manager;
  }

  /** For the render pre-check (RenderServiceOptions.isModelInstalled). */
  async isModelInstalled(modelId: string): Promise<boolean> {
    return (await this.packs()).isModelInstalled(modelId);
  }

  /** For the render's provenance manifest (renderModelLicences' DescribeModel). */
  async describeModel(modelId: string) {
    return (await this.packs()).describeInstalledModel(modelId);
  }

  async listPacks(): Promise<ModelPackList> {
    return (await this.packs()).listPacks();
  }

  async install(request: { packId: string; includeOptional: boolean; acceptLicences: boolean }) {
    const manager = await this.packs();
    const running = manager.installPack({
      packId: request.packId,
      includeOptional: request.includeOptional,
      acceptLicences: request.acceptLicences,
      onProgress: (progress) => this.progressEmitter.fire(progress),
    });
    // Let the panel show "installing" as soon as the install has registered itself.
    if (manager.isInstalling(request.packId)) void this.announce();
    try {
      return await running;
    } finally {
      await this.announce();
    }
  }

  async cancelInstall({ packId }: { packId: string }): Promise<null> {
    (await this.packs()).cancelInstall(packId);
    return null;
  }

  async importFile(request: {
    packId: string;
    fileId: string;
    path: string;
    name?: string | undefined;
    acceptLicences: boolean;
  }): Promise<InstalledModelFile> {
    try {
      return await (await this.packs()).importFile(request);
    } finally {
      await this.announce();
    }
  }

  async uninstall({ packId, fileId }: { packId: string; fileId?: string | undefined }): Promise<null> {
    await (await this.packs()).uninstall(packId, fileId);
    await this.announce();
    return null;
  }

  private async announce(): Promise<void> {
    if (this.disposed || !this.changeEmitter.hasListeners) return;
    try {
      this.changeEmitter.fire(await this.listPacks());
    } catch {
      // A listing that fails now fails again (with its message) when the panel asks for it.
    }
  }

  dispose(): void {
    this.disposed = true;
    this.progressEmitter.dispose();
    this.changeEmitter.dispose();
    void this.manager?.then((manager) => manager.dispose()).catch(() => undefined);
  }
}
