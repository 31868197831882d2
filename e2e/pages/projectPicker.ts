import type { Locator, Page } from '@playwright/test';

/** The start screen: new project, open project, recent projects. */
export class ProjectPickerPage {
  readonly root: Locator;
  readonly newName: Locator;
  readonly newPath: Locator;
  readonly createButton: Locator;
  readonly newError: Locator;
  readonly openPath: Locator;
  readonly openButton: Locator;
  readonly openError: Locator;
  readonly recentProjects: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('project-picker');
    this.newName = this.root.getByTestId('new-project-name');
    this.newPath = this.root.getByTestId('new-project-path');
    this.createButton = this.root.getByTestId('create-project');
    this.newError = this.root.getByTestId('new-project-error');
    this.openPath = this.root.getByTestId('open-project-path');
    this.openButton = this.root.getByTestId('open-project');
    this.openError = this.root.getByTestId('open-project-error');
    this.recentProjects = this.root.getByTestId('recent-project');
  }

  /** Shows the picker, closing the open project first if the editor is up. */
  async show(): Promise<void> {
    const close = this.page.getByTestId('close-project');
    await this.page.getByTestId('project-picker').or(close).first().waitFor();
    if (await close.isVisible()) await close.click();
    await this.root.waitFor();
  }

  async createProject(name: string, path: string): Promise<void> {
    await this.newName.fill(name);
    await this.newPath.fill(path);
    await this.createButton.click();
  }

  async openProject(path: string): Promise<void> {
    await this.openPath.fill(path);
    await this.openButton.click();
  }

  recentProject(path: string): Locator {
    return this.root.locator(`[data-testid="recent-project"][data-path="${path}"]`);
  }
}
