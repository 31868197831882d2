// dialogs.* for hosts without native dialogs (browser mode, CLI): they say so, and the renderer
// falls back to typed paths. The Electron host provides its own implementation.
import type { ServiceImplementation } from '../../shared/contracts/defineService';
import type { dialogService } from '../../shared/contracts/studioContract';

export class UnsupportedDialogService implements ServiceImplementation<typeof dialogService> {
  async showOpen() {
    return { supported: false, paths: [] };
  }

  async showSave() {
    return { supported: false, path: null };
  }

  async revealInFolder() {
    return { supported: false };
  }
}
