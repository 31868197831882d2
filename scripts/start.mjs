// `npm start`: builds when the sources are newer than the build, then launches Electron where its
// runtime is installed — otherwise (or with --browser) starts browser mode on 127.0.0.1 and prints
// the URL with its access token.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const forceBrowser = args.includes('--browser');
const passThrough = args.filter((arg) => arg !== '--browser');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

function buildIfStale() {
  const marker = join(root, 'out', 'main', 'serve.js');
  const sources = Math.max(
    newestMtime(join(root, 'src')),
    statSync(join(root, 'electron.vite.config.ts')).mtimeMs,
  );
  if (existsSync(marker) && statSync(marker).mtimeMs >= sources) return;
  console.log('Building Doppel Studio (first start or changed sources)…');
  // electron-vite's package exports do not include its bin file, so use the installed path.
  const cli = join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
  const result = spawnSync(process.execPath, [cli, 'build'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

/** The electron npm module exports the binary's path, and throws when the binary was never downloaded. */
function electronBinary() {
  try {
    const path = require('electron');
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

function hasDisplay() {
  return process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
}

function run(command, commandArgs) {
  const child = spawn(command, commandArgs, { cwd: root, stdio: 'inherit' });
  const forward = (signal) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

buildIfStale();
const electron = forceBrowser ? null : electronBinary();
/** better-sqlite3 compiled for Electron's ABI (scripts/rebuild-sqlite-for-electron.mjs makes it once). */
function ensureElectronSqlite() {
  if (existsSync(join(root, 'native', 'electron', 'better_sqlite3.node'))) return true;
  const result = spawnSync(process.execPath, [join(root, 'scripts', 'rebuild-sqlite-for-electron.mjs')], {
    cwd: root,
    stdio: 'inherit',
  });
  return result.status === 0;
}

if (electron && hasDisplay() && ensureElectronSqlite()) {
  run(electron, [root, ...passThrough]);
} else {
  if (!forceBrowser) {
    const why = !electron
      ? 'the Electron runtime is not installed here'
      : !hasDisplay()
        ? 'no display is available'
        : 'better-sqlite3 could not be built for Electron';
    console.log(`Starting browser mode because ${why}.`);
  }
  run(process.execPath, [join(root, 'out', 'main', 'serve.js'), ...passThrough]);
}
