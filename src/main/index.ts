// Electron composition root: window, media protocol, IPC -> services. Everything heavy lives in
// services and the engine; this file only wires them to Electron.
import { join } from 'node:path';
import { app, BrowserWindow, Menu } from 'electron';
import { ServiceHost } from './ipc/serviceHost';
import { workerThreadsStopped } from './engine/render/workerThreadStop';
import { createStudio } from './services/createStudio';
import { resolveDataDir } from './userData/dataDir';
import { ElectronDialogService } from './electron/electronDialogService';
import { hardenSession, hardenWindow } from './electron/hardenWindow';
import { bindIpc } from './electron/ipcBridge';
import { handleMediaProtocol, registerMediaScheme } from './electron/mediaProtocol';
import { buildApplicationMenu } from './electron/applicationMenu';
import { useElectronSqliteBinding } from './electron/sqliteBindingForElectron';

registerMediaScheme();
app.enableSandbox();

let mainWindow: BrowserWindow | null = null;

async function start(): Promise<void> {
  await app.whenReady();
  hardenSession();
  useElectronSqliteBinding(app.getAppPath());
  const studio = createStudio({
    mode: 'electron',
    dataDir: resolveDataDir(process.env, app.getPath('userData')),
    dialogs: new ElectronDialogService(() => mainWindow),
  });
  handleMediaProtocol(studio.session);
  const host = new ServiceHost(studio.services);

  mainWindow = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    title: 'Doppel Studio',
    backgroundColor: '#16181d',
    show: false,
    webPreferences: {
      preload: join(import.meta.dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  const devServerUrl = process.env.ELECTRON_RENDERER_URL;
  const rendererFile = join(import.meta.dirname, '../renderer/index.html');
  hardenWindow(mainWindow, (url) =>
    devServerUrl ? url.startsWith(devServerUrl) : url.startsWith('file://'),
  );
  const ipc = bindIpc(host, mainWindow.webContents);
  Menu.setApplicationMenu(buildApplicationMenu());
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  mainWindow.on('closed', () => {
    ipc.dispose();
    mainWindow = null;
  });
  if (devServerUrl) await mainWindow.loadURL(devServerUrl);
  else await mainWindow.loadFile(rendererFile);

  app.on('window-all-closed', () => {
    host.dispose();
    studio.dispose(); // closes the project and checkpoints its WAL
    // A model thread must not be mid-inference when the process exits (workerThreadStop.ts).
    void workerThreadsStopped().then(() => app.quit());
  });
}

start().catch((error: unknown) => {
  console.error(error);
  app.exit(1);
});
