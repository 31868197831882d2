// better-sqlite3 must be compiled for Electron's ABI, which differs from Node's. `npm install`
// builds it for Node (so the CLI, browser mode and tests work, and offline installs never fail).
// A binary rebuilt for Electron is looked up here and handed to the store; without one, the
// Electron window reports how to make it instead of crashing on first use.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { setSqliteNativeBinding } from '../store/sqliteConnection';

export const ELECTRON_SQLITE_BINDING_RELATIVE = join('native', 'electron', 'better_sqlite3.node');

export function useElectronSqliteBinding(
  appRoot: string,
  env: NodeJS.ProcessEnv = process.env,
): string | null {
  const candidates = [env.DOPPEL_SQLITE_BINDING, join(appRoot, ELECTRON_SQLITE_BINDING_RELATIVE)].filter(
    (candidate): candidate is string => Boolean(candidate),
  );
  const found = candidates.find((candidate) => existsSync(candidate)) ?? null;
  setSqliteNativeBinding(found ?? undefined);
  return found;
}
