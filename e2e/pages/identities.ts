import type { Locator, Page } from '@playwright/test';

/** The Identities tab (faces and voices with their consent) and the consent prompt. */
export class IdentitiesPage {
  readonly tab: Locator;
  readonly root: Locator;
  readonly identities: Locator;
  readonly prompt: Locator;

  constructor(readonly page: Page) {
    this.tab = page.getByTestId('side-tab-identities');
    this.root = page.getByTestId('identities-panel');
    this.identities = this.root.getByTestId('identity');
    this.prompt = page.getByTestId('consent-prompt');
  }

  async open(): Promise<void> {
    await this.tab.click();
    await this.root.waitFor();
  }

  identity(name: string): Locator {
    return this.root.locator(`[data-testid="identity"][data-identity-name="${name}"]`);
  }

  /** Fills and submits a consent form inside `scope` (an identity card or the prompt). */
  async grant(scope: Locator, consent: { subject: string; scope: string; date: string }): Promise<void> {
    const form = scope.getByTestId('consent-form');
    await form.getByTestId('consent-subject').fill(consent.subject);
    await form.getByTestId('consent-scope').fill(consent.scope);
    await form.getByTestId('consent-date').fill(consent.date);
    await form.getByTestId('consent-submit').click();
  }
}
