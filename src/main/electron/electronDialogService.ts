// Native dialogs for the Electron host.
import { dialog, shell, type BrowserWindow } from 'electron';
import type { ServiceImplementation } from '../../shared/contracts/defineService';
import type { dialogService } from '../../shared/contracts/studioContract';

const mediaExtensions = [
  'mp4',
  'mov',
  'm4v',
  'mkv',
  'webm',
  'avi',
  'mpg',
  'mpeg',
  'wav',
  'mp3',
  'm4a',
  'aac',
  'flac',
  'ogg',
  'opus',
  'jpg',
  'jpeg',
  'png',
  'webp',
  'bmp',
  'tif',
  'tiff',
  'gif',
];

export class ElectronDialogService implements ServiceImplementation<typeof dialogService> {
  constructor(private readonly window: () => BrowserWindow | null) {}

  async showOpen({
    purpose,
    multiple,
  }: {
    purpose: 'project' | 'media' | 'folder' | 'model';
    multiple: boolean;
  }) {
    const win = this.window();
    const options: Electron.OpenDialogOptions = {
      properties: [
        purpose === 'folder' ? 'openDirectory' : 'openFile',
        ...(multiple ? (['multiSelections'] as const) : []),
      ],
      filters:
        purpose === 'project'
          ? [{ name: 'Doppel Studio projects', extensions: ['doppel'] }]
          : purpose === 'media'
            ? [{ name: 'Video, audio and images', extensions: mediaExtensions }]
            : purpose === 'model'
              ? [{ name: 'ONNX models', extensions: ['onnx'] }]
              : [],
    };
    const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
    return { supported: true, paths: result.canceled ? [] : result.filePaths };
  }

  async showSave({
    purpose,
    defaultPath,
  }: {
    purpose: 'project' | 'render';
    defaultPath?: string | undefined;
  }) {
    const win = this.window();
    const options: Electron.SaveDialogOptions = {
      ...(defaultPath ? { defaultPath } : {}),
      filters:
        purpose === 'project'
          ? [{ name: 'Doppel Studio projects', extensions: ['doppel'] }]
          : [{ name: 'Video', extensions: ['mp4', 'mov', 'webm'] }],
    };
    const result = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
    return { supported: true, path: result.canceled || !result.filePath ? null : result.filePath };
  }

  async revealInFolder({ path }: { path: string }) {
    shell.showItemInFolder(path);
    return { supported: true };
  }
}
