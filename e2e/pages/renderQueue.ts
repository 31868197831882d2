import type { Locator, Page } from '@playwright/test';

/** The render dialog and the render queue panel. */
export class RenderPage {
  readonly openDialog: Locator;
  readonly dialog: Locator;
  readonly output: Locator;
  readonly preset: Locator;
  readonly start: Locator;
  readonly error: Locator;
  readonly queue: Locator;
  readonly jobs: Locator;

  constructor(readonly page: Page) {
    this.openDialog = page.getByTestId('open-render-dialog');
    this.dialog = page.getByTestId('render-dialog');
    this.output = this.dialog.getByTestId('render-output');
    this.preset = this.dialog.getByTestId('render-preset');
    this.start = this.dialog.getByTestId('render-start');
    this.error = this.dialog.getByTestId('render-error');
    this.queue = page.getByTestId('render-queue');
    this.jobs = this.queue.getByTestId('render-job');
  }

  job(outputPath: string): Locator {
    return this.queue.locator(`[data-testid="render-job"][data-output-path="${outputPath}"]`);
  }
}
