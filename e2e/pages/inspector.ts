import type { Locator, Page } from '@playwright/test';

/** The inspector: the selected clip's properties and effects stack. */
export class InspectorPage {
  readonly root: Locator;
  readonly clipPanel: Locator;
  readonly effects: Locator;
  readonly effectKind: Locator;
  readonly addEffect: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('inspector');
    this.clipPanel = this.root.getByTestId('inspector-clip');
    this.effects = this.root.getByTestId('effect-item');
    this.effectKind = this.root.getByTestId('effect-kind');
    this.addEffect = this.root.getByTestId('effect-add');
  }
}
