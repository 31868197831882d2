// Where user data lives (converted models, installed packs, keys, recent projects): the platform's
// app-data folder, or DOPPEL_HOME when set so tests and CI stay isolated.
import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const APP_FOLDER_NAME = 'Doppel Studio';

export function platformDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (platform === 'win32')
    return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), APP_FOLDER_NAME);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', APP_FOLDER_NAME);
  return join(env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'doppel-studio');
}

/** DOPPEL_HOME wins; else `fallback` (Electron passes app.getPath('userData')); else the platform folder. */
export function resolveDataDir(env: NodeJS.ProcessEnv = process.env, fallback?: string): string {
  const dir =
    env.DOPPEL_HOME && env.DOPPEL_HOME.trim() !== '' ? env.DOPPEL_HOME : (fallback ?? platformDataDir(env));
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Default folder for new projects: the user's Documents, else the home folder. */
export function defaultProjectsDir(): string {
  return join(homedir(), 'Documents', APP_FOLDER_NAME);
}
