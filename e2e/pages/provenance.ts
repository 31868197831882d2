import type { Locator, Page } from '@playwright/test';

/** The Provenance tab of the right-hand column: pick a file, inspect it, read the report. */
export class ProvenancePage {
  readonly tab: Locator;
  readonly root: Locator;
  readonly choose: Locator;
  readonly path: Locator;
  readonly inspectButton: Locator;
  readonly busy: Locator;
  readonly report: Locator;
  readonly c2pa: Locator;
  readonly c2paState: Locator;
  readonly watermark: Locator;
  readonly watermarkRenderId: Locator;
  readonly contentSafety: Locator;
  readonly caveat: Locator;
  readonly cues: Locator;

  constructor(readonly page: Page) {
    this.tab = page.getByTestId('side-tab-provenance');
    this.root = page.getByTestId('provenance-panel');
    this.choose = this.root.getByTestId('provenance-choose');
    this.path = this.root.getByTestId('provenance-path');
    this.inspectButton = this.root.getByTestId('provenance-inspect');
    this.busy = this.root.getByTestId('provenance-busy');
    this.report = this.root.getByTestId('inspection');
    this.c2pa = this.report.getByTestId('inspection-c2pa');
    this.c2paState = this.report.getByTestId('inspection-c2pa-state');
    this.watermark = this.report.getByTestId('inspection-watermark');
    this.watermarkRenderId = this.report.getByTestId('inspection-watermark-render-id');
    this.contentSafety = this.report.getByTestId('inspection-content-safety');
    this.caveat = this.report.getByTestId('inspection-caveat');
    this.cues = this.report.getByTestId('cue');
  }

  async open(): Promise<void> {
    await this.tab.click();
    await this.root.waitFor();
  }

  /** Inspects a path typed into the panel and waits for its report. */
  async inspectPath(path: string, timeout = 180_000): Promise<void> {
    await this.path.fill(path);
    await this.inspectButton.click();
    await this.page.locator(`[data-testid="inspection"][data-path="${path}"]`).waitFor({ timeout });
  }
}
