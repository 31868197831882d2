import type { Locator, Page } from '@playwright/test';

/** The Faces panel (a tab beside the viewer): asset choice, analysis, mesh canvas, face tracks. */
export class FacesPage {
  readonly tab: Locator;
  readonly viewerTab: Locator;
  readonly root: Locator;
  readonly assetSelect: Locator;
  readonly every: Locator;
  readonly analyseButton: Locator;
  readonly status: Locator;
  readonly error: Locator;
  readonly canvas: Locator;
  readonly tracks: Locator;
  readonly frameSlider: Locator;

  constructor(readonly page: Page) {
    this.tab = page.getByTestId('tab-faces');
    this.viewerTab = page.getByTestId('tab-viewer');
    this.root = page.getByTestId('faces-panel');
    this.assetSelect = this.root.getByTestId('faces-asset');
    this.every = this.root.getByTestId('faces-every');
    this.analyseButton = this.root.getByTestId('faces-analyse');
    this.status = this.root.getByTestId('faces-status');
    this.error = this.root.getByTestId('faces-error');
    this.canvas = this.root.getByTestId('face-mesh-canvas');
    this.tracks = this.root.getByTestId('face-track');
    this.frameSlider = this.root.getByTestId('faces-frame-slider');
  }

  async open(): Promise<void> {
    await this.tab.click();
    await this.root.waitFor();
  }

  async chooseAsset(name: string): Promise<void> {
    await this.assetSelect.selectOption({ label: name });
  }

  track(index: number): Locator {
    return this.tracks.nth(index);
  }

  /** Canvas pixels that are not fully transparent: the mesh really was drawn. */
  async drawnPixelCount(): Promise<number> {
    return this.canvas.evaluate((element) => {
      const canvas = element as HTMLCanvasElement;
      const context = canvas.getContext('2d');
      if (!context || canvas.width === 0 || canvas.height === 0) return 0;
      const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
      let count = 0;
      for (let index = 3; index < data.length; index += 4) if ((data[index] ?? 0) > 0) count += 1;
      return count;
    });
  }
}
