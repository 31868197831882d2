import { expect, type Locator, type Page } from '@playwright/test';

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

  /** The control of one param of an effect (a select, a number box, a checkbox...). */
  param(effect: Locator, name: string): Locator {
    return effect.getByTestId(`effect-param-${name}`);
  }

  /**
   * Picks an option of a param's list by its id-valued `value`, as a user picking the entry would,
   * and waits until the inspector shows the stored value (the edit went through the host).
   */
  async choose(effect: Locator, name: string, value: string): Promise<void> {
    const select = this.param(effect, name);
    await select.selectOption(value);
    await expect(select).toHaveValue(value);
  }
}
