import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import type { Locator, Page } from '@playwright/test';

const mimeTypes: Record<string, string> = {
  '.mp4': 'video/mp4',
  '.mpg': 'video/mpeg',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.wav': 'audio/wav',
  '.flac': 'audio/flac',
};

/** The media bin: assets, OS file drops, import progress. */
export class MediaBinPage {
  readonly root: Locator;
  readonly items: Locator;
  readonly importProgress: Locator;
  readonly importFailures: Locator;
  readonly importError: Locator;
  readonly emptyState: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('media-bin');
    this.items = this.root.getByTestId('media-bin-item');
    this.importProgress = this.root.getByTestId('import-progress');
    this.importFailures = this.root.getByTestId('import-failure');
    this.importError = this.root.getByTestId('import-error');
    this.emptyState = this.root.getByTestId('media-bin-empty');
  }

  item(name: string): Locator {
    return this.root.locator(`[data-testid="media-bin-item"][data-asset-name="${name}"]`);
  }

  itemOfKind(kind: 'video' | 'audio' | 'image'): Locator {
    return this.root.locator(`[data-testid="media-bin-item"][data-asset-kind="${kind}"]`);
  }

  async assetId(name: string): Promise<string> {
    const id = await this.item(name).getAttribute('data-asset-id');
    if (!id) throw new Error(`The bin has no asset named ${name}.`);
    return id;
  }

  /**
   * Drops real files "from the OS": a DataTransfer holding File objects with the files' bytes is
   * built in the page, then dragenter/dragover/drop are dispatched on the bin.
   */
  async dropFilesFromOs(paths: readonly string[]): Promise<void> {
    const files = await Promise.all(
      paths.map(async (path) => ({
        name: basename(path),
        type: mimeTypes[extname(path).toLowerCase()] ?? 'application/octet-stream',
        base64: (await readFile(path)).toString('base64'),
      })),
    );
    const dataTransfer = await this.page.evaluateHandle((entries) => {
      const transfer = new DataTransfer();
      for (const entry of entries) {
        const binary = atob(entry.base64);
        const bytes = new Uint8Array(binary.length);
        for (let index = 0; index < binary.length; index += 1) bytes[index] = binary.charCodeAt(index);
        transfer.items.add(new File([bytes], entry.name, { type: entry.type }));
      }
      return transfer;
    }, files);
    const body = this.root.locator('.media-bin-body');
    await body.dispatchEvent('dragenter', { dataTransfer });
    await body.dispatchEvent('dragover', { dataTransfer });
    await body.dispatchEvent('drop', { dataTransfer });
    await dataTransfer.dispose();
  }
}
