import type { Locator, Page } from '@playwright/test';

/** The Models dialog (top bar "Models"): model packs with sizes, licences, status, install and import. */
export class ModelsPage {
  readonly openButton: Locator;
  readonly dialog: Locator;

  constructor(readonly page: Page) {
    this.openButton = page.getByTestId('models-button');
    this.dialog = page.getByTestId('models-dialog');
  }

  async open(): Promise<void> {
    await this.openButton.click();
    await this.dialog.waitFor();
  }

  pack(packId: string): Locator {
    return this.dialog.getByTestId(`model-pack-${packId}`);
  }

  status(packId: string): Locator {
    return this.pack(packId).getByTestId('model-pack-status');
  }

  file(packId: string, fileId: string): Locator {
    return this.pack(packId).getByTestId(`model-file-${fileId}`);
  }

  /** Opens the install panel and accepts the licences; the caller confirms. */
  async acceptAndInstall(packId: string, options: { includeOptional?: boolean } = {}): Promise<void> {
    const pack = this.pack(packId);
    await pack.getByTestId('model-pack-install').click();
    if (options.includeOptional) await pack.getByTestId('model-install-optional').check();
    await pack.getByTestId('model-licence-accept').check();
    await pack.getByTestId('model-install-confirm').click();
  }

  /** Imports the file at `path` as the pack file `fileId`, licence accepted. */
  async importFile(packId: string, fileId: string, path: string): Promise<void> {
    const pack = this.pack(packId);
    await pack.getByTestId('model-import-open').click();
    const form = pack.getByTestId('model-import-form');
    await form.getByTestId('model-import-file').selectOption(fileId);
    await form.getByTestId('model-import-path').fill(path);
    await form.getByTestId('model-import-accept').check();
    await form.getByTestId('model-import-confirm').click();
  }
}
